"""The neutral text layer: helpers any part of the assistant may use on message text.

`fold` (case, æøå and Sami letters), `fuzzy` (edit distance and the gazetteer
of known names) and `patterns` (cue tables with "unless" phrases) live in
their own modules; this one holds the two smallest helpers. Nothing here
imports the rest of the project.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def has_words(text: str | None) -> bool:
    """True when `text` contains at least one letter or digit."""
    return bool(text) and any(unicodedata.category(ch)[0] in "LN" for ch in text or "")


def normalise(text: str) -> str:
    """Lower-case, every run of whitespace one space, no space at either end."""
    return _WHITESPACE.sub(" ", text.lower()).strip()
