"""Typed shapes of municipalities, police districts, crisis centres and place aliases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.knowledge.model import KnowledgeError

CentreStatus = Literal["active", "winding_down", "closed", "uncertain"]
LinkBasis = Literal["named-in-source", "derived", "old-name-mapped", "local"]
AliasKind = Literal["former_municipality", "town"]
MatchKind = Literal["number", "name", "qualified_name", "alt_name", "former_municipality", "town"]


class LookupDataError(KnowledgeError):
    """A place or centre file is malformed; the message names the file, row and field."""


@dataclass(frozen=True)
class Municipality:
    """A municipality of 2024 (one of 357)."""

    number: str
    name: str
    county: str
    police_district: str  # id in police_districts.yml
    alt_names: tuple[str, ...] = ()  # official Sami and Kven names
    qualified_name: str | None = None  # "Herøy (Nordland)" where the name is shared
    sources: tuple[str, ...] = ()  # keys in municipality_sources.yml
    district_basis: str = ""

    @property
    def display_name(self) -> str:
        """The name to show: qualified by county where two municipalities share it."""
        return self.qualified_name or self.name


@dataclass(frozen=True)
class PoliceDistrict:
    """One of the 12 police districts."""

    id: str
    name: str
    short_name: str
    counties: tuple[str, ...]
    coverage: str
    sources: tuple[str, ...]
    source_date: str


@dataclass(frozen=True)
class PlaceAlias:
    """A former municipality or a town, mapped to today's municipality."""

    alias: str
    municipality_number: str
    kind: AliasKind
    note: str
    source: str
    source_date: str


@dataclass(frozen=True)
class Phone:
    """A phone number of a crisis centre, with where it was read."""

    number: str  # Norwegian format: "NN NN NN NN", or "NNN NN NNN" for mobiles
    label: str
    source: str
    source_date: str
    verified: bool
    origin: Literal["research", "local"] = "research"
    owner: str | None = None  # the organisation behind a local override
    note: str | None = None


@dataclass(frozen=True)
class CentreLink:
    """That a centre serves a municipality, and on what evidence."""

    number: str
    basis: LinkBasis
    source: str
    source_date: str
    basis_detail: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Centre:
    """A crisis centre as compiled from public sources."""

    id: str
    name: str
    other_names: tuple[str, ...]
    status: CentreStatus
    verified: bool
    links: tuple[CentreLink, ...]
    phones: tuple[Phone, ...]
    host_municipality: str | None = None
    website: str | None = None
    verification_note: str | None = None
    status_note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the centre goes by, main name first."""
        return (self.name, *self.other_names)


@dataclass(frozen=True)
class CentreMatch:
    """A centre serving a municipality, ready for a reply.

    `phones` holds only numbers that may be shown to users: verified numbers of
    an active centre, or the organisation's own local override.
    """

    centre_id: str
    name: str
    other_names: tuple[str, ...]
    status: CentreStatus
    basis: LinkBasis
    source: str
    source_date: str
    phones: tuple[Phone, ...]
    website: str | None = None

    @property
    def is_active(self) -> bool:
        """False when the centre is being wound up, closed or of uncertain status."""
        return self.status == "active"


@dataclass(frozen=True)
class Fallback:
    """What to offer when no active centre with a usable number is known.

    `contact_id` and `directory_source_id` are ids in contacts.yml and sources.yml.
    """

    reason: Literal["no_centre_data", "no_active_centre", "no_verified_phone"]
    contact_id: str = "vo_linjen"
    directory_source_id: str = "dinutvei"
    inactive_centres: tuple[str, ...] = ()  # names of wound-up or closed centres that were linked


@dataclass(frozen=True)
class LocalContact:
    """An organisation's own contact for a municipality (data/knowledge/local/)."""

    municipality: str
    service: str
    phone: str | None
    hours: str | None
    source: str
    owner: str
    reviewed: dt.date
    file: str


@dataclass(frozen=True)
class Candidate:
    """A municipality a place name may mean, and through which name."""

    municipality: Municipality
    match: MatchKind
    alias: PlaceAlias | None = None


@dataclass(frozen=True)
class Resolution:
    """What a place name in a message refers to.

    kind "found": `municipality` is set; `alias` tells when the name was a former
    municipality or a town ("Førde" → Sunnfjord). kind "ambiguous": `candidates`
    lists the municipalities it may mean, with their counties. kind "unknown":
    `suggestions` lists close names.
    """

    kind: Literal["found", "ambiguous", "unknown"]
    query: str
    municipality: Municipality | None = None
    match: MatchKind | None = None
    alias: PlaceAlias | None = None
    matched_text: str | None = None
    exact: bool = True
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = field(default=())

    @property
    def is_former_name(self) -> bool:
        """True when the place was found through a former municipality name."""
        return self.alias is not None and self.alias.kind == "former_municipality"
