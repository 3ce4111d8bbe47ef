from __future__ import annotations

import pytest

from bot.places.message import (
    PLACE_MARK,
    mark_places,
    place_question_in,
    service_asked,
    unknown_name,
    wanted,
)

LOOKUP_RANKING = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "ask_crisis_centre", "confidence": 0.29},
    {"name": "ask_local_crisis_centre", "confidence": 0.25},
]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hvilket krisesenter hører Atlantis til?", "Atlantis"),
        ("atlantis", "atlantis"),
        ("og politidistriktet?", None),
        ("hvilket krisesenter hører vi til", None),
        ("hvem i politiet tar seg av familievold her?", None),
    ],
)
def test_unknown_place_names_are_picked_out(text: str, name: str | None):
    assert unknown_name(text) == name


def test_a_clearly_named_place_is_not_unclear():
    assert place_question_in("krisesenter i Stavanger", LOOKUP_RANKING, None) == "centre"
    assert place_question_in("Bodø", [], "district") == "district"
    assert place_question_in("Bodø", [], None) == "both"
    assert place_question_in("hva er et krisesenter", LOOKUP_RANKING, None) is None
    assert place_question_in("Herøy", [], "centre") is None, "ambiguous names are asked about"


@pytest.mark.parametrize(
    ("intent", "text", "want"),
    [
        ("ask_local_crisis_centre", "krisesenter i Bodø", "centre"),
        ("ask_police_district", "politiet i Bodø", "district"),
        ("ask_local_crisis_centre", "krisesenter og politi i Bodø", "both"),
        ("inform_place", "Bodø", None),
        (None, "hei", None),
    ],
)
def test_what_a_look_up_asks_for(intent: str | None, text: str, want: str | None):
    assert wanted(intent, text) == want


def test_the_service_a_message_names():
    assert service_asked("Hvilket krisesenter hører Bodø til?") == "centre"
    assert service_asked("politidistrikt for Bodø") == "district"
    assert service_asked("hei") is None


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("hvor kan hun få hjelp i Stavanger", "hvor kan hun få hjelp i xq       "),
        ("Surnadal", "xq      "),
        ("alta", "xq  "),
        ("Mo i Rana", "xq       "),
        ("Steinkjer kommune", "xq        kommune"),
        ("Hvilket krisesenter hører Bodø til?", "Hvilket krisesenter hører xq   til?"),
        ("hun bor på Ås", "hun bor på xq"),
    ],
)
def test_a_named_municipality_becomes_the_marker_for_the_nlu(text: str, marked: str):
    assert mark_places(text) == marked
    assert len(mark_places(text)) == len(text)  # token offsets stay valid
    assert PLACE_MARK in marked


@pytest.mark.parametrize(
    "text",
    [
        "Ha det",  # Hå
        "hun vil ikke ha hjelp",
        "hun kan bo hos søsteren",  # Bø
        "jeg er redd for henne",
        "vold i nære relasjoner",  # Volda
        "Hva er voldsalarm?",
    ],
)
def test_ordinary_words_that_look_like_places_are_left_alone(text: str):
    assert mark_places(text) == text
