"""The place and centre files load, cross-check, and fail loudly naming file and row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge.store import KNOWLEDGE_DIR
from bot.lookup import LookupDataError, Lookups, lookups
from bot.lookup.checks import coverage, problems
from bot.lookup.phone import is_norwegian_number
from tests.conftest import replace_once

URL = re.compile(r"^https?://")


def test_the_data_is_consistent():
    assert problems(lookups()) == []


def test_all_357_municipalities_once_with_a_known_police_district():
    lk = lookups()
    assert len(lk.municipalities) == 357
    assert len(lk.districts) == 12
    assert {m.police_district for m in lk.municipalities.values()} == set(lk.districts)


def test_only_disambiguation_is_kept_out_of_alternative_names():
    lk = lookups()
    assert lk.municipality("1818").alt_names == ()
    assert lk.municipality("1818").qualified_name == "Herøy (Nordland)"
    assert lk.municipality("5538").alt_names == ("Omasvuotna", "Omasvuono")


def test_every_centre_link_and_phone_is_sourced_and_dated():
    for centre in lookups().centres.values():
        for link in centre.links:
            assert link.number in lookups().municipalities
            assert link.source and link.source_date
        for phone in centre.phones:
            assert is_norwegian_number(phone.number), phone
            assert phone.source and phone.source_date


def test_every_alias_is_sourced_with_a_url():
    for alias in lookups().aliases:
        assert URL.match(alias.source), alias
        assert alias.source_date


def test_coverage_matches_the_research_caveats():
    figures = coverage(lookups())
    assert figures["active_centres_with_shown_number"] == 7
    assert figures["aliases_by_kind"]["town"] >= 30  # type: ignore[index]
    assert figures["aliases_by_kind"]["former_municipality"] >= 90  # type: ignore[index]


def test_a_duplicate_municipality_names_file_and_row(data_copy: Path):
    replace_once(data_copy / "municipalities.csv", "1103,Stavanger", "1101,Stavanger")
    with pytest.raises(LookupDataError, match=r"municipalities\.csv: rad 4: kommunenummer 1101"):
        Lookups(data_copy)


def test_an_unknown_police_district_names_file_and_row(data_copy: Path):
    replace_once(data_copy / "municipalities.csv", "Rogaland,sor_vest", "Rogaland,south_west")
    with pytest.raises(LookupDataError, match=r"municipalities\.csv: rad 3: ukjent politidistrikt"):
        Lookups(data_copy)


def test_an_alias_to_a_missing_municipality_names_file_and_row(data_copy: Path):
    replace_once(data_copy / "place_aliases.csv", "Rømskog,3226", "Rømskog,3299")
    with pytest.raises(LookupDataError, match=r"place_aliases\.csv: rad 2: 'Rømskog'.*3299"):
        Lookups(data_copy)


def test_a_centre_link_to_a_missing_municipality_names_the_entry(data_copy: Path):
    replace_once(data_copy / "crisis_centres.yml", "- number: '0301'", "- number: '0399'")
    with pytest.raises(
        LookupDataError, match=r"crisis_centres\.yml: centres\[0\] \(oslo\): municipalities\[0\]"
    ):
        Lookups(data_copy)


def test_a_badly_written_phone_number_is_refused(data_copy: Path):
    replace_once(data_copy / "crisis_centres.yml", "number: 64 97 23 00", "number: 6497 2300")
    with pytest.raises(LookupDataError, match=r"centres\[2\] \(follo\): phones\[0\]: 'number'"):
        Lookups(data_copy)


def test_a_verified_number_of_an_unverified_centre_is_refused(data_copy: Path):
    text = (data_copy / "crisis_centres.yml").read_text("utf8")
    start = text.index("id: oslo")
    at = text.index("verified: false", text.index("number: 22 48 03 80", start))
    (data_copy / "crisis_centres.yml").write_text(
        text[:at] + "verified: true" + text[at + len("verified: false") :], "utf8"
    )
    with pytest.raises(LookupDataError, match=r"\(oslo\): phones\[0\]: 'verified: true' krever"):
        Lookups(data_copy)


def test_a_missing_source_is_refused(data_copy: Path):
    replace_once(
        data_copy / "place_aliases.csv",
        "https://github.com/lauriejh/regtools",
        "github.com/lauriejh/regtools",
    )
    with pytest.raises(LookupDataError, match=r"place_aliases\.csv: rad 2: 'source'"):
        Lookups(data_copy)


def test_the_committed_example_override_is_valid_and_inert():
    lk = Lookups(KNOWLEDGE_DIR, KNOWLEDGE_DIR / "local")
    assert "example.yml" not in lk.local.files


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("22 48 03 80", True),
        ("414 81 220", True),
        ("800 12 345", True),
        ("116 006", True),
        ("02800", True),
        ("112", True),
        ("22480380", False),
        ("778 45 260", False),
        ("41 48 12 20", False),
        ("991 61 92", False),
        ("", False),
    ],
)
def test_phone_numbers_must_be_written_the_norwegian_way(number: str, ok: bool):
    assert is_norwegian_number(number) is ok
