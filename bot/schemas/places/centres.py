"""crisis_centres.yml: the crisis centres, the municipalities they serve and their numbers."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any, Literal

from pydantic import root_validator, validator

from bot.schemas.base import Id, Strict, Text
from bot.schemas.checks import Problem, invalid, non_empty, unique_ids
from bot.schemas.places.fields import Number, PhoneNumber, Url, sourced, strict_bool
from bot.schemas.reading import parse, read_yaml, refuse


class _Cited(Strict):
    """Where a research fact was found: the source, its date, and notes for maintainers."""

    source: Text
    source_date: Text
    via: Text | None = None  # the fact was seen through this other source
    note: Text | None = None


class Confirmation(_Cited):
    """A second source for a link between a centre and a municipality (for maintainers)."""


class CentreLink(_Cited):
    """That a crisis centre serves a municipality, and on what evidence."""

    number: Number
    name: Text | None = None
    basis: Literal["named-in-source", "derived", "old-name-mapped"]
    basis_detail: Text | None = None  # the research file's own wording
    old_name: Text | None = None
    confirmed_by: Confirmation | None = None

    _source = root_validator(allow_reuse=True)(sourced)


class OtherListing(_Cited):
    """Another source giving the same phone number."""

    label: Text


class CentrePhone(_Cited):
    """A crisis centre's phone number as the research found it; shown only when verified."""

    number: PhoneNumber
    label: Text
    verified: bool
    source_note: Text | None = None
    also_in: tuple[OtherListing, ...] = ()

    _source = root_validator(allow_reuse=True)(sourced)

    _bool = validator("verified", pre=True, allow_reuse=True)(strict_bool)


class CrisisCentre(Strict):
    """A crisis centre as compiled from public sources (notes are for maintainers)."""

    id: Id
    name: Text
    other_names: tuple[Text, ...] = ()
    status: Literal["active", "winding_down", "closed", "uncertain"]
    verified: bool
    municipalities: tuple[CentreLink, ...] = ()
    phones: tuple[CentrePhone, ...] = ()
    host_municipality: Number | None = None
    website: Url | None = None
    sources: tuple[Text, ...] = ()
    verification_note: Text | None = None
    municipalities_note: Text | None = None
    status_note: Text | None = None
    status_source: Text | None = None
    host_source: Text | None = None
    host_text: Text | None = None
    website_source: Text | None = None
    notes: tuple[Text, ...] = ()
    phone_notes: tuple[Text, ...] = ()

    _bool = validator("verified", pre=True, allow_reuse=True)(strict_bool)

    _once = unique_ids("municipalities", key="number", twice="kommune {} er oppført to ganger")

    @validator("phones")
    def _verified_only_if_shown(
        cls, phones: tuple[CentrePhone, ...], values: dict[str, Any]
    ) -> tuple[CentrePhone, ...]:
        shown = values.get("verified") is True and values.get("status") == "active"
        problems: list[Problem] = [
            ((index, "verified"), "'verified: true' krever at senteret er verified og active")
            for index, phone in enumerate(phones)
            if phone.verified and not shown
        ]
        if problems:
            raise invalid(cls, problems)
        return phones

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the centre goes by, main name first."""
        return (self.name, *self.other_names)


class CrisisCentresFile(Strict):
    """crisis_centres.yml."""

    centres: tuple[CrisisCentre, ...]

    _entries = non_empty("centres")
    _unique = unique_ids("centres")


def load_centres(path: Path, municipalities: Collection[str]) -> dict[str, CrisisCentre]:
    """crisis_centres.yml by id; every municipality a centre names is known."""
    raw = read_yaml(path)
    centres = parse(CrisisCentresFile, raw, path=path).centres
    problems: list[Problem] = []
    for i, centre in enumerate(centres):
        if centre.host_municipality and centre.host_municipality not in municipalities:
            problems.append(
                (
                    ("centres", i, "host_municipality"),
                    f"ukjent kommunenummer '{centre.host_municipality}'",
                )
            )
        problems += [
            (("centres", i, "municipalities", j, "number"), f"ukjent kommunenummer '{link.number}'")
            for j, link in enumerate(centre.municipalities)
            if link.number not in municipalities
        ]
    refuse(CrisisCentresFile, raw, problems, path=path)
    return {centre.id: centre for centre in centres}
