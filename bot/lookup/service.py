"""The look-up API: municipalities, police districts and crisis centres for a place."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from bot.knowledge.store import KNOWLEDGE_DIR
from bot.lookup.centres import load_centres
from bot.lookup.load import load_aliases, load_districts, load_municipalities, source_keys
from bot.lookup.local import LocalData, load_local
from bot.lookup.model import (
    Centre,
    CentreLink,
    CentreMatch,
    Fallback,
    LocalContact,
    Municipality,
    Phone,
    PlaceAlias,
    PoliceDistrict,
    Resolution,
)
from bot.lookup.resolve import PlaceResolver, plain
from bot.names import ENTITY_COUNTY, ENTITY_PLACE

_BASIS_RANK = {"local": 0, "named-in-source": 1, "old-name-mapped": 2, "derived": 3}


class Lookups:
    """Validated place and centre data with the queries replies need."""

    def __init__(self, directory: Path = KNOWLEDGE_DIR, local_dir: Path | None = None) -> None:
        self.districts: dict[str, PoliceDistrict] = load_districts(
            directory / "police_districts.yml"
        )
        keys = source_keys(directory / "municipality_sources.yml")
        self.municipalities: dict[str, Municipality] = load_municipalities(
            directory / "municipalities.csv", self.districts, keys
        )
        self.aliases: list[PlaceAlias] = load_aliases(
            directory / "place_aliases.csv", self.municipalities
        )
        self.centres: dict[str, Centre] = load_centres(
            directory / "crisis_centres.yml", self.municipalities
        )
        self.local: LocalData = load_local(
            local_dir if local_dir is not None else directory / "local",
            self.municipalities,
            self.centres,
        )
        self._resolver = PlaceResolver(self.municipalities.values(), self.aliases)

    def municipality(self, number: str) -> Municipality:
        """The municipality with this number (KeyError if there is none)."""
        return self.municipalities[number]

    def resolve(self, text: str, county: str | None = None) -> Resolution:
        """Which municipality `text` names; see `Resolution`."""
        return self._resolver.resolve(text, county)

    def suggest(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """Place names close to what was typed, for "did you mean"."""
        return self._resolver.suggest(text, limit)

    def district(self, number: str) -> PoliceDistrict:
        """The police district a municipality belongs to."""
        return self.districts[self.municipality(number).police_district]

    def phones(self, centre: Centre) -> tuple[Phone, ...]:
        """Numbers of `centre` that may be shown to users.

        The organisation's own numbers (local override) replace the research
        numbers; otherwise only verified numbers of an active centre, once each.
        """
        local = self.local.centre_phones.get(centre.id)
        if local:
            return tuple(local)
        if centre.status != "active":
            return ()
        shown: dict[str, Phone] = {}
        for phone in centre.phones:
            if phone.verified and phone.origin == "research":
                shown.setdefault(phone.number, phone)
        return tuple(shown.values())

    def _links(self, number: str) -> list[tuple[Centre, CentreLink]]:
        found = [
            (c, link) for c in self.centres.values() for link in c.links if link.number == number
        ]
        for local in self.local.centre_links:
            if local.municipality == number:
                link = CentreLink(
                    number, "local", local.source, local.reviewed.isoformat(), local.owner
                )
                found = [(c, lk) for c, lk in found if c.id != local.centre_id]
                found.append((self.centres[local.centre_id], link))
        return found

    def centres_for(self, number: str) -> list[CentreMatch]:
        """Centres serving a municipality: active ones first, best evidence first.

        Empty when no source links the municipality to a centre; then, or when no
        match is active or has a number, use `fallback(number)`.
        """
        self.municipality(number)
        matches = [
            CentreMatch(
                centre_id=centre.id,
                name=centre.name,
                other_names=centre.other_names,
                status=centre.status,
                basis=link.basis,
                source=link.source,
                source_date=link.source_date,
                phones=self.phones(centre),
                website=centre.website,
            )
            for centre, link in self._links(number)
        ]
        return sorted(matches, key=lambda m: (not m.is_active, _BASIS_RANK[m.basis]))

    def fallback(self, number: str) -> Fallback | None:
        """What to offer when the data has no active centre with a usable number."""
        matches = self.centres_for(number)
        inactive = tuple(m.name for m in matches if not m.is_active)
        closed_here = tuple(
            c.name for c in self.centres.values()
            if c.host_municipality == number and c.status == "closed"
        )  # fmt: skip
        active = [m for m in matches if m.is_active]
        if not matches:
            return Fallback("no_centre_data", inactive_centres=closed_here)
        if not active:
            return Fallback("no_active_centre", inactive_centres=inactive + closed_here)
        if not any(m.phones for m in active):
            return Fallback("no_verified_phone", inactive_centres=inactive)
        return None

    def local_contacts(self, number: str) -> list[LocalContact]:
        """The organisation's own contacts for a municipality (local override files)."""
        return [c for c in self.local.contacts if c.municipality == number]

    def gazetteer_entries(self) -> Iterator[tuple[str, str, str]]:
        """(entity, value, surface name) for every place and county name.

        `value` is what to pass to `resolve`: a municipality's display name, or
        the former name or town itself, so the reply can say what it matched.
        """
        for m in self.municipalities.values():
            for surface in {m.name, m.display_name, *m.alt_names}:
                yield ENTITY_PLACE, m.display_name, surface
                if plain(surface) != surface:
                    yield ENTITY_PLACE, m.display_name, plain(surface)
            if m.qualified_name:
                yield ENTITY_PLACE, m.display_name, f"{m.name} i {m.county}"
        for alias in sorted({a.alias for a in self.aliases}):
            yield ENTITY_PLACE, alias, alias
        for county in sorted({m.county for m in self.municipalities.values()}):
            yield ENTITY_COUNTY, county, county


@functools.lru_cache(maxsize=1)
def lookups() -> Lookups:
    """The project's place and centre data, loaded and checked once per process."""
    return Lookups()
