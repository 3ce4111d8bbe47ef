"""Find which municipality a place name in a message means.

Names are matched by the gazetteer of `bot.text.fuzzy`: folded æøå and their
ASCII spellings, genitive and inflection endings, and small typing errors.
Sami letters (á, č, đ, ŋ, š, ŧ, ž) are first written as plain letters, so
"Kárášjohka" and "Karasjohka" are the same name.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from bot.places.model import Candidate, MatchKind, Resolution
from bot.schemas.places import Municipality, PlaceAlias
from bot.text.fold import folded_words, plain
from bot.text.fuzzy import Gazetteer, Match, close_matches, distance, word_matches

_QUALIFIED = re.compile(r"^(.+) \((.+)\)$")
PRIMARY: tuple[MatchKind, ...] = ("name", "qualified_name", "alt_name")


def words(text: str) -> tuple[str, ...]:
    """The folded words of `text`, exactly as the gazetteer compares them."""
    return folded_words(plain(text))


class PlaceResolver:
    """An index of municipality names, official alternative names, former names and towns."""

    def __init__(
        self, municipalities: Iterable[Municipality], aliases: Iterable[PlaceAlias]
    ) -> None:
        self._municipalities = {m.number: m for m in municipalities}
        surfaces: list[tuple[str, Candidate]] = []
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
        self._targets: dict[tuple[str, ...], list[Candidate]] = {}
        self._surface: dict[str, str] = {}  # folded words joined → the name as written
        for entry in self._gazetteer.entries:
            surface, target = surfaces[int(entry.value)]
            self._targets.setdefault(entry.words, []).append(target)
            self._surface.setdefault(" ".join(entry.words), surface)
        counties = sorted({m.county for m in self._municipalities.values()})
        self._counties = Gazetteer(("county", c, c) for c in counties)

    def county(self, text: str) -> str | None:
        """The county named in `text` (tolerant of spelling), if any."""
        found = self._counties.find(plain(text))
        return found[0].value if found else None

    def _targets_of(self, match: Match) -> list[Candidate]:
        typed = words(match.text)
        if match.exact:
            return self._targets.get(typed, [])
        scored = [
            (edits, targets)
            for key, targets in self._targets.items()
            if len(key) == len(typed) and (edits := _edits(typed, key)) is not None
        ]
        best = min((d for d, _ in scored), default=0)
        return [t for d, targets in scored if d == best for t in targets]

    def resolve(self, text: str, county: str | None = None) -> Resolution:
        """Resolve a place name or a whole message ("kva krisesenter høyrer Førde til")."""
        query = plain(text or "").strip()
        if query in self._municipalities:
            return Resolution("found", self._municipalities[query], "number", matched_text=query)
        matches = self._gazetteer.find(query)
        if not matches:
            return Resolution("unknown")
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
        chosen = _choose([t for m in matches for t in self._targets_of(m)], hint)
        numbers = {t.municipality.number for t in chosen}
        first = matches[0]
        if len(numbers) == 1:
            best = chosen[0]
            return Resolution(
                "found", best.municipality, best.match, best.alias, first.text, first.exact
            )
        by_number = {t.municipality.number: t for t in reversed(chosen)}
        candidates = tuple(sorted(by_number.values(), key=lambda t: t.municipality.number))
        return Resolution(
            "ambiguous", matched_text=first.text, exact=first.exact, candidates=candidates
        )

    def suggest(self, query: str, limit: int = 5) -> tuple[str, ...]:
        """Names close to the words of `query`, for "did you mean"."""
        typed = words(query)
        spans = [*typed, *(" ".join(pair) for pair in itertools.pairwise(typed))]
        found: list[str] = []
        for span in (s for s in spans if len(s) >= 4):
            for close in close_matches(span, self._surface, n=3, cutoff=0.8):
                if self._surface[close] not in found:
                    found.append(self._surface[close])
        return tuple(found[:limit])


def _edits(typed: tuple[str, ...], key: tuple[str, ...]) -> int | None:
    """Typing errors between two names (endings free), None when they do not match."""
    total = 0
    for i, (t, k) in enumerate(zip(typed, key, strict=True)):
        if not word_matches(t, k, last=i == len(key) - 1):
            return None
        total += distance(t, k, 2) or 0
    return total


def _choose(targets: list[Candidate], county: str | None) -> list[Candidate]:
    """Current names before former names and towns; a county narrows the choice."""
    primary = [t for t in targets if t.match in PRIMARY]
    secondary = [t for t in targets if t.match not in PRIMARY]
    if county:
        for group in (primary, secondary):
            narrowed = [t for t in group if t.municipality.county == county]
            if narrowed:
                return narrowed
    return primary or secondary
