"""The acute-danger patterns (bot/nlu/danger_patterns.yml): signals, and words about violence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, validator

from bot.schemas.base import Id, Patterns, Strict, Text
from bot.schemas.checks import Problem, invalid, non_empty
from bot.text import patterns
from bot.text.patterns import Found

PATH = Path("bot/nlu/danger_patterns.yml")  # below the project root
_PART = re.compile(r"\{(\w+)\}")


class Signal(Strict):
    """One kind of danger signal: its patterns, and the harmless phrases blanked first."""

    id: Id
    match: Patterns
    unless: Patterns = ()

    _match = non_empty("match")

    def find(self, text: str) -> list[Found]:
        """Where a `match` pattern is found once the `unless` phrases are blanked out."""
        return patterns.find(text, {self.id: self.match}, self.unless)


class DangerPatterns(Strict):
    """danger_patterns.yml: building blocks, signals, and mentions of violence or risk."""

    parts: dict[Id, Text] = Field(default_factory=dict)
    signals: tuple[Signal, ...]
    mentions: Patterns
    mentions_unless: Patterns = ()

    _filled = non_empty("signals", "mentions")

    @validator("signals", pre=True)
    def _expand_parts(cls, signals: Any, values: dict[str, Any]) -> Any:
        """Patterns name shared building blocks as {name}; a name not in `parts` is an error."""
        if not isinstance(signals, list):
            return signals
        parts = values.get("parts", {})
        problems: list[Problem] = []

        def expand(pattern: Any, loc: tuple[int | str, ...]) -> Any:
            if not isinstance(pattern, str):
                return pattern
            for name in _PART.findall(pattern):
                if name not in parts:  # a quantifier such as {0,30} has a comma: never a name
                    problems.append((loc, f"ukjent del {{{name}}} (se 'parts')"))
            return _PART.sub(lambda m: parts.get(m.group(1), m.group()), pattern)

        expanded = [
            {
                key: [expand(p, (index, key, n)) for n, p in enumerate(value)]
                if key in ("match", "unless") and isinstance(value, list)
                else value
                for key, value in entry.items()
            }
            if isinstance(entry, Mapping)
            else entry
            for index, entry in enumerate(signals)
        ]
        if problems:
            raise invalid(cls, problems)
        return expanded
