"""Names of intents, slots, responses and actions used from Python.

Contract-tested against domain.yml (tests/test_consistency.py), so a rename
in one place cannot silently break the other.
"""

# --- basics ---
ACTION_GREET = "action_greet"
UTTER_GREET = "utter_greet"

# --- written standard (Bokmål "nb" or Nynorsk "nn", bot/nlu/written_standard.py) ---
SLOT_WRITTEN_STANDARD = "written_standard"
# The standard the user asked for outright ("svar på bokmål", the widget's setting):
# kept even when they go on writing the other one.
SLOT_WRITTEN_STANDARD_ASKED = "written_standard_asked"
# Message metadata the channels add with that choice, for the NLU to keep to it.
METADATA_WRITTEN_STANDARD_ASKED = "written_standard_asked"
ENTITY_WRITTEN_STANDARD = "written_standard"
INTENT_CHOOSE_WRITTEN_STANDARD = "choose_written_standard"
UTTER_WRITTEN_STANDARD_CHOSEN = "utter_written_standard_chosen"

# --- acute danger ---
INTENT_ACUTE_DANGER = "acute_danger"
ACTION_ACUTE_DANGER = "action_acute_danger"
TOPIC_ACUTE_DANGER = "acute_danger"
TOPIC_DUTY_TO_NOTIFY = "duty_to_notify"
# Parse-data key the danger backstop sets when its patterns matched.
DANGER_SIGNALS = "danger_signals"

# --- topics (answers from data/knowledge/topics.yml) ---
ACTION_ANSWER_TOPIC = "action_answer_topic"
UTTER_TOPIC_ANSWER = "utter_topic_answer"
UTTER_CHANGED = "utter_changed_since_guide"
TOPIC_INTENT_PREFIX = "ask_"

# --- measures (cards from data/knowledge/measures.yml) ---
INTENT_ASK_MEASURE = "ask_measure"
ENTITY_MEASURE = "measure"
SLOT_MEASURE = "measure"
ACTION_ANSWER_MEASURE = "action_answer_measure"
UTTER_MEASURE_CARD = "utter_measure_card"
UTTER_ASK_WHICH_MEASURE = "utter_ask_which_measure"

# --- fallback ---
ACTION_CLARIFY = "action_clarify"
UTTER_CLARIFY = "utter_clarify"
UTTER_DANGER_REMINDER = "utter_danger_reminder"
UTTER_DEFAULT = "utter_default"
UTTER_SITUATION_STEPS = "utter_situation_steps"
UTTER_SITUATION_TOPICS = "utter_situation_topics"

# --- consultation ---
ACTION_START_CONSULTATION = "action_start_consultation"
VALIDATE_CONSULTATION_FORM = "validate_consultation_form"
ACTION_FINISH_CONSULTATION = "action_finish_consultation"
SLOT_CONSULTATION_FAILURES = "consultation_failures"
SLOT_CONSULTATION_CANCELLED = "consultation_cancelled"
UTTER_CONSULTATION_INTRO = "utter_consultation_intro"
UTTER_CONSULTATION_NOTE = "utter_consultation_note"
UTTER_ASK_WHICH_CORRECTION = "utter_ask_which_correction"
UTTER_PROPOSAL = "utter_proposal"
UTTER_CONSULTATION_SUMMARY = "utter_consultation_summary"
UTTER_CONSULTATION_CANCELLED = "utter_consultation_cancelled"

# --- conversation context (bot.nlu.components.ContextCueExtractor) ---
ENTITY_CHILDREN = "children"
ENTITY_DESPITE = "despite"
ENTITY_BRIEF = "brief"
SLOT_LAST_TOPIC = "last_topic"
TOPIC_CHILDREN = "children"
INTENT_ASK_JOURNAL_NOTE = "ask_journal_note"
ACTION_JOURNAL_NOTE = "action_journal_note"
UTTER_NO_JOURNAL_NOTE = "utter_no_journal_note"

# --- places (look-ups by municipality) ---
INTENT_ASK_LOCAL_CENTRE = "ask_local_crisis_centre"
INTENT_ASK_POLICE_DISTRICT = "ask_police_district"
INTENT_ASK_LOCAL_HELP = "ask_local_help"
INTENT_INFORM_PLACE = "inform_place"
SLOT_MUNICIPALITY = "municipality"
SLOT_PLACE_QUESTION = "place_question"
ACTION_LOOKUP_PLACE = "action_lookup_place"
UTTER_ASK_PLACE = "utter_ask_place"
UTTER_PLACE_AMBIGUOUS = "utter_place_ambiguous"
UTTER_PLACE_UNKNOWN = "utter_place_unknown"
UTTER_PLACE_UNKNOWN_NO_MATCH = "utter_place_unknown_no_match"
UTTER_PLACE_FORMER = "utter_place_former"
UTTER_PLACE_TOWN = "utter_place_town"
UTTER_CENTRE_FOUND = "utter_centre_found"
UTTER_CENTRE_NO_PHONE = "utter_centre_no_phone"
UTTER_CENTRE_UNKNOWN = "utter_centre_unknown"
UTTER_DISTRICT = "utter_district"
UTTER_LOCAL_CONTACTS = "utter_local_contacts"

# --- practice ---
INTENT_START_PRACTICE = "start_practice"
INTENT_STOP_PRACTICE = "stop_practice"
SLOT_PRACTICE_SCENARIO = "practice_scenario"
SLOT_PRACTICE_TURN = "practice_turn"
SLOT_PRACTICE_STATE = "practice_state"
VALIDATE_PRACTICE_FORM = "validate_practice_form"
ACTION_ASK_PRACTICE_SCENARIO = "action_ask_practice_scenario"
ACTION_ASK_PRACTICE_TURN = "action_ask_practice_turn"
ACTION_PRACTICE_DEBRIEF = "action_practice_debrief"
UTTER_PRACTICE_CHOOSE = "utter_practice_choose"
UTTER_PRACTICE_SCENE = "utter_practice_scene"
UTTER_PATIENT = "utter_patient"
UTTER_PRACTICE_GOOD = "utter_practice_good"
UTTER_PRACTICE_TIP = "utter_practice_tip"
UTTER_PRACTICE_SAFETY_NOTE = "utter_practice_safety_note"
UTTER_PRACTICE_SCORE = "utter_practice_score"
UTTER_PRACTICE_TABLE = "utter_practice_table"
UTTER_PRACTICE_WENT_WELL = "utter_practice_went_well"
UTTER_PRACTICE_IMPROVE = "utter_practice_improve"
UTTER_PRACTICE_REFERENCES = "utter_practice_references"
UTTER_PRACTICE_STOPPED = "utter_practice_stopped"
