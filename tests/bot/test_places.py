from __future__ import annotations

import pytest

from bot.places import (
    PLACE_MARK,
    centre_info,
    centre_lines,
    district_info,
    mark_places,
    place_question_in,
    unknown_name,
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


def test_centre_and_district_info():
    salten = centre_info("1804")
    assert salten.names == "Krisesenteret i Salten" and salten.phones == ""
    assert centre_lines("1804") == ("- Krisesenteret i Salten",)
    assert centre_lines(None) == () and centre_lines("skipped") == ()
    assert centre_lines("9999") == ()
    district = district_info("3403")
    assert district.district == "Innlandet politidistrikt"
    assert "Aftenposten" in district.sources


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
