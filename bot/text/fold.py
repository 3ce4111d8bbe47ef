"""Fold spellings together: case, æ/ø/å and their ASCII spellings, Sami letters.

Staff type "Baerum", "Bærum" and "BÆRUM", "Tromso" for Tromsø, and
"Karasjohka" for Kárášjohka; each pair folds to one form here.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans({"æ": "e", "ø": "o", "å": "a", "é": "e", "è": "e", "ä": "e", "ö": "o"})
_PAIRS = (("ae", "e"), ("oe", "o"), ("aa", "a"))
_SAMI = str.maketrans("áàâčđŋšŧžïÁÀÂČĐŊŠŦŽ", "aaacdnstziAAACDNSTZ")
# A word: letters and digits, hyphenated parts kept together ("nord-fron").
WORD = re.compile(r"[0-9a-zæøåéèäöü]+(?:-[0-9a-zæøåéèäöü]+)*")


def fold(word: str) -> str:
    """Lower-case and fold æøå and their ASCII spellings to one form."""
    word = word.lower()
    for pair, single in _PAIRS:
        word = word.replace(pair, single)
    return word.translate(_FOLD)


def plain(text: str) -> str:
    """Write Sami letters as the plain letters people type ("Kárášjohka" → "Karasjohka")."""
    return text.translate(_SAMI)


def folded_words(text: str) -> tuple[str, ...]:
    """The words of `text`, each folded (how the gazetteer compares names)."""
    return tuple(fold(w) for w in WORD.findall(text.lower()))
