from __future__ import annotations

from pathlib import Path

import pytest

from bot.places import Places, answer
from bot.places.answer import (
    answer_place,
    centre_info,
    centre_lines,
    district_info,
    look_up_after,
)


def responses(place: answer.PlaceAnswer) -> list[str]:
    return [r.response or f"topic:{r.topic}" for r in place.replies]


def test_centre_and_district_info():
    salten = centre_info("1804")
    assert salten.names == "Krisesenteret i Salten" and salten.phones == ""
    assert centre_lines("1804") == ("- Krisesenteret i Salten",)
    assert centre_lines(None) == () and centre_lines("skipped") == ()
    assert centre_lines("9999") == ()
    district = district_info("3403")
    assert district.district == "Innlandet politidistrikt"
    assert "Aftenposten" in district.sources


def test_no_active_centre_offers_the_national_line():
    assert centre_lines("5610") == ("- Vold- og overgrepslinjen: 116 006",)  # Karasjok


@pytest.mark.parametrize(
    ("topic", "text", "service"),
    [
        ("crisis_centre_open", "Er krisesenteret i Stavanger åpent om natta?", "centre"),
        ("police_numbers", "Hvilket nummer har politiet i Bodø?", "district"),
        ("crisis_centre_open", "Er krisesenteret åpent om natta?", None),
        ("children", "Hva med barna i Stavanger?", None),
    ],
)
def test_a_look_up_follows_some_topics_when_a_place_is_named(
    topic: str, text: str, service: str | None
):
    assert look_up_after(topic, text) == service


def test_a_found_place_is_answered_and_remembered():
    place = answer_place("both", "Hvilket krisesenter hører Mo i Rana til?", remembered=None)
    assert responses(place) == [
        "utter_place_town",
        "utter_centre_no_phone",
        "topic:crisis_centre",
        "topic:crisis_centre_promise",
        "utter_district",
        "topic:family_violence_coordinator",
    ]
    assert place.replies[0].values == {"alias": "Mo i Rana", "municipality": "Rana"}
    assert [r.followups for r in place.replies if r.topic] == [False, True, False]
    assert place.slots == {"municipality": "1833", "place_question": None}
    former = answer_place("centre", "kva krisesenter høyrer Førde til", remembered=None)
    assert responses(former) == ["utter_place_former", "utter_centre_unknown"]
    assert former.replies[1].values["vo_number"] == "116 006"


def test_without_a_place_the_general_answer_comes_and_the_place_is_asked_for():
    place = answer_place("centre", "hvilket krisesenter hører vi til", remembered=None)
    assert responses(place) == ["topic:crisis_centre_promise", "utter_ask_place"]
    assert place.slots == {"place_question": "centre"}
    remembered = answer_place("district", "og politidistriktet?", remembered="3403")
    assert responses(remembered) == ["utter_district", "topic:family_violence_coordinator"]


def test_unknown_and_ambiguous_places_are_asked_about():
    unknown = answer_place("centre", "Hvilket krisesenter hører Atlantis til?", remembered="3403")
    assert responses(unknown) == ["utter_place_unknown_no_match"]
    assert unknown.slots == {"place_question": "centre"}
    ambiguous = answer_place("district", "Herøy", remembered=None)
    assert responses(ambiguous) == ["utter_place_ambiguous"]
    assert [b.title for b in ambiguous.replies[0].buttons] == [
        "Herøy (Møre og Romsdal)",
        "Herøy (Nordland)",
    ]


def test_local_contacts_are_shown_with_their_source(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    (data_copy / "local" / "ours.yml").write_text(
        "owner: Sømna kommune\nreviewed: 2026-01-02\n"
        "contacts:\n  - municipality: '1812'\n    service: Voldskoordinator\n"
        "    phone: '412 00 000'\n    hours: hverdager\n    source: intern rutine\n",
        "utf8",
    )
    local = Places(data_copy)
    monkeypatch.setattr(answer, "places", lambda: local)
    place = answer_place("district", "politiet i Sømna", remembered=None)
    assert responses(place)[-1] == "utter_local_contacts"
    assert place.replies[-1].values == {
        "municipality": "Sømna",
        "contacts": "- Voldskoordinator: 412 00 000 (hverdager)",
        "sources": "Sømna kommune: intern rutine (2026-01-02)",
    }
    elsewhere = answer_place("district", "politiet i Bodø", remembered=None)
    assert "utter_local_contacts" not in responses(elsewhere)
