"""Typed, validated shapes of the knowledge files in `data/knowledge/`."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file, entry and field."""


def require(entry: Mapping[str, Any], key: str, where: str) -> Any:
    """Return `entry[key]`, or raise naming the file and entry."""
    value = entry.get(key)
    if value is None or value == "" or value == []:
        raise KnowledgeError(f"{where}: mangler feltet '{key}'")
    return value


def as_id(value: Any, where: str) -> str:
    """Validate an identifier (English snake_case)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise KnowledgeError(f"{where}: ugyldig id {value!r} (bruk engelsk snake_case)")
    return value


def as_date(value: Any, where: str) -> dt.date:
    """Validate a reviewed date (YAML date or ISO string)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise KnowledgeError(f"{where}: ugyldig dato {value!r}") from e


def placeholders(text: str) -> set[str]:
    """Names used as `{name}` in a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Source:
    """A document facts are taken from."""

    id: str
    kind: str
    cite: str
    title: str
    publisher: str
    url: str | None
    year: int | None
    note: str | None = None


@dataclass(frozen=True)
class Contact:
    """A phone number users may be given."""

    id: str
    display: str
    tel: str
    name: str
    use: str
    sources: tuple[str, ...]
    reviewed: dt.date
    hours: str | None = None


@dataclass(frozen=True)
class Topic:
    """One answerable topic of the guide, written in our own words."""

    id: str
    title: str
    answer: str
    sources: tuple[str, ...]
    reviewed: dt.date
    followups: tuple[str, ...] = ()
    changed: str | None = None
    facts: tuple[str, ...] = field(default=())
    lists: str | None = None  # "measures" | "contacts" | "sources"


@dataclass(frozen=True)
class Aspect:
    """One line of a measure card, and the cues that ask for it."""

    id: str
    label: str
    cues: tuple[re.Pattern[str], ...]

    def asked_in(self, text: str) -> bool:
        """True when `text` (lower-case) asks about this aspect."""
        return any(cue.search(text) for cue in self.cues)


@dataclass(frozen=True)
class Measure:
    """A protective measure as a card: its aspects, note and what changed."""

    id: str
    name: str
    names: tuple[str, ...]
    aspects: dict[str, str]  # aspect id → text, in the order of the aspect list
    sources: tuple[str, ...]
    reviewed: dt.date
    note: str | None = None
    changed: str | None = None
    needs: tuple[re.Pattern[str], ...] = ()

    def meets_need_in(self, text: str) -> bool:
        """True when `text` (lower-case) describes a need this measure meets."""
        return any(need.search(text) for need in self.needs)

    def texts(self) -> list[str]:
        """Every text of the card (for placeholder and duplicate checks)."""
        return [*self.aspects.values(), self.note or "", self.changed or ""]
