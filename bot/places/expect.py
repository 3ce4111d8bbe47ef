"""What a reply must name for a place, as regexes, for evaluation tools.

`centre_patterns(place)`: any one pattern matching the reply means it named a
crisis centre our data gives for that municipality (any of the centre's names).
When the data has no active centre for the municipality, the honest answer is
the national line, so the pattern is its number (from contacts.yml).
`district_patterns(place)`: any one pattern means the reply named the police
district. Both raise LookupError when `place` is unknown or ambiguous.
"""

from __future__ import annotations

import re

from bot.knowledge import knowledge
from bot.places.answer import FALLBACK_CONTACT
from bot.places.store import places
from bot.schemas.places import Municipality

_EDGE_BEFORE = r"(?<![\w-])"
_EDGE_AFTER = r"(?![\w-])"


def _municipality(place: str) -> Municipality:
    resolution = places().resolve(place)
    if resolution.municipality is None:
        raise LookupError(f"{place!r} is {resolution.kind}, not one municipality")
    return resolution.municipality


def name_pattern(name: str) -> str:
    """A case-insensitive regex for `name`, tolerant of spacing and hyphens between words."""
    parts = [re.escape(part) for part in re.split(r"[\s-]+", name.strip()) if part]
    return "(?i)" + _EDGE_BEFORE + r"[\s-]+".join(parts) + _EDGE_AFTER


def number_pattern(display: str) -> str:
    """A regex for a phone number as written to users, spaces optional."""
    return _EDGE_BEFORE + " ?".join(re.escape(group) for group in display.split()) + _EDGE_AFTER


def centre_patterns(place: str) -> list[str]:
    """Regexes for the crisis centre(s) our data gives for `place`, or the national line."""
    active = [m for m in places().centres_for(_municipality(place).number) if m.is_active]
    if not active:
        return [number_pattern(knowledge().contacts[FALLBACK_CONTACT].display)]
    names = dict.fromkeys(name for m in active for name in (m.name, *m.other_names))
    return [name_pattern(name) for name in names]


def district_patterns(place: str) -> list[str]:
    """Regexes for the police district our data gives for `place`."""
    district = places().district(_municipality(place).number)
    short = name_pattern(district.short_name).removeprefix("(?i)")
    return [
        name_pattern(district.name),
        "(?i)" + short + r"\s+politidistrikt",
        r"(?i)politidistrikt(?:et)?\s+" + short,
    ]
