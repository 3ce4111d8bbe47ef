from __future__ import annotations

import pytest

from bot.dialogue import (
    clarify_buttons,
    measure_to_answer,
    topic_behind_alarm,
    topic_for_intent,
    topic_in_context,
    topic_instead_of_measure,
)
from bot.knowledge import knowledge


@pytest.mark.parametrize(
    ("intent", "topic"),
    [("ask_safe_place", "safe_place"), ("ask_nonsense", None), ("greet", None), (None, None)],
)
def test_topic_for_intent(intent, topic):
    assert topic_for_intent(knowledge(), intent) == topic


def test_measure_named_now_wins_over_the_remembered_one():
    entities = [{"entity": "measure", "value": "visiting_ban"}]
    assert measure_to_answer(knowledge(), entities, "violence_alarm") == "visiting_ban"
    assert measure_to_answer(knowledge(), [], "violence_alarm") == "violence_alarm"
    assert measure_to_answer(knowledge(), [], None) is None
    assert measure_to_answer(knowledge(), [], "unknown") is None


def test_clarify_offers_the_likeliest_topics_in_order():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_crisis_centre", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_safe_place", "confidence": 0.2},
        {"name": "ask_measure", "confidence": 0.1},
        {"name": "ask_children", "confidence": 0.1},
    ]
    buttons = clarify_buttons(knowledge(), ranking, [])
    assert [b.payload for b in buttons] == [
        "/ask_crisis_centre",
        "/ask_safe_place",
        "/ask_police_measures",
    ]


def test_clarify_offers_the_named_measure_and_skips_unlikely_intents():
    ranking = [
        {"name": "ask_measure", "confidence": 0.3},
        {"name": "ask_children", "confidence": 0.01},
    ]
    entities = [{"entity": "measure", "value": "address_block"}]
    buttons = clarify_buttons(knowledge(), ranking, entities)
    assert [b.title for b in buttons] == ["Adressesperre"]


def test_a_classifier_only_alarm_also_answers_the_likely_question():
    ranking = [
        {"name": "acute_danger", "confidence": 0.6},
        {"name": "ask_when_measures", "confidence": 0.3},
    ]
    assert topic_behind_alarm(knowledge(), ranking, backstop_matched=False) == "when_measures"
    assert topic_behind_alarm(knowledge(), ranking, backstop_matched=True) is None
    weak = [
        {"name": "acute_danger", "confidence": 0.95},
        {"name": "ask_children", "confidence": 0.02},
    ]
    assert topic_behind_alarm(knowledge(), weak, backstop_matched=False) is None


def test_a_measure_question_without_a_measure_may_be_a_topic():
    ranking = [
        {"name": "ask_measure", "confidence": 0.5},
        {"name": "ask_crisis_centre_who", "confidence": 0.3},
    ]
    assert topic_instead_of_measure(knowledge(), ranking) == "crisis_centre_who"
    ranking[1]["confidence"] = 0.05
    assert topic_instead_of_measure(knowledge(), ranking) is None


DESPITE = [{"entity": "despite", "value": "present"}]
CHILDREN = [{"entity": "children", "value": "present"}]


@pytest.mark.parametrize(
    ("last_topic", "consent"), [("respect_wishes", None), ("confidentiality", None), (None, "no")]
)
def test_likevel_after_a_refusal_is_about_the_duty_rules(last_topic, consent):
    topics = topic_in_context("police_numbers", DESPITE, last_topic=last_topic, consent=consent)
    assert topics == ("duty_to_notify",)


def test_likevel_without_a_refusal_changes_nothing():
    assert topic_in_context(
        "police_numbers", DESPITE, last_topic="crisis_centre", consent=None
    ) == ("police_numbers",)
    assert topic_in_context(
        "confidentiality", DESPITE, last_topic="respect_wishes", consent=None
    ) == ("confidentiality",)


def test_children_mentioned_in_any_topic_bring_the_children_answer_after_it():
    assert topic_in_context("confidentiality", CHILDREN, last_topic=None, consent=None) == (
        "confidentiality",
        "children",
    )
    assert topic_in_context("children", CHILDREN, last_topic=None, consent=None) == ("children",)
