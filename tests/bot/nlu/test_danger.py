"""The acute-danger backstop: what it catches, and its false alarms on ordinary text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu import danger

SENTENCES = yaml.safe_load(Path(__file__).with_name("danger_sentences.yml").read_text("utf8"))


@pytest.mark.parametrize("text", SENTENCES["danger"])
def test_danger_is_caught(text: str):
    assert danger.detect(text), f"not caught: {text!r}"


@pytest.mark.parametrize("text", SENTENCES["ordinary"])
def test_ordinary_sentences_raise_no_alarm(text: str):
    assert danger.detect(text) == [], f"false alarm on {text!r}"


def test_false_alarm_rate_on_the_ordinary_set_is_zero():
    alarms = [text for text in SENTENCES["ordinary"] if danger.detect(text)]
    assert len(SENTENCES["ordinary"]) >= 50
    assert alarms == []


def test_harmless_phrase_does_not_hide_real_danger_in_the_same_message():
    text = "han dreper tiden med TV, men har truet med å drepe henne"
    assert "threat_to_kill" in danger.detect(text)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_empty_input_is_not_danger(text: str | None):
    assert danger.detect(text) == []
