"""Names of intents, slots, responses and actions used from Python.

Contract-tested against domain.yml (tests/test_consistency.py), so a rename
in one place cannot silently break the other.
"""

# --- basics ---
ACTION_GREET = "action_greet"
UTTER_GREET = "utter_greet"

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
