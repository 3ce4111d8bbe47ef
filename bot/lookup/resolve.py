"""Find which municipality a place name in a message means.

Matching reuses the NLU gazetteer (`bot.nlu.gazetteer`): folded æøå and their
ASCII spellings, genitive and inflection endings, and small typing errors.
Sami letters (á, č, đ, ŋ, š, ŧ, ž) are first written as plain letters, so
"Kárášjohka" and "Karasjohka" are the same name.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable

from bot.lookup.model import Candidate, MatchKind, Municipality, PlaceAlias, Resolution
from bot.nlu.gazetteer import Gazetteer, Match, within, word_matches

_SAMI = str.maketrans("áàâčđŋšŧžïÁÀÂČĐŊŠŦŽ", "aaacdnstziAAACDNSTZ")
_QUALIFIED = re.compile(r"^(.+) \((.+)\)$")
PRIMARY: tuple[MatchKind, ...] = ("name", "qualified_name", "alt_name")
Target = Candidate


def plain(text: str) -> str:
    """Write Sami letters as the plain letters people type."""
    return text.translate(_SAMI)


def words(text: str) -> tuple[str, ...]:
    """The folded words of `text`, exactly as the gazetteer compares them."""
    entries = Gazetteer([("", "", plain(text))]).entries
    return entries[0].words if entries else ()


class PlaceResolver:
    """An index of municipality names, official alternative names, former names and towns."""

    def __init__(
        self, municipalities: Iterable[Municipality], aliases: Iterable[PlaceAlias]
    ) -> None:
        self._municipalities = {m.number: m for m in municipalities}
        surfaces: list[tuple[str, Target]] = []
        for m in self._municipalities.values():
            surfaces.append((m.name, Candidate(m, "name")))
            if m.qualified_name:
                surfaces.append((m.qualified_name, Candidate(m, "qualified_name")))
            surfaces += [(alt, Candidate(m, "alt_name")) for alt in m.alt_names]
        for a in aliases:
            surfaces.append(
                (a.alias, Candidate(self._municipalities[a.municipality_number], a.kind, a))
            )
        # "Nord-Fron" is also written "Nord Fron".
        surfaces += [(s.replace("-", " "), t) for s, t in list(surfaces) if "-" in s]
        # "Herøy (Nordland)" is also written "Herøy i Nordland".
        surfaces += [
            (f"{q.group(1)} i {q.group(2)}", target)
            for surface, target in list(surfaces)
            if (q := _QUALIFIED.match(surface))
        ]
        self._gazetteer = Gazetteer(
            ("place", str(i), plain(s)) for i, (s, _) in enumerate(surfaces)
        )
        self._targets: dict[tuple[str, ...], list[Target]] = {}
        self._surface: dict[tuple[str, ...], str] = {}
        for entry in self._gazetteer.entries:
            surface, target = surfaces[int(entry.value)]
            self._targets.setdefault(entry.words, []).append(target)
            self._surface.setdefault(entry.words, surface)
        counties = sorted({m.county for m in self._municipalities.values()})
        self._counties = Gazetteer(("county", c, c) for c in counties)

    def county(self, text: str) -> str | None:
        """The county named in `text` (tolerant of spelling), if any."""
        found = self._counties.find(plain(text))
        return found[0].value if found else None

    def _targets_of(self, match: Match) -> list[Target]:
        typed = words(match.text)
        if match.exact:
            return self._targets.get(typed, [])
        scored = [
            (distance, targets)
            for key, targets in self._targets.items()
            if len(key) == len(typed) and (distance := _distance(typed, key)) is not None
        ]
        best = min((d for d, _ in scored), default=0)
        return [t for d, targets in scored if d == best for t in targets]

    def resolve(self, text: str, county: str | None = None) -> Resolution:
        """Resolve a place name or a whole message ("kva krisesenter høyrer Førde til")."""
        query = plain(text or "").strip()
        if query in self._municipalities:
            return Resolution(
                "found", text, self._municipalities[query], "number", matched_text=query
            )
        matches = self._gazetteer.find(query)
        if not matches:
            return Resolution("unknown", text, suggestions=self.suggest(query))
        if any(m.exact for m in matches):
            matches = [m for m in matches if m.exact]
        if len(matches) > 1 and query != query.lower():
            capitalised = [m for m in matches if m.text[:1].isupper()]
            matches = capitalised or matches
        hint = self.county(county) if county else None
        if hint is None:
            taken = [(m.start, m.end) for m in matches]
            hint = next(
                (c.value for c in self._counties.find(query)
                 if not any(s < c.end and c.start < e for s, e in taken)),
                None,
            )  # fmt: skip
        targets = [t for m in matches for t in self._targets_of(m)]
        chosen = _choose(targets, hint)
        numbers = {t.municipality.number for t in chosen}
        first = matches[0]
        if len(numbers) == 1:
            best = chosen[0]
            return Resolution(
                "found", text, best.municipality, best.match, best.alias, first.text, first.exact
            )
        by_number = {t.municipality.number: t for t in reversed(chosen)}
        candidates = tuple(sorted(by_number.values(), key=lambda t: t.municipality.number))
        return Resolution(
            "ambiguous", text, matched_text=first.text, exact=first.exact, candidates=candidates
        )

    def suggest(self, query: str, limit: int = 5) -> tuple[str, ...]:
        """Names close to the words of `query`, for "did you mean"."""
        names = {" ".join(key): surface for key, surface in self._surface.items()}
        typed = words(query)
        spans = [*typed, *(" ".join(pair) for pair in itertools.pairwise(typed))]
        found: list[str] = []
        for span in (s for s in spans if len(s) >= 4):
            for close in difflib.get_close_matches(span, names, n=3, cutoff=0.8):
                if names[close] not in found:
                    found.append(names[close])
        return tuple(found[:limit])


def _distance(typed: tuple[str, ...], key: tuple[str, ...]) -> int | None:
    """Typing errors between two names (endings free), None when they do not match."""
    total = 0
    for i, (t, k) in enumerate(zip(typed, key, strict=True)):
        if not word_matches(t, k, last=i == len(key) - 1):
            return None
        total += next((d for d in range(3) if within(t, k, d)), 0)
    return total


def _choose(targets: list[Target], county: str | None) -> list[Target]:
    """Current names before former names and towns; a county narrows the choice."""
    primary = [t for t in targets if t.match in PRIMARY]
    secondary = [t for t in targets if t.match not in PRIMARY]
    if county:
        for group in (primary, secondary):
            narrowed = [t for t in group if t.municipality.county == county]
            if narrowed:
                return narrowed
    return primary or secondary
