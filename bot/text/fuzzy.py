"""Fuzzy matching: one edit distance, and a gazetteer of known names built on it.

A name matches a run of words in a message when every word matches: exactly
(after folding, see `bot.text.fold`), with a Norwegian inflection or genitive
ending added (voldsalarm*en*, Bærum*s*), or within a small edit distance for
longer words (voldsalam, besoksforbudd). Longer names win over the names they
contain ("omvendt voldsalarm" over "voldsalarm"). `close_matches` ranks
names for "did you mean" with the same edit distance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.text.fold import WORD, fold, folded_words

ENDINGS = ("", "s", "e", "en", "et", "a", "er", "ene", "ens", "ets", "as", "ane", "ar", "ma")


def distance(a: str, b: str, limit: int, *, substitution: int = 1) -> int | None:
    """Edits turning `a` into `b`, or None when more than `limit`.

    An inserted or deleted letter costs 1 and a replaced one `substitution`:
    with 2, the distance counts the letters the two words do not share in order.
    """
    if abs(len(a) - len(b)) > limit:
        return None
    if limit == 0 or a == b:
        return 0 if a == b else None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            replace = previous[j - 1] + (0 if char_a == char_b else substitution)
            current.append(min(previous[j] + 1, current[j - 1] + 1, replace))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


def within(a: str, b: str, limit: int) -> bool:
    """True when the edit distance between `a` and `b` is at most `limit`."""
    return distance(a, b, limit) is not None


def max_edits(length: int) -> int:
    """How many typing errors a word of `length` letters may have."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


def word_matches(token: str, name_word: str, *, last: bool) -> bool:
    """Does a folded message word match a folded name word?"""
    if token == name_word:
        return True
    if last and token.startswith(name_word) and token[len(name_word) :] in ENDINGS:
        return True
    return within(token, name_word, max_edits(len(name_word)))


def close_matches(
    word: str, candidates: Iterable[str], *, n: int = 3, cutoff: float = 0.8
) -> list[str]:
    """The `n` candidates most similar to `word`, at least `cutoff` similar, best first.

    Similarity is the share of the two words' letters they have in common, in
    order: 1 − (letters inserted or deleted) / (both lengths), as difflib's ratio.
    """
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        total = len(word) + len(candidate)
        limit = math.floor(round(total * (1 - cutoff), 6))
        edits = distance(word, candidate, limit, substitution=2)
        if edits is not None:
            scored.append((1 - edits / total, candidate))
    return [candidate for _, candidate in sorted(scored, reverse=True)[:n]]


@dataclass(frozen=True)
class Entry:
    """A surface name of an entity value."""

    entity: str
    value: str
    words: tuple[str, ...]  # folded


@dataclass(frozen=True)
class Match:
    """A name found in a message, with character offsets into the original text."""

    entity: str
    value: str
    start: int
    end: int
    text: str
    exact: bool


class Gazetteer:
    """An index of names; `find` returns non-overlapping matches, longest first."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        self.entries: list[Entry] = []
        for entity, value, name in entries:
            words = folded_words(name)
            if words:
                self.entries.append(Entry(entity, value, words))
        # Typing errors rarely hit the first letter: index names by it.
        self._by_initial: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_initial.setdefault(entry.words[0][0], []).append(entry)

    def find(self, text: str, entity: str | None = None) -> list[Match]:
        """All names in `text` (optionally of one entity type), without overlaps."""
        tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text.lower())]
        found: list[tuple[int, int, bool, Entry]] = []
        for i, (_, _, token) in enumerate(tokens):
            for entry in self._by_initial.get(token[0], ()):
                size = len(entry.words)
                if (entity is not None and entry.entity != entity) or i + size > len(tokens):
                    continue
                window = [t[2] for t in tokens[i : i + size]]
                if all(
                    word_matches(tok, word, last=(k == size - 1))
                    for k, (tok, word) in enumerate(zip(window, entry.words, strict=True))
                ):
                    found.append((i, size, tuple(window) == entry.words, entry))
        # Longest first, exact before fuzzy, then left to right.
        found.sort(key=lambda f: (-f[1], not f[2], f[0]))
        taken = [False] * len(tokens)
        matches: list[Match] = []
        for i, size, exact, entry in found:
            if any(taken[i : i + size]):
                continue
            taken[i : i + size] = [True] * size
            start, end = tokens[i][0], tokens[i + size - 1][1]
            matches.append(Match(entry.entity, entry.value, start, end, text[start:end], exact))
        return sorted(matches, key=lambda m: m.start)
