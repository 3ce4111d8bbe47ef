"""Deterministic detection of acute danger in a message (the emergency backstop).

The patterns are data (`danger_patterns.yml` beside this module); this module
only compiles and applies them. Used by the NLU component
:class:`bot.nlu.components.AcuteDangerBackstop` and by the actions as a
second check, so that no single misclassification can hide a message about
danger right now.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.nlu import assertion

PATTERN_FILE = Path(__file__).with_name("danger_patterns.yml")
_WHITESPACE = re.compile(r"\s+")
_PART = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Signal:
    """One kind of danger signal with its compiled patterns."""

    id: str
    match: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]

    def find(self, text: str) -> list[assertion.Found]:
        """Where a `match` pattern is found once harmless phrases are blanked out.

        Blanking (rather than vetoing the whole message) keeps "han dreper tiden
        med TV, men truer med å drepe henne" a match; blanks keep the length, so
        positions still point into `text`.
        """
        for harmless in self.unless:
            text = harmless.sub(lambda m: " " * len(m.group()), text)
        return assertion.find(text, {self.id: self.match})


def _expand(pattern: str, parts: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in parts:
            # Regex quantifiers such as {0,30} never reach here: \w+ has no comma.
            raise ValueError(f"{PATTERN_FILE.name}: unknown part {{{name}}}")
        return parts[name]

    return _PART.sub(replace, pattern)


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@functools.lru_cache(maxsize=1)
def _mentions(
    path: Path = PATTERN_FILE,
) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    data = _load(path)
    return (
        tuple(re.compile(p) for p in data.get("mentions", [])),
        tuple(re.compile(p) for p in data.get("mentions_unless", [])),
    )


@functools.lru_cache(maxsize=1)
def signals(path: Path = PATTERN_FILE) -> tuple[Signal, ...]:
    """Load and compile the danger signals (cached)."""
    data = _load(path)
    parts: dict[str, str] = data.get("parts", {})
    compiled = []
    for entry in data["signals"]:
        compiled.append(
            Signal(
                id=entry["id"],
                match=tuple(re.compile(_expand(p, parts)) for p in entry["match"]),
                unless=tuple(re.compile(_expand(p, parts)) for p in entry.get("unless", [])),
            )
        )
    return tuple(compiled)


def normalise(text: str) -> str:
    """Lower-case and collapse whitespace, the form the patterns are written for."""
    return _WHITESPACE.sub(" ", text.lower()).strip()


def read(text: str | None) -> list[assertion.Mention]:
    """Every danger signal `text` names, with what it says about it (denied, asked …)."""
    if not text:
        return []
    clean = normalise(text)
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
    mentions, harmless = _mentions()
    clean = normalise(text)
    for pattern in harmless:
        clean = pattern.sub(" ", clean)
    return any(p.search(clean) for p in mentions) or bool(detect(text))
