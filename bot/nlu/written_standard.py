"""Which written standard a message is in: Bokmål, Nynorsk, or not to tell.

Two kinds of evidence, both counted per word:
- the forms bot/nlu/written_standard.yml lists as only one standard's (ikkje/ikke,
  kva/hva, eg/jeg …), which weigh twice;
- every other word that only one of Debian's spelling dictionaries has
  (wnorwegian: Norsk ordbank's Bokmål and Nynorsk word forms), which weighs once.
A message is read as the standard with more weight. With none, or as much of
each, it tells nothing, so short answers ("ja", "nei", "Bergen", "voldsalarm?")
never change the standard a conversation already has. "svar på nynorsk" /
"skriv bokmål" choose a standard outright. Measured on held-out staff messages
(tests/eval/written_standard*.yml; `make eval-standard`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.schemas.reading import load_yaml
from bot.schemas.written_standard import PATH, WrittenStandardForms
from bot.settings import PROJECT_ROOT
from bot.text import normalise
from bot.text.standard import BOKMAL, NYNORSK, Standard

logger = logging.getLogger(__name__)

# Debian's wnorwegian; `make setup` installs it (the redactor reads it too).
DICTIONARIES = {
    BOKMAL: Path("/usr/share/dict/bokmaal"),
    NYNORSK: Path("/usr/share/dict/nynorsk"),
}
LISTED_WEIGHT, DICTIONARY_WEIGHT = 2, 1
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # "TV-en" is one word


@dataclass(frozen=True)
class Reading:
    """What a message says about its written standard."""

    standard: Standard | None  # None: the message does not tell
    asked: bool = False  # the user asked for this standard outright
    nn: tuple[str, ...] = ()  # the words that count for Nynorsk
    nb: tuple[str, ...] = ()  # the words that count for Bokmål


@functools.lru_cache(maxsize=1)
def forms() -> WrittenStandardForms:
    """The word lists, read and checked once per process."""
    return load_yaml(WrittenStandardForms, PROJECT_ROOT / PATH)


@functools.lru_cache(maxsize=1)
def _listed() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    table = forms()
    return frozenset(table.nn), frozenset(table.nb), frozenset(table.neutral)


def _key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf8"), digest_size=8).digest(), "little")


def _keys(path: Path) -> np.ndarray:
    """The sorted, distinct keys of a word list's entries (streamed: no set of strings)."""
    with path.open(encoding="latin-1") as handle:  # Debian ships these in Latin-1
        keys = np.fromiter(
            (_key(word) for line in handle if (word := line.strip().lower())), dtype=np.uint64
        )
    return np.unique(keys)


@functools.lru_cache(maxsize=1)
def _dictionary_only() -> dict[Standard, np.ndarray]:
    """Sorted 64-bit keys of the word forms only one dictionary has (~9 MB, not ~150 MB of str)."""
    if not all(path.is_file() for path in DICTIONARIES.values()):
        logger.warning(
            "Spelling dictionaries not found (%s): install Debian's wnorwegian (`make setup` "
            "does); the written standard is then read from the listed forms only",
            ", ".join(str(path) for path in DICTIONARIES.values()),
        )
        return {}
    nb, nn = _keys(DICTIONARIES[BOKMAL]), _keys(DICTIONARIES[NYNORSK])
    return {
        BOKMAL: np.setdiff1d(nb, nn, assume_unique=True),
        NYNORSK: np.setdiff1d(nn, nb, assume_unique=True),
    }


def _in(keys: np.ndarray | None, word: str) -> bool:
    if keys is None or not len(keys):
        return False
    key = np.uint64(_key(word))
    index = int(np.searchsorted(keys, key))
    return index < len(keys) and keys[index] == key


def asked_for(text: str) -> Standard | None:
    """The standard the message asks for outright ("svar på nynorsk"), if exactly one."""
    lowered = normalise(text)
    asks = forms().ask
    nn = any(pattern.search(lowered) for pattern in asks.nn)
    nb = any(pattern.search(lowered) for pattern in asks.nb)
    if nn == nb:
        return None
    return NYNORSK if nn else BOKMAL


def read(text: str | None) -> Reading:
    """The written standard of `text`, or None when it does not tell."""
    if not text:
        return Reading(None)
    asked = asked_for(text)
    if asked is not None:
        return Reading(asked, asked=True)
    listed_nn, listed_nb, neutral = _listed()
    only = _dictionary_only()
    weight = {NYNORSK: 0, BOKMAL: 0}
    found: dict[Standard, list[str]] = {NYNORSK: [], BOKMAL: []}
    for word in _WORD.findall(text.lower()):
        if word in neutral:
            continue
        if word in listed_nn or word in listed_nb:
            standard, points = (NYNORSK if word in listed_nn else BOKMAL), LISTED_WEIGHT
        elif _in(only.get(NYNORSK), word):
            standard, points = NYNORSK, DICTIONARY_WEIGHT
        elif _in(only.get(BOKMAL), word):
            standard, points = BOKMAL, DICTIONARY_WEIGHT
        else:
            continue
        weight[standard] += points
        found[standard].append(word)
    nn, nb = tuple(found[NYNORSK]), tuple(found[BOKMAL])
    if weight[NYNORSK] == weight[BOKMAL]:
        return Reading(None, nn=nn, nb=nb)
    return Reading(NYNORSK if weight[NYNORSK] > weight[BOKMAL] else BOKMAL, nn=nn, nb=nb)


def warm_up() -> None:
    """Read the word lists and the dictionaries now rather than on the first message."""
    _listed()
    _dictionary_only()
