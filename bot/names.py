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

# --- topics (answers from data/knowledge/topics.yml) ---
UTTER_TOPIC_ANSWER = "utter_topic_answer"
UTTER_TOPIC_CHANGED = "utter_topic_changed"
