from __future__ import annotations

from actions.acute import ActionAcuteDanger
from tests.conftest import make_tracker


async def test_after_the_emergency_response_comes_the_duty_to_notify(dispatcher, domain):
    tracker = make_tracker(text="han truer henne med kniv nå", intent="acute_danger")
    events = await ActionAcuteDanger().run(dispatcher, tracker, domain)
    assert events == []
    [duty] = dispatcher.messages  # 112 itself is utter_acute_danger, sent by the Rasa server
    assert "112" not in duty["answer"].split("\n")[0]
    assert "helsepersonelloven § 31" in duty["answer"]
    assert "straffeloven § 196" in duty["answer"]


async def test_a_classifier_only_alarm_also_answers_the_question(dispatcher, domain):
    tracker = make_tracker(text="er det fare for at det skjer igjen?", intent="acute_danger")
    tracker.latest_message["intent_ranking"] = [
        {"name": "acute_danger", "confidence": 0.55},
        {"name": "ask_when_measures", "confidence": 0.4},
    ]
    await ActionAcuteDanger().run(dispatcher, tracker, domain)
    texts = [m["answer"] for m in dispatcher.messages]
    assert "helsepersonelloven § 31" in texts[0]
    assert "gjentatt vold" in texts[1]


async def test_a_backstop_alarm_answers_only_the_danger(dispatcher, domain):
    tracker = make_tracker(text="han har kniv", intent="acute_danger")
    tracker.latest_message["danger_signals"] = ["weapon"]
    tracker.latest_message["intent_ranking"] = [
        {"name": "acute_danger", "confidence": 1.0},
        {"name": "ask_when_measures", "confidence": 0.4},
    ]
    await ActionAcuteDanger().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 1
