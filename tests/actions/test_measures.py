from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.measures import ActionAnswerMeasure
from tests.conftest import make_tracker

ALARM = [{"entity": "measure", "value": "violence_alarm"}]


async def test_named_measure_gets_its_card_and_is_remembered(dispatcher, domain):
    tracker = make_tracker(text="Hvordan får man voldsalarm?", intent="ask_measure", entities=ALARM)
    events = await ActionAnswerMeasure().run(dispatcher, tracker, domain)
    assert events == [SlotSet("measure", "violence_alarm")]
    card = dispatcher.messages[0]
    assert card["response"] == "utter_measure_card"
    assert card["name"] == "Mobil voldsalarm"
    assert card["body"].startswith("- Slik ber dere om det:")


async def test_follow_up_uses_the_remembered_measure(dispatcher, domain):
    tracker = make_tracker(
        text="Hvem bestemmer det?", intent="ask_measure", slots={"measure": "reverse_alarm"}
    )
    await ActionAnswerMeasure().run(dispatcher, tracker, domain)
    card = dispatcher.messages[0]
    assert card["body"].startswith("- Hvem bestemmer: En domstol")
    assert "påtalemyndigheten" in dispatcher.messages[1]["changed"]


async def test_without_any_measure_the_user_is_asked_which(dispatcher, domain):
    tracker = make_tracker(text="hvor lenge varer den?", intent="ask_measure")
    assert await ActionAnswerMeasure().run(dispatcher, tracker, domain) == []
    message = dispatcher.messages[0]
    assert message["response"] == "utter_ask_which_measure"
    assert len(message["buttons"]) == 8


async def test_measure_question_about_a_topic_answers_the_topic(dispatcher, domain):
    tracker = make_tracker(text="Hva kreves for å få bo på krisesenteret?", intent="ask_measure")
    tracker.latest_message["intent_ranking"] = [
        {"name": "ask_measure", "confidence": 0.5},
        {"name": "ask_crisis_centre_who", "confidence": 0.4},
    ]
    await ActionAnswerMeasure().run(dispatcher, tracker, domain)
    assert "kvinner og menn" in dispatcher.messages[0]["answer"].lower()
