"""Small text helpers shared by the NLU components and the actions."""

from __future__ import annotations

import unicodedata


def has_words(text: str | None) -> bool:
    """True when `text` contains at least one letter or digit."""
    return bool(text) and any(unicodedata.category(ch)[0] in "LN" for ch in text or "")
