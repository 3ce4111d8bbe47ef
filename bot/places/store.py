"""The place data, loaded once per process, with the queries replies need."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from bot.knowledge import knowledge
from bot.knowledge.store import KNOWLEDGE_DIR
from bot.places.model import CentreMatch, LinkBasis, Phone, Resolution
from bot.places.resolve import PlaceResolver
from bot.schemas import places as schema
from bot.schemas.places import (
    CrisisCentre,
    LocalContact,
    LocalLink,
    Municipality,
    PoliceDistrict,
)
from bot.text.fold import plain

_BASIS_RANK = {"local": 0, "named-in-source": 1, "old-name-mapped": 2, "derived": 3}


class Places:
    """Municipalities, police districts and crisis centres, checked, with local overrides."""

    def __init__(self, directory: Path = KNOWLEDGE_DIR, local_dir: Path | None = None) -> None:
        data = schema.load(directory, local_dir, topics=knowledge().topics)
        self.sources = data.sources
        self.districts = data.districts
        self.municipalities = data.municipalities
        self.aliases = data.aliases
        self.centres = data.centres
        self.local_files = tuple(data.local)
        self.topic_services = data.topics.services()
        # The organisation's own numbers replace a centre's research numbers.
        self.local_phones: dict[str, tuple[Phone, ...]] = {}
        self._local_links: list[LocalLink] = []
        self._contacts: list[LocalContact] = []
        for local in data.local.values():
            for phone in local.centre_phones:
                shown = Phone(phone.number, phone.source, str(phone.reviewed), phone.owner)
                self.local_phones[phone.centre] = (*self.local_phones.get(phone.centre, ()), shown)
            self._local_links += local.centre_links
            self._contacts += local.contacts
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

    def phones(self, centre: CrisisCentre) -> tuple[Phone, ...]:
        """Numbers of `centre` that may be shown to users.

        The organisation's own numbers (local override) replace the research
        numbers; otherwise only verified numbers of an active centre, once each.
        """
        if centre.id in self.local_phones:
            return self.local_phones[centre.id]
        if centre.status != "active":
            return ()
        shown: dict[str, Phone] = {}
        for phone in centre.phones:
            if phone.verified:
                shown.setdefault(phone.number, Phone(phone.number, phone.source, phone.source_date))
        return tuple(shown.values())

    def _links(self, number: str) -> list[tuple[CrisisCentre, LinkBasis, str, str]]:
        """(centre, basis, source, source date) for every centre said to serve `number`."""
        found: list[tuple[CrisisCentre, LinkBasis, str, str]] = [
            (centre, link.basis, link.source, link.source_date)
            for centre in self.centres.values()
            for link in centre.municipalities
            if link.number == number
        ]
        for link in self._local_links:
            if link.municipality == number:
                found = [f for f in found if f[0].id != link.centre]
                found.append((self.centres[link.centre], "local", link.source, str(link.reviewed)))
        return found

    def centres_for(self, number: str) -> list[CentreMatch]:
        """Centres serving a municipality: active ones first, best evidence first.

        Empty when no source links the municipality to a centre.
        """
        self.municipality(number)
        matches = [
            CentreMatch(
                centre_id=centre.id,
                name=centre.name,
                other_names=centre.other_names,
                status=centre.status,
                basis=basis,
                source=source,
                source_date=date,
                phones=self.phones(centre),
            )
            for centre, basis, source, date in self._links(number)
        ]
        return sorted(matches, key=lambda m: (not m.is_active, _BASIS_RANK[m.basis]))

    def local_contacts(self, number: str) -> list[LocalContact]:
        """The organisation's own contacts for a municipality (local override files)."""
        return [c for c in self._contacts if c.municipality == number]

    def names(self) -> Iterator[str]:
        """Every place name: municipalities (as written and with plain letters), towns, counties."""
        for m in self.municipalities.values():
            for surface in {m.name, m.display_name, *m.alt_names}:
                yield surface
                if plain(surface) != surface:
                    yield plain(surface)
            if m.qualified_name:
                yield f"{m.name} i {m.county}"
        yield from sorted({a.alias for a in self.aliases})
        yield from sorted({m.county for m in self.municipalities.values()})


@functools.lru_cache(maxsize=1)
def places() -> Places:
    """The project's place data, loaded and checked once per process."""
    return Places()
