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
