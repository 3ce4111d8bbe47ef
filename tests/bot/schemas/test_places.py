"""The place files: the real ones load and agree; a broken copy names file, entry and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError, parse_obj_as

from bot.knowledge import knowledge
from bot.knowledge.store import KNOWLEDGE_DIR
from bot.schemas import places
from bot.schemas.places.fields import PhoneNumber
from tests.bot.schemas.conftest import problem, refused
from tests.conftest import replace_once

URL = re.compile(r"^https?://")


@pytest.fixture(scope="module")
def data() -> places.PlaceData:
    return places.load(KNOWLEDGE_DIR, topics=knowledge().topics)


def test_all_357_municipalities_once_with_a_known_police_district(data: places.PlaceData):
    assert len(data.municipalities) == 357
    assert len(data.districts) == 12
    assert {m.police_district for m in data.municipalities.values()} == set(data.districts)


def test_only_disambiguation_is_kept_out_of_alternative_names(data: places.PlaceData):
    assert data.municipalities["1818"].alt_names == ()
    assert data.municipalities["1818"].qualified_name == "Herøy (Nordland)"
    assert data.municipalities["5538"].alt_names == ("Omasvuotna", "Omasvuono")


def test_every_centre_link_and_phone_is_sourced_and_dated(data: places.PlaceData):
    for centre in data.centres.values():
        for link in centre.municipalities:
            assert link.number in data.municipalities
            assert link.source and link.source_date
        for phone in centre.phones:
            assert phone.source and phone.source_date


def test_every_alias_is_sourced_with_a_url(data: places.PlaceData):
    for alias in data.aliases:
        assert URL.match(alias.source), alias
        assert alias.source_date


def test_the_look_ups_after_topics_name_known_topics(data: places.PlaceData):
    assert data.topics.services()["crisis_centre_open"] == "centre"
    assert data.topics.services()["police_numbers"] == "district"


PHONE_PROBLEM = "er ikke et norsk telefonnummer"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (  # a municipality number twice
            "municipalities.csv",
            "1103,Stavanger",
            "1101,Stavanger",
            problem("municipalities.csv", "rad 4", "number", "kommunenummer 1101 finnes to ganger"),
        ),
        (
            "municipalities.csv",
            "Rogaland,sor_vest",
            "Rogaland,south_west",
            problem(
                "municipalities.csv",
                "rad 3",
                "police_district",
                "ukjent politidistrikt 'south_west'",
            ),
        ),
        (
            "place_aliases.csv",
            "Rømskog,3226",
            "Rømskog,3299",
            problem(
                "place_aliases.csv",
                "rad 2",
                "municipality_number",
                "'Rømskog' peker til ukjent kommunenummer '3299'",
            ),
        ),
        (  # a web address is required
            "place_aliases.csv",
            "https://github.com/lauriejh/regtools",
            "github.com/lauriejh/regtools",
            problem("place_aliases.csv", "rad 2", "source", "skal være en nettadresse"),
        ),
        (
            "crisis_centres.yml",
            "- number: '0301'",
            "- number: '0399'",
            problem(
                "crisis_centres.yml",
                "centres nr. 1 (id: oslo)",
                "municipalities.0.number",
                "ukjent kommunenummer '0399'",
            ),
        ),
        (
            "crisis_centres.yml",
            "number: 64 97 23 00",
            "number: 6497 2300",
            problem(
                "crisis_centres.yml",
                "centres nr. 3 (id: follo)",
                "phones.0.number",
                f"'6497 2300' {PHONE_PROBLEM}",
            ),
        ),
        (  # a typo in a field name
            "crisis_centres.yml",
            "  status: active",
            "  staus: active",
            problem("crisis_centres.yml", "centres nr. 1 (id: oslo)", "staus", "ukjent felt"),
        ),
        (
            "place_topics.yml",
            "  - police_can_do",
            "  - police_cannot_do",
            problem("place_topics.yml", "", "district.2", "ukjent emne 'police_cannot_do'"),
        ),
    ],
)
def test_a_broken_copy_names_file_entry_and_field(
    root: Path, file: str, old: str, new: str, expected: str
):
    replace_once(root / places.DIRECTORY / file, old, new)
    refused(lambda: places.load(root / places.DIRECTORY, topics=knowledge().topics), expected)


def test_a_verified_number_of_an_unverified_centre_is_refused(root: Path):
    path = root / places.DIRECTORY / "crisis_centres.yml"
    text = path.read_text("utf8")
    at = text.index("verified: false", text.index("number: 22 48 03 80", text.index("id: oslo")))
    path.write_text(text[:at] + "verified: true" + text[at + len("verified: false") :], "utf8")
    expected = problem(
        "crisis_centres.yml", "centres nr. 1 (id: oslo)", "phones.0.verified", "'verified: true'"
    )
    refused(lambda: places.load(root / places.DIRECTORY), expected)


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
    try:
        parse_obj_as(PhoneNumber, number)
    except ValidationError as e:
        assert not ok and PHONE_PROBLEM in str(e)
    else:
        assert ok
