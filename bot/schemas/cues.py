"""The cue tables that read free-text answers in the consultation (bot/consultation/cues.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import validator

from bot.schemas.base import Id, Patterns, Strict
from bot.schemas.reading import parse, read_yaml

CUES = Path("bot/consultation/cues.yml")  # below the project root
NO_SIGN = "none"  # the signals category for "no signs"
Table = dict[Id, Patterns]  # category → patterns, in file order (the first match wins)


class OtherSenses(Strict):
    """Phrases blanked out before a table is read ("redd for sprøyter" is no fear of the abuser)."""

    other_senses: Patterns


class Cues(Strict):
    """cues.yml: one table per kind of answer or cue, and other senses for some of them."""

    yes_no: Table
    wish: Table
    signals: Table
    signals_unless: OtherSenses
    children: Table
    children_unless: OtherSenses
    despite: Table
    child_welfare: Table
    brief: Table
    consent: Table
    question: Table
    cancel: Table
    correct: Table
    questions: Table

    @validator("*", each_item=True)
    def _patterns(cls, value: Any) -> Any:
        if isinstance(value, tuple) and not value:
            raise ValueError("kan ikke være tom")
        return value

    def table(self, name: str) -> Table:
        """The table called `name`."""
        table: Table = getattr(self, name)
        return table

    def unless(self, name: str) -> Patterns:
        """The other senses blanked out before table `name` is read (often none)."""
        senses: OtherSenses | None = getattr(self, f"{name}_unless", None)
        return senses.other_senses if senses else ()


def load_cues(path: Path) -> Cues:
    """cues.yml, compiled and checked."""
    return parse(Cues, read_yaml(path), path=path)
