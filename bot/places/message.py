"""What a message says about places: the municipality it names, the service it asks for.

Used by the NLU (the marker that replaces a municipality's name, the guard that
keeps "Overhalla" from being a greeting) and by the answers to look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot import names
from bot.places.model import Service
from bot.places.store import places

# What each look-up intent asks for; a bare place name answers the pending question.
WANTS: dict[str, Service] = {
    names.INTENT_ASK_LOCAL_CENTRE: "centre",
    names.INTENT_ASK_POLICE_DISTRICT: "district",
    names.INTENT_ASK_LOCAL_HELP: "both",
}
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-ZÆØÅ][\wæøå-]{2,})")
# Capitalised words that are not place names ("hører vi til", "i kommunen").
_NOT_PLACES = frozenset(
    "vi oss dere de dei her der hun han ho meg deg seg pasienten kommunen den det dette "
    "hvilket hvilken kva nærmeste natt dag kveld helgen morgen går fram sak saken politiet politi "
    "krisesenter krisesenteret krisesentre hjemmet heimen området distriktet".split()
)
_ASKS_CENTRE = re.compile(r"\bkrisesent", re.IGNORECASE)
_ASKS_POLICE = re.compile(r"\bpoliti", re.IGNORECASE)


def resolve_municipality(text: str) -> str | None:
    """The municipality number an answer names, or None (also when ambiguous)."""
    resolution = places().resolve(text)
    return resolution.municipality.number if resolution.municipality else None


def named_municipality(text: str) -> str | None:
    """A municipality named outright (capitalised, exact) in a question about something else."""
    resolution = places().resolve(text)
    matched = resolution.matched_text or ""
    if resolution.kind == "found" and resolution.exact and matched[:1].isupper():
        return resolution.municipality.number if resolution.municipality else None
    return None


def unknown_name(text: str) -> str | None:
    """Best guess at a place name the user typed that we do not know (None: no place named)."""
    capitalised = [c for c in _CAPITALISED.findall(text) if c.lower() not in _NOT_PLACES]
    if capitalised:
        return str(capitalised[-1])
    stripped = text.strip().rstrip("?.!")
    # A single word on its own ("Atlantis") is meant as a place.
    return stripped if re.fullmatch(r"[\wæøåÆØÅ-]+", stripped) else None


def service_asked(text: str) -> Service | None:
    """Which service a message names: centre, district (police) or both."""
    centre, police = bool(_ASKS_CENTRE.search(text)), bool(_ASKS_POLICE.search(text))
    if centre and police:
        return "both"
    return "centre" if centre else "district" if police else None


def wanted(intent: str | None, text: str) -> Service | None:
    """What a look-up message asks for: its intent's service, or both when it names both."""
    return "both" if service_asked(text) == "both" else WANTS.get(intent or "")


def place_question_in(
    text: str, ranking: Sequence[Mapping[str, object]], pending: Service | None
) -> Service | None:
    """What to look up when an unclear message clearly names a municipality.

    Used by the fallback: "krisesenter i Stavanger" may be scored below the
    threshold, but with a look-up intent among the three likeliest (or a
    look-up waiting for a place) and an exact municipality name, it is not unclear.
    """
    resolution = places().resolve(text)
    if resolution.kind != "found" or not resolution.exact:
        return None
    if pending:
        return pending
    for entry in ranking[:3]:
        want = WANTS.get(str(entry.get("name")))
        if want:
            return want
    named_only = (resolution.matched_text or "").strip().lower() == text.strip(" ?.!").lower()
    return "both" if named_only else None


# What the NLU sees instead of a municipality name: the intent of "hjelp i
# Surnadal" does not depend on which municipality, and 356 names add noise.
PLACE_MARK = "xq"
_BEFORE_PLACE = re.compile(r"(?:^|\b(?:i|på|fra|frå|til|ved|nær|rundt))\s+$", re.IGNORECASE)


def mark_places(text: str) -> str:
    """`text` with a municipality it names outright replaced by PLACE_MARK (same length).

    Only exact names count, and only where they read as a place: capitalised
    inside a sentence, after "i"/"på"/"fra", or the whole message ("alta",
    "Surnadal kommune"). "Hun vil ikke ha hjelp" and "Ha det" keep their "ha"
    (Hå), "kan bo hos" its "bo" (Bø).
    """
    resolution = places().resolve(text)
    matched = resolution.matched_text
    if resolution.kind == "unknown" or not matched or not resolution.exact:
        return text
    start = text.lower().find(matched.lower())
    if start < 0:
        return text
    rest = text[start + len(matched) :].strip(" .,?!")
    whole = not text[:start].strip() and (
        not rest or rest.lower().startswith(("kommune", "kommun", "politidistrikt", "tror"))
    )
    # Capitalised inside a sentence; at its start a capital says nothing ("Ha det").
    named = text[start].isupper() and bool(text[:start].strip())
    if not (named or whole or _BEFORE_PLACE.search(text[:start])):
        return text
    mark = PLACE_MARK.ljust(len(matched))[: len(matched)]
    return text[:start] + mark + text[start + len(matched) :]
