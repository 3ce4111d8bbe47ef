"""Places in the dialogue: which municipality a message names, and what to say about it.

Builds on `bot.lookup` (the data) and returns plain values the actions pass to
domain responses; every fact about centres and districts comes from
`data/knowledge/`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import names
from bot.knowledge import knowledge
from bot.knowledge.render import cite
from bot.knowledge.store import KNOWLEDGE_DIR, read_yaml
from bot.lookup import Resolution, lookups
from bot.lookup.model import CentreMatch

# Words that introduce a place name in a question ("hører Bergen til", "i Bodø").
_BEFORE_PLACE = re.compile(
    r"\b(?:i|til|for|på|fra|hører|høyrer|tilhører|ligger|kommune)\s+"
    r"([A-ZÆØÅa-zæøå][\wæøåÆØÅ-]+)"
)
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-ZÆØÅ][\wæøå-]{2,})")
# Words after "i"/"til" that are not place names ("hører vi til", "i kommunen").
_NOT_PLACES = frozenset(
    "vi oss dere de dei her der hun han ho meg deg seg pasienten kommunen den det dette "
    "hvilket hvilken kva nærmeste natt dag kveld helgen morgen går fram sak saken politiet politi "
    "krisesenter krisesenteret krisesentre hjemmet heimen området distriktet".split()
)


# What each look-up intent asks for; a bare place name answers the pending question.
WANTS = {
    names.INTENT_ASK_LOCAL_CENTRE: "centre",
    names.INTENT_ASK_POLICE_DISTRICT: "district",
    names.INTENT_ASK_LOCAL_HELP: "both",
}


def resolve(text: str) -> Resolution:
    """What municipality `text` names (found / ambiguous / unknown)."""
    return lookups().resolve(text)


def resolve_municipality(text: str) -> str | None:
    """The municipality number an answer names, or None (also when ambiguous)."""
    resolution = resolve(text)
    return resolution.municipality.number if resolution.municipality else None


def unknown_name(text: str) -> str | None:
    """Best guess at a place name the user typed that we do not know (None: no place named)."""
    capitalised = [c for c in _CAPITALISED.findall(text) if c.lower() not in _NOT_PLACES]
    if capitalised:
        return str(capitalised[-1])
    # A lower-case word after "i"/"til" counts only if it is close to a real name.
    after = [w for w in _BEFORE_PLACE.findall(text) if w.lower() not in _NOT_PLACES]
    close = [w for w in after if lookups().suggest(w)]
    if close:
        return str(close[-1])
    stripped = text.strip().rstrip("?.!")
    # A single word on its own ("Atlantis") is meant as a place.
    return stripped if re.fullmatch(r"[\wæøåÆØÅ-]+", stripped) else None


@dataclass(frozen=True)
class CentreInfo:
    """The crisis centre(s) for a municipality, as values for a reply."""

    municipality: str
    centres: tuple[CentreMatch, ...]
    fallback_reason: str | None

    @property
    def names(self) -> str:
        """The active centres' names, joined for a sentence."""
        return " og ".join(c.name for c in self.centres)

    @property
    def phones(self) -> str:
        """Verified numbers shown to users, with the centre when there are several."""
        parts = [p.number for c in self.centres for p in c.phones]
        return ", ".join(dict.fromkeys(parts))

    @property
    def sources(self) -> str:
        """Where the link between municipality and centre comes from."""
        return "; ".join(dict.fromkeys(f"{c.source} ({c.source_date})" for c in self.centres))


def centre_info(number: str) -> CentreInfo:
    """Active centres for a municipality (with verified numbers) and why there may be none."""
    municipality = lookups().municipality(number).display_name
    active = tuple(m for m in lookups().centres_for(number) if m.is_active)
    fallback = lookups().fallback(number)
    return CentreInfo(municipality, active, fallback.reason if fallback else None)


def centre_lines(number: str | None) -> tuple[str, ...]:
    """Short lines about the local crisis centre for the consultation proposal."""
    if not number or number not in lookups().municipalities:
        return ()
    info = centre_info(number)
    vo_linjen = knowledge().contacts["vo_linjen"]
    if not info.centres:
        return (f"- {vo_linjen.name}: {vo_linjen.display}",)
    line = f"- {info.names}"
    if info.phones:
        line += f": {info.phones}"
    return (line,)


@dataclass(frozen=True)
class DistrictInfo:
    """The police district of a municipality, as values for a reply."""

    municipality: str
    district: str
    sources: str


@functools.lru_cache(maxsize=1)
def _municipality_sources() -> dict[str, str]:
    entries = read_yaml(KNOWLEDGE_DIR / "municipality_sources.yml").get("sources") or []
    return {str(e["id"]): str(e["publisher"]) for e in entries}


def district_info(number: str) -> DistrictInfo:
    """Which police district a municipality belongs to, with the sources of that mapping."""
    municipality = lookups().municipality(number)
    publishers = _municipality_sources()
    mapping = [publishers[key] for key in municipality.sources if key.startswith("PD")]
    return DistrictInfo(
        municipality=municipality.display_name,
        district=lookups().district(number).name,
        sources="; ".join([cite(knowledge(), ("police_districts_2016",)), *mapping]),
    )


def place_question_in(
    text: str, ranking: Sequence[Mapping[str, object]], pending: str | None
) -> str | None:
    """What to look up when an unclear message clearly names a municipality.

    Used by the fallback: "krisesenter i Stavanger" may be scored below the
    threshold, but with a look-up intent among the three likeliest (or a
    look-up waiting for a place) and an exact municipality name, it is not unclear.
    """
    resolution = resolve(text)
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


_ASKS_CENTRE = re.compile(r"\bkrisesent", re.IGNORECASE)
_ASKS_POLICE = re.compile(r"\bpoliti", re.IGNORECASE)


def service_asked(text: str) -> str | None:
    """Which service a message names: centre, district (police) or both."""
    centre, police = bool(_ASKS_CENTRE.search(text)), bool(_ASKS_POLICE.search(text))
    if centre and police:
        return "both"
    return "centre" if centre else "district" if police else None


def wanted(intent_want: str | None, text: str) -> str | None:
    """What a look-up message asks for: the words decide when it names both services."""
    return "both" if service_asked(text) == "both" else intent_want


def named_municipality(text: str) -> str | None:
    """A municipality named outright (capitalised, exact) in a question about something else."""
    resolution = resolve(text)
    matched = resolution.matched_text or ""
    if resolution.kind == "found" and resolution.exact and matched[:1].isupper():
        return resolution.municipality.number if resolution.municipality else None
    return None


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
    resolution = resolve(text)
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
