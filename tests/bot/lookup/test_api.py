"""The NLU gazetteer entries, the evaluation patterns and the check-data command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli.check_data import main
from bot.lookup import lookups
from bot.lookup.expect import centre_patterns, district_patterns
from bot.names import ENTITY_COUNTY, ENTITY_PLACE


def test_gazetteer_entries_cover_names_alt_names_aliases_and_counties():
    entries = set(lookups().gazetteer_entries())
    assert (ENTITY_PLACE, "Bærum", "Bærum") in entries
    assert (ENTITY_PLACE, "Herøy (Nordland)", "Herøy i Nordland") in entries
    assert (ENTITY_PLACE, "Karasjok", "Kárášjohka") in entries
    assert (ENTITY_PLACE, "Karasjok", "Karasjohka") in entries
    assert (ENTITY_PLACE, "Førde", "Førde") in entries
    assert (ENTITY_PLACE, "Mo i Rana", "Mo i Rana") in entries
    assert (ENTITY_COUNTY, "Vestland", "Vestland") in entries
    assert len({v for e, v, _ in entries if e == ENTITY_COUNTY}) == 15


def test_every_place_value_resolves():
    for entity, value, _ in lookups().gazetteer_entries():
        if entity == ENTITY_PLACE:
            assert lookups().resolve(value).kind in ("found", "ambiguous"), value


def _any(patterns: list[str], reply: str) -> bool:
    return any(re.search(p, reply) for p in patterns)


@pytest.mark.parametrize(
    ("place", "reply", "expected"),
    [
        ("Bærum", "Dere hører til Krisesenteret Asker, Bærum og Lier.", True),
        ("Bærum", "Ta kontakt med Asker og Bærum krisesenter.", True),
        ("Bærum", "Ta kontakt med Oslo Krisesenter.", False),
        ("kva krisesenter høyrer Førde til", "Ring Vold- og overgrepslinjen på 116 006.", True),
        ("Førde", "Jeg vet ikke.", False),
        ("Karasjok", "Ring 116006 døgnet rundt.", True),
        ("Brønnøy", "Brønnøy bruker Nord-Trøndelag Krisesenter IKS i Verdal.", True),
        ("Sømna", "Sør-Helgeland krisesenter", False),
    ],
)
def test_centre_patterns(place: str, reply: str, expected: bool):
    assert _any(centre_patterns(place), reply) is expected


@pytest.mark.parametrize(
    ("place", "reply", "expected"),
    [
        ("Bergen", "Bergen hører til Vest politidistrikt.", True),
        ("Bergen", "Bergen hører til Sør-Vest politidistrikt.", False),
        ("Stord", "Stord hører til Sør-Vest politidistrikt.", True),
        ("Bærum", "Det er politidistriktet Oslo.", True),
        ("Bindal", "Trøndelag politidistrikt", True),
    ],
)
def test_district_patterns(place: str, reply: str, expected: bool):
    assert _any(district_patterns(place), reply) is expected


def test_patterns_refuse_unclear_places():
    with pytest.raises(LookupError):
        centre_patterns("Herøy")
    with pytest.raises(LookupError):
        district_patterns("Xyzzyvik")


def test_check_data_passes_on_the_project_data():
    assert main([]) == 0


def test_check_data_fails_on_a_broken_copy(data_copy: Path, caplog: pytest.LogCaptureFixture):
    path = data_copy / "place_aliases.csv"
    path.write_text(path.read_text("utf8").replace("Rømskog,3226", "Rømskog,0000"), "utf8")
    assert main(["--data", str(data_copy)]) == 1
    assert "place_aliases.csv: rad 2" in caplog.text
