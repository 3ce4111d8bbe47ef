"""Deterministic detection of acute danger in a message (the emergency backstop).

The patterns are data (`danger_patterns.yml` beside this module); this module
only compiles and applies them. Used by the NLU component
:class:`bot.nlu.components.AcuteDangerBackstop` and by the actions as a
second check, so that no single misclassification can hide a message about
danger right now.
"""

from __future__ import annotations

import functools

from bot.nlu import assertion
from bot.schemas import danger as schema
from bot.schemas.danger import DangerPatterns, Signal
from bot.schemas.reading import load_yaml
from bot.settings import PROJECT_ROOT
from bot.text import normalise
from bot.text.patterns import blank

PATTERN_FILE = PROJECT_ROOT / schema.PATH


@functools.lru_cache(maxsize=1)
def table() -> DangerPatterns:
    """The danger patterns, compiled and checked (cached)."""
    return load_yaml(DangerPatterns, PATTERN_FILE)


def signals() -> tuple[Signal, ...]:
    """The danger signals."""
    return table().signals


def read(text: str | None) -> list[assertion.Mention]:
    """Every danger signal `text` names, with what it says about it (denied, asked …)."""
    if not text:
        return []
    clean = normalise(text)  # lower case, single spaces: how the patterns are written
    return assertion.read(clean, [f for signal in signals() for f in signal.find(clean)])


def detect(text: str | None) -> list[str]:
    """The ids of the danger signals `text` states as present (empty when none).

    "Ingen er i fare nå", "hvis han kommer med kniv" and "han truet med å drepe
    henne for ti år siden, ikke siden" name danger without stating it.
    """
    return assertion.present_labels(read(text))


def mentions_violence(text: str | None) -> bool:
    """True when `text` is about violence or risk (acute or not)."""
    if not text:
        return False
    clean = blank(normalise(text), table().mentions_unless)
    return any(p.search(clean) for p in table().mentions) or bool(detect(text))
