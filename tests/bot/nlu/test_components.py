from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import AcuteDangerBackstop, NoWordsGuard
from bot.text import has_words

CONTEXT = ExecutionContext(GraphSchema({}), "test")


def classified(text: str, intent: str, confidence: float = 0.9) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


def make(component: type, tmp_path):
    return component.create({}, LocalModelStorage(tmp_path), Resource("x"), CONTEXT)


@pytest.mark.parametrize("wrong", ["ask_crisis_centre", "nlu_fallback", "greet"])
def test_backstop_overrides_any_intent_when_danger_is_written(tmp_path, wrong: str):
    message = classified("han truer henne med kniv nå", wrong, 0.3)
    make(AcuteDangerBackstop, tmp_path).process([message])
    assert message.get("intent") == {"name": "acute_danger", "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "acute_danger"
    assert ranking[1]["name"] == wrong
    assert message.get("danger_signals") == ["weapon"]


def test_backstop_leaves_ordinary_messages_alone(tmp_path):
    message = classified("hvordan får man voldsalarm", "ask_measure", 0.8)
    make(AcuteDangerBackstop, tmp_path).process([message])
    assert message.get("intent")["name"] == "ask_measure"


@pytest.mark.parametrize("text", ["🙂🙂", "???", "...", "👍"])
def test_messages_without_words_become_fallback(tmp_path, text: str):
    message = classified(text, "goodbye")
    make(NoWordsGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", ["hei 🙂", "112", "/greet"])
def test_messages_with_words_or_payloads_pass(tmp_path, text: str):
    message = classified(text, "greet")
    make(NoWordsGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == "greet"


def test_has_words():
    assert has_words("æøå")
    assert not has_words("🙂 !")
    assert not has_words(None)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hvilket krisesenter hører Overhalla til?", "ask_local_crisis_centre"),
        ("politiet i Overhalla", "ask_police_district"),
        ("krisesenter og politi i Overhalla", "ask_local_help"),
    ],
)
def test_small_talk_naming_a_place_and_a_service_becomes_a_look_up(
    tmp_path, text: str, intent: str
):
    from bot.nlu.components import PlaceQuestionGuard

    message = classified(text, "greet")
    make(PlaceQuestionGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [("halla", "greet"), ("Hvilket krisesenter hører Bergen til?", "ask_crisis_centre")],
)
def test_other_messages_keep_their_intent(tmp_path, text: str, intent: str):
    from bot.nlu.components import PlaceQuestionGuard

    message = classified(text, intent)
    make(PlaceQuestionGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Hva med barna? De er 4 og 7 år", {"children"}),
        ("Kan jeg ringe politiet likevel?", {"despite"}),
        ("kan du gjøre journalnotatet kortere", {"brief"}),
        ("nei, ingen barn i hjemmet", set()),
        ("hva er et krisesenter", set()),
        ("/ask_children", set()),
    ],
)
def test_context_cues_are_entities_unless_denied(tmp_path, text: str, kinds: set[str]):
    from bot.nlu.components import ContextCueExtractor

    (message,) = make(ContextCueExtractor, tmp_path).process([Message(data={"text": text})])
    entities = message.get("entities") or []
    assert {e["entity"] for e in entities} == kinds
    # Rasa's own evaluation (rasa test nlu) needs every entity's position.
    assert all(0 <= e["start"] < e["end"] <= len(text) for e in entities)


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("krisesenter for folk i lillehammer?", "inform_place", "ask_local_crisis_centre"),
        ("hvilket politidistrikt hører harstad til", "ask_local_help", "ask_police_district"),
        ("krisesenter og politi i Bodø", "ask_local_crisis_centre", "ask_local_help"),
    ],
)
def test_among_look_ups_the_service_named_decides(tmp_path, text: str, wrong: str, right: str):
    from bot.nlu.components import PlaceQuestionGuard

    message = classified(text, wrong)
    make(PlaceQuestionGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == right


def test_a_look_up_naming_no_service_keeps_its_intent(tmp_path):
    from bot.nlu.components import PlaceQuestionGuard

    message = classified("hun bor i Tromsø", "inform_place")
    make(PlaceQuestionGuard, tmp_path).process([message])
    assert message.get("intent")["name"] == "inform_place"


def test_an_alarm_on_denied_or_past_danger_is_undone(tmp_path):
    message = classified("ingen er i fare nå", "acute_danger", 0.7)
    message.set(
        "intent_ranking",
        [
            {"name": "acute_danger", "confidence": 0.7},
            {"name": "ask_safe_place", "confidence": 0.2},
        ],
    )
    make(AcuteDangerBackstop, tmp_path).process([message])
    assert message.get("intent")["name"] == "ask_safe_place"


def test_an_alarm_on_a_supposed_danger_is_kept(tmp_path):
    message = classified("hva gjør jeg hvis han kommer tilbake med kniv?", "acute_danger", 0.7)
    make(AcuteDangerBackstop, tmp_path).process([message])
    assert message.get("intent")["name"] == "acute_danger"
