from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.topics import ActionAnswerTopic
from tests.conftest import make_tracker


async def test_topic_intent_is_answered_with_sources_and_followups(dispatcher, domain):
    tracker = make_tracker(text="Hvor kan en voldsutsatt bo trygt?", intent="ask_safe_place")
    assert await ActionAnswerTopic().run(dispatcher, tracker, domain) == [
        SlotSet("last_topic", "safe_place")
    ]
    message = dispatcher.messages[0]
    assert message["response"] == "utter_topic_answer"
    assert "krisesenter" in message["answer"]
    assert message["sources"].startswith("NKVTS")
    assert {b["payload"] for b in message["buttons"]} >= {"/ask_crisis_centre"}


async def test_changed_law_is_a_second_message_carrying_the_buttons(dispatcher, domain):
    tracker = make_tracker(text="Hvem kan få bo på krisesenteret?", intent="ask_crisis_centre_who")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    first, second = dispatcher.messages
    assert first["buttons"] == []
    assert second["response"] == "utter_changed_since_guide"
    assert "2026" in second["changed"]
    assert second["buttons"]


async def test_unknown_intent_gets_the_default_answer(dispatcher, domain):
    await ActionAnswerTopic().run(dispatcher, make_tracker(text="x", intent="greet"), domain)
    assert dispatcher.messages[0]["response"] == "utter_default"


async def test_likevel_after_a_refusal_answers_the_duty_rules(dispatcher, domain):
    tracker = make_tracker(
        text="Kan jeg ringe politiet likevel?",
        intent="ask_police_numbers",
        entities=[{"entity": "despite", "value": "present"}],
        slots={"last_topic": "respect_wishes"},
    )
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert "§ 31" in dispatcher.messages[0]["answer"]
    assert SlotSet("last_topic", "duty_to_notify") in events


async def test_children_mentioned_bring_section_33_and_the_helpline(dispatcher, domain):
    tracker = make_tracker(
        text="Hva med barna? De er 4 og 7 år",
        intent="ask_confidentiality",
        entities=[{"entity": "children", "value": "present"}],
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    said = " ".join(m.get("answer", "") for m in dispatcher.messages)
    assert "§ 33" in said and "116 111" in said
