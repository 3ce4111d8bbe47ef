from __future__ import annotations

from rasa_sdk.events import SlotSet, UserUtteranceReverted

from actions.fallback import ActionClarify
from bot.knowledge import knowledge
from tests.conftest import make_tracker

NYNORSK_TITLES = {topic.title.nn for topic in knowledge().topics.values()}

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.45},
    {"name": "ask_crisis_centre", "confidence": 0.3},
    {"name": "ask_safe_place", "confidence": 0.2},
]


def unclear(text: str, **kwargs):
    tracker = make_tracker(text=text, intent="nlu_fallback", **kwargs)
    tracker.latest_message["intent_ranking"] = RANKING
    return tracker


async def test_unclear_question_offers_the_likeliest_topics(dispatcher, domain):
    events = await ActionClarify().run(dispatcher, unclear("krisesenter natt hjelp?"), domain)
    assert events == [UserUtteranceReverted()]
    (message,) = dispatcher.messages
    assert message["response"] == "utter_clarify"
    assert [b["payload"] for b in message["buttons"]] == ["/ask_crisis_centre", "/ask_safe_place"]


async def test_a_situation_gets_the_first_steps_and_an_offer_never_a_bare_fallback(
    dispatcher, domain
):
    await ActionClarify().run(dispatcher, unclear("han slo henne igjen"), domain)
    reminder, steps, choices = dispatcher.messages
    assert reminder["response"] == "utter_danger_reminder"
    assert reminder["police_emergency"] == "112"
    assert steps["response"] == "utter_situation_steps"
    assert choices["response"] == "utter_situation_topics" and choices["buttons"]
    assert "utter_clarify" not in [m["response"] for m in dispatcher.messages]


async def test_nothing_to_offer_gives_the_default_answer(dispatcher, domain):
    tracker = make_tracker(text="blabla", intent="nlu_fallback")
    await ActionClarify().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


async def test_aspect_follow_up_about_the_last_measure_is_answered(dispatcher, domain):
    tracker = unclear("hva er kravet?", slots={"measure": "visiting_ban"})
    assert await ActionClarify().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["body"].startswith("- Vilkår:")


async def test_a_nynorsk_unclear_question_gets_nynorsk_choices_and_keeps_the_standard(
    dispatcher, domain
):
    tracker = unclear("krisesenter natt hjelp?", slots={"written_standard": "nn"})
    events = await ActionClarify().run(dispatcher, tracker, domain)
    assert events == [UserUtteranceReverted(), SlotSet("written_standard", "nn")]
    (message,) = dispatcher.messages
    # The topic buttons' titles are the Nynorsk ones ("Kva er eit krisesenter?" …).
    titles = [b["title"] for b in message["buttons"]]
    assert titles and all(t in NYNORSK_TITLES for t in titles)
