"""Every municipality, through the running bot: its police district and its crisis centre."""

from __future__ import annotations

import re
import uuid

import pytest

from bot.places import places
from bot.places.expect import centre_patterns, district_patterns
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


def reply_text(servers: Servers, message: str) -> str:
    replies = servers.say(f"e2e-place-{uuid.uuid4().hex[:8]}", message)
    return "\n".join(r.get("text", "") for r in replies)


def name_for(number: str) -> str:
    """How a user would write it: the display name for shared names ("Herøy i Nordland")."""
    municipality = places().municipality(number)
    if municipality.qualified_name:
        return f"{municipality.name} i {municipality.county}"
    return municipality.name


def test_every_municipality_resolves_to_its_police_district(servers: Servers):
    wrong = []
    for number in places().municipalities:
        place = name_for(number)
        reply = reply_text(servers, f"Hvilket politidistrikt hører {place} til?")
        if not any(re.search(p, reply) for p in district_patterns(place)):
            wrong.append((place, reply[:120]))
    assert wrong == [], f"{len(wrong)} of 357 wrong, e.g. {wrong[:5]}"


def test_every_municipality_gets_its_centre_or_the_honest_fallback(servers: Servers):
    wrong = []
    for number in places().municipalities:
        place = name_for(number)
        reply = reply_text(servers, f"Hvilket krisesenter hører {place} til?")
        if not any(re.search(p, reply) for p in centre_patterns(place)):
            wrong.append((place, reply[:120]))
    assert wrong == [], f"{len(wrong)} of 357 wrong, e.g. {wrong[:5]}"


def test_no_unverified_number_reaches_a_user(servers: Servers):
    unverified = {
        phone.number
        for centre in places().centres.values()
        for phone in centre.phones
        if not phone.verified
    }
    for place in ["Oslo", "Lillehammer", "Brønnøy", "Bergen", "Tromsø"]:
        reply = reply_text(servers, f"Hvilket krisesenter hører {place} til?")
        assert not [n for n in unverified if n in reply], place
