"""What the place queries return: centres serving a municipality, what a place name means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.schemas.places import Municipality, PlaceAlias

Service = Literal["centre", "district", "both"]  # what a look-up asks for
MatchKind = Literal["number", "name", "qualified_name", "alt_name", "former_municipality", "town"]
LinkBasis = Literal["named-in-source", "derived", "old-name-mapped", "local"]
CentreStatus = Literal["active", "winding_down", "closed", "uncertain"]


@dataclass(frozen=True)
class Phone:
    """A crisis-centre number that may be shown to users, and where it was read."""

    number: str  # "NN NN NN NN", or "NNN NN NNN" for mobiles
    source: str
    source_date: str
    owner: str | None = None  # the organisation behind a local number


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

    @property
    def is_active(self) -> bool:
        """False when the centre is being wound up, closed or of uncertain status."""
        return self.status == "active"


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
    no municipality is named (`Places.suggest` finds names close to a typo).
    """

    kind: Literal["found", "ambiguous", "unknown"]
    municipality: Municipality | None = None
    match: MatchKind | None = None
    alias: PlaceAlias | None = None
    matched_text: str | None = None
    exact: bool = True
    candidates: tuple[Candidate, ...] = ()

    @property
    def is_former_name(self) -> bool:
        """True when the place was found through a former municipality name."""
        return self.alias is not None and self.alias.kind == "former_municipality"
