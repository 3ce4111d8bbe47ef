"""What a reply must name for a place, as the evaluation checks it."""

from __future__ import annotations

import re

import pytest

from bot.places.expect import centre_patterns, district_patterns


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
