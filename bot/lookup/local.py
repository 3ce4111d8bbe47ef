"""An organisation's own contacts and corrections, from data/knowledge/local/*.yml.

Each file names its `owner`; each entry carries a `source` and a `reviewed` date
(its own, or the file's). Entries are treated as verified by that organisation.
A file with `example: true` is validated but never used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.model import as_date
from bot.knowledge.store import read_yaml
from bot.lookup.load import need
from bot.lookup.model import Centre, LocalContact, LookupDataError, Municipality, Phone
from bot.lookup.phone import is_norwegian_number

SECTIONS = ("contacts", "centre_phones", "centre_links")


@dataclass(frozen=True)
class LocalLink:
    """An organisation's statement that a centre serves a municipality."""

    municipality: str
    centre_id: str
    source: str
    owner: str
    reviewed: dt.date


@dataclass
class LocalData:
    """Everything read from the local override files."""

    contacts: list[LocalContact] = field(default_factory=list)
    centre_phones: dict[str, list[Phone]] = field(default_factory=dict)
    centre_links: list[LocalLink] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _phone(entry: dict[str, Any], key: str, where: str) -> str:
    number = need(entry, key, where)
    if not is_norwegian_number(number):
        raise LookupDataError(f"{where}: '{key}' {number!r} er ikke et norsk telefonnummer")
    return number


def _read_file(
    path: Path,
    municipalities: dict[str, Municipality],
    centres: dict[str, Centre],
    into: LocalData,
) -> None:
    data = read_yaml(path)
    unknown = set(data) - {"owner", "reviewed", "example", *SECTIONS}
    if unknown:
        raise LookupDataError(f"{path.name}: ukjente felt {sorted(unknown)}")
    entries = [(s, i, e) for s in SECTIONS for i, e in enumerate(data.get(s) or [])]
    if not entries:
        return
    owner = need(data, "owner", path.name)
    for section, index, entry in entries:
        where = f"{path.name}: {section}[{index}]"
        reviewed = as_date(entry.get("reviewed") or need(data, "reviewed", where), where)
        source = need(entry, "source", where)
        if section == "centre_phones":
            centre = need(entry, "centre", where)
            if centre not in centres:
                raise LookupDataError(f"{where}: ukjent krisesenter {centre!r}")
            phone = Phone(
                number=_phone(entry, "number", where),
                label=need(entry, "label", where),
                source=source,
                source_date=reviewed.isoformat(),
                verified=True,
                origin="local",
                owner=owner,
            )
            into.centre_phones.setdefault(centre, []).append(phone)
            continue
        number = need(entry, "municipality", where)
        if number not in municipalities:
            raise LookupDataError(f"{where}: ukjent kommunenummer {number!r}")
        if section == "centre_links":
            centre = need(entry, "centre", where)
            if centre not in centres:
                raise LookupDataError(f"{where}: ukjent krisesenter {centre!r}")
            into.centre_links.append(LocalLink(number, centre, source, owner, reviewed))
        else:
            into.contacts.append(
                LocalContact(
                    municipality=number,
                    service=need(entry, "service", where),
                    phone=_phone(entry, "phone", where) if entry.get("phone") else None,
                    hours=entry.get("hours"),
                    source=source,
                    owner=owner,
                    reviewed=reviewed,
                    file=path.name,
                )
            )


def load_local(
    directory: Path, municipalities: dict[str, Municipality], centres: dict[str, Centre]
) -> LocalData:
    """Read every `*.yml` in `directory` (missing directory: nothing)."""
    result = LocalData()
    if not directory.is_dir():
        return result
    for path in sorted(directory.glob("*.yml")):
        scratch = LocalData()
        _read_file(path, municipalities, centres, scratch)
        if read_yaml(path).get("example") is True:
            continue
        result.contacts += scratch.contacts
        result.centre_links += scratch.centre_links
        for centre, phones in scratch.centre_phones.items():
            result.centre_phones.setdefault(centre, []).extend(phones)
        result.files.append(path.name)
    return result
