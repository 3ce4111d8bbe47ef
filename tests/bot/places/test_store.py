"""The place data's queries: only verified numbers ever reach a user; local files override."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.store import KNOWLEDGE_DIR
from bot.places import Places, places
from bot.schemas.reading import DataError

NUMBERS = sorted(places().municipalities)


def _unverified_research_numbers() -> set[str]:
    lk = places()
    verified = {p.number for c in lk.centres.values() for p in c.phones if p.verified}
    return {p.number for c in lk.centres.values() for p in c.phones} - verified


@pytest.mark.parametrize("number", NUMBERS)
def test_no_unverified_number_is_ever_returned(number: str):
    unverified = _unverified_research_numbers()
    for match in places().centres_for(number):
        for phone in match.phones:
            assert phone.number not in unverified
        if not match.is_active:
            assert match.phones == ()


def test_there_are_unverified_numbers_to_protect():
    # Oslo (flag false despite its note), Gudbrandsdal (conflict), Sør-Helgeland (2017) ...
    unverified = _unverified_research_numbers()
    assert {"22 48 03 80", "414 81 220", "75 02 17 11"} <= unverified


def test_oslo_follows_its_verified_flag_not_its_note():
    (match,) = places().centres_for("0301")
    assert match.name == "Oslo Krisesenter"
    assert match.is_active and match.phones == ()


def test_a_verified_centre_gives_its_number_with_source_and_date():
    (match,) = places().centres_for("3220")  # Enebakk → Romerike (2020)
    assert match.name == "Romerike krisesenter"
    assert [p.number for p in match.phones] == ["66 93 23 10"]
    assert match.phones[0].source.startswith("https://www.enebakk.kommune.no/")
    assert match.phones[0].source_date
    assert (match.basis, match.source_date) == ("named-in-source", "ca. desember 2020")


def test_a_number_in_two_sources_is_given_once():
    (match,) = places().centres_for("1870")  # Sortland → Vesterålen
    assert [p.number for p in match.phones] == ["76 12 23 30"]


def test_soer_helgeland_is_being_wound_up_and_its_2017_number_is_never_given():
    matches = places().centres_for("1813")  # Brønnøy
    assert [m.centre_id for m in matches] == ["nord_trondelag", "sor_helgeland"]
    assert matches[1].status == "winding_down" and matches[1].phones == ()
    for number in ("1812", "1816", "1811"):  # Sømna, Vevelstad, Bindal
        (match,) = places().centres_for(number)
        assert (match.name, match.is_active) == ("Sør-Helgeland krisesenter", False)


def test_karasjok_and_kvitsoey_have_no_centre_in_the_data():
    assert places().centres_for("5610") == []  # its own centre is closed
    assert places().centres_for("1144") == []  # Kvitsøy: no link in the research data


def test_enebakk_uses_romerike_not_follo():
    assert [m.centre_id for m in places().centres_for("3220")] == ["romerike"]


def test_police_district_by_number():
    assert places().district("4611").name == "Sør-Vest politidistrikt"  # Etne
    assert places().district("3201").short_name == "Oslo"
    assert places().district("1811").id == "trondelag"  # Bindal


def _write(local: Path, text: str) -> None:
    (local / "ours.yml").write_text(text, "utf8")


def test_a_local_number_replaces_the_research_numbers(data_copy: Path):
    _write(
        data_copy / "local",
        "owner: Testkommunen\nreviewed: 2026-01-02\ncentre_phones:\n"
        "  - centre: oslo\n    number: '22 00 00 01'\n    label: døgnåpen\n"
        "    source: https://example.org/kontakt\n",
    )
    lk = Places(data_copy)
    (match,) = lk.centres_for("0301")
    assert [(p.number, p.owner) for p in match.phones] == [("22 00 00 01", "Testkommunen")]


def test_local_contacts_and_links(data_copy: Path):
    _write(
        data_copy / "local",
        "owner: Sømna kommune\nreviewed: 2026-01-02\n"
        "contacts:\n  - municipality: '1812'\n    service: Voldskoordinator\n"
        "    phone: '412 00 000'\n    hours: hverdager\n    source: intern rutine\n"
        "centre_links:\n  - municipality: '1812'\n    centre: helgeland\n"
        "    source: avtale 2025\n",
    )
    lk = Places(data_copy)
    (contact,) = lk.local_contacts("1812")
    assert (contact.service, contact.phone, contact.owner) == (
        "Voldskoordinator",
        "412 00 000",
        "Sømna kommune",
    )
    assert lk.centres_for("1812")[0].centre_id == "helgeland"
    assert lk.centres_for("1812")[0].basis == "local"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("contacts:\n  - municipality: '1812'\n    service: X\n    source: s\n", "'owner'"),
        (
            "owner: A\ncontacts:\n  - municipality: '1812'\n    service: X\n    source: s\n",
            "'reviewed'",
        ),
        (
            "owner: A\nreviewed: 2026-01-01\ncontacts:\n  - municipality: '9999'\n"
            "    service: X\n    source: s\n",
            "9999",
        ),
        (
            "owner: A\nreviewed: 2026-01-01\ncentre_phones:\n  - centre: nowhere\n"
            "    number: '22 00 00 01'\n    label: x\n    source: s\n",
            "nowhere",
        ),
        (
            "owner: A\nreviewed: 2026-01-01\ncentre_phones:\n  - centre: oslo\n"
            "    number: '2200 0001'\n    label: x\n    source: s\n",
            "norsk telefonnummer",
        ),
        (
            "owner: A\nreviewed: 2026-01-01\ncentre_phones:\n  - centre: oslo\n"
            "    number: '22 00 00 01'\n    label: x\n",
            "'source'",
        ),
    ],
)
def test_bad_local_files_name_file_and_entry(data_copy: Path, text: str, message: str):
    _write(data_copy / "local", text)
    with pytest.raises(DataError, match=rf"ours\.yml.*{message}"):
        Places(data_copy)


def test_place_names_cover_names_alt_names_aliases_and_counties():
    names = set(places().names())
    expected = {"Bærum", "Herøy (Nordland)", "Herøy i Nordland", "Kárášjohka", "Karasjohka"}
    assert expected | {"Førde", "Mo i Rana", "Vestland"} <= names
    assert len({m.county for m in places().municipalities.values()} & names) == 15


def test_every_municipality_and_alias_resolves():
    for name in [m.display_name for m in places().municipalities.values()]:
        assert places().resolve(name).kind == "found", name
    for alias in places().aliases:
        assert places().resolve(alias.alias).kind in ("found", "ambiguous"), alias.alias


def test_the_committed_example_override_is_valid_and_inert():
    lk = Places(KNOWLEDGE_DIR, KNOWLEDGE_DIR / "local")
    assert "example.yml" not in lk.local_files
