"""The organisation's own files in data/knowledge/local/: contacts and corrections.

Every entry carries a `source`, an `owner` (who stands behind it) and a
`reviewed` date, each its own or the file's: once loaded, every entry has all
three. A file with `example: true` is checked but never used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import root_validator

from bot.schemas.base import Id, Strict, Text
from bot.schemas.checks import Problem, invalid
from bot.schemas.places.fields import Number, PhoneNumber
from bot.schemas.reading import parse, read_yaml, refuse


class _Sourced(Strict):
    """What every local entry carries: its source, and an owner and date (else the file's)."""

    source: Text
    owner: Text | None = None  # the file's when not given
    reviewed: dt.date | None = None  # the file's when not given


class LocalContact(_Sourced):
    """A municipality's own service, e.g. its violence coordinator."""

    municipality: Number
    service: Text
    phone: PhoneNumber | None = None
    hours: Text | None = None


class LocalPhone(_Sourced):
    """A crisis-centre number the organisation confirmed; it replaces the research numbers."""

    centre: Id
    number: PhoneNumber
    label: Text


class LocalLink(_Sourced):
    """That a centre serves a municipality, as the organisation knows it."""

    municipality: Number
    centre: Id


class LocalFile(Strict):
    """A file in data/knowledge/local/: an organisation's own contacts and corrections."""

    example: bool = False  # validated, never used
    owner: Text | None = None
    reviewed: dt.date | None = None
    contacts: tuple[LocalContact, ...] = ()
    centre_phones: tuple[LocalPhone, ...] = ()
    centre_links: tuple[LocalLink, ...] = ()

    @root_validator(skip_on_failure=True)
    def _owned_and_dated(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Every entry gets the file's owner and date unless it has its own."""
        problems: list[Problem] = []
        for section in ("contacts", "centre_phones", "centre_links"):
            filled = []
            for index, entry in enumerate(values[section]):
                own = {key: getattr(entry, key) or values[key] for key in ("owner", "reviewed")}
                problems += [
                    ((section, index, key), "mangler (her eller øverst i filen)")
                    for key, value in own.items()
                    if value is None
                ]
                filled.append(entry.copy(update=own))
            values[section] = tuple(filled)
        if problems:
            raise invalid(cls, problems)
        return values


def load_local(
    directory: Path, municipalities: Collection[str], centres: Collection[str]
) -> dict[str, LocalFile]:
    """Every *.yml in `directory` (none when it does not exist), examples checked and left out."""
    found: dict[str, LocalFile] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else ():
        raw = read_yaml(path)
        local = parse(LocalFile, raw, path=path)
        problems: list[Problem] = []
        for section in ("contacts", "centre_links"):
            problems += [
                ((section, i, "municipality"), f"ukjent kommunenummer '{entry.municipality}'")
                for i, entry in enumerate(getattr(local, section))
                if entry.municipality not in municipalities
            ]
        for section in ("centre_phones", "centre_links"):
            problems += [
                ((section, i, "centre"), f"ukjent krisesenter '{entry.centre}'")
                for i, entry in enumerate(getattr(local, section))
                if entry.centre not in centres
            ]
        refuse(LocalFile, raw, problems, path=path)
        if not local.example:
            found[path.name] = local
    return found
