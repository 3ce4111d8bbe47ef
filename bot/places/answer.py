"""The answer to a look-up, planned without a tracker: which replies, which slots.

An action sends `PlaceAnswer.replies` in order (a domain response with its
values, or a topic's answer from the knowledge) and sets `PlaceAnswer.slots`.
Every fact comes from data/knowledge/; when no active centre is known, the
national line (FALLBACK_CONTACT in contacts.yml) is offered instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot import names
from bot.knowledge import knowledge
from bot.knowledge.render import Button, cite
from bot.places.message import named_municipality, unknown_name
from bot.places.model import CentreMatch, Resolution, Service
from bot.places.store import places
from bot.text.standard import DEFAULT, Standard

FALLBACK_CONTACT = "vo_linjen"  # contacts.yml: offered when no active centre is known


@dataclass(frozen=True)
class Reply:
    """One message: a domain `response` with `values` and `buttons`, or a `topic`'s answer.

    A value may be a Bilingual text: the sender picks the conversation's standard.
    """

    response: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    topic: str = ""
    followups: bool = False  # for a topic: offer its follow-up questions


@dataclass(frozen=True)
class PlaceAnswer:
    """The replies to send, in order, and the slots to set (slot name → value)."""

    replies: tuple[Reply, ...]
    slots: Mapping[str, str | None]


@dataclass(frozen=True)
class CentreInfo:
    """The active crisis centre(s) of a municipality, as values for a reply."""

    municipality: str
    centres: tuple[CentreMatch, ...]

    @property
    def names(self) -> str:
        """The active centres' names, joined for a sentence."""
        return " og ".join(c.name for c in self.centres)

    @property
    def phones(self) -> str:
        """The numbers that may be shown, each once."""
        return ", ".join(dict.fromkeys(p.number for c in self.centres for p in c.phones))

    @property
    def sources(self) -> str:
        """Where the link between municipality and centre comes from."""
        return "; ".join(dict.fromkeys(f"{c.source} ({c.source_date})" for c in self.centres))


def centre_info(number: str) -> CentreInfo:
    """The active centres serving a municipality, with the numbers that may be shown."""
    municipality = places().municipality(number).display_name
    return CentreInfo(municipality, tuple(m for m in places().centres_for(number) if m.is_active))


def centre_lines(number: str | None, standard: Standard = DEFAULT) -> tuple[str, ...]:
    """Short lines about the local crisis centre for the consultation proposal."""
    if not number or number not in places().municipalities:
        return ()
    info = centre_info(number)
    if not info.centres:
        line = knowledge().contacts[FALLBACK_CONTACT]
        return (f"- {line.name.to(standard)}: {line.display}",)
    return (f"- {info.names}" + (f": {info.phones}" if info.phones else ""),)


@dataclass(frozen=True)
class DistrictInfo:
    """The police district of a municipality, as values for a reply."""

    municipality: str
    district: str
    sources: str


def district_info(number: str) -> DistrictInfo:
    """Which police district a municipality belongs to, with the sources of that mapping."""
    municipality = places().municipality(number)
    mapping = [
        places().sources[key].publisher for key in municipality.sources if key.startswith("PD")
    ]
    return DistrictInfo(
        municipality=municipality.display_name,
        district=places().district(number).name,
        sources="; ".join([cite(knowledge(), ("police_districts_2016",)), *mapping]),
    )


def look_up_after(topic: str, text: str) -> Service | None:
    """The look-up to add after answering `topic`, when the question names a municipality.

    "Er krisesenteret i Stavanger åpent om natta?": the topic's answer, then
    Stavanger's crisis centre (data/knowledge/place_topics.yml).
    """
    service = places().topic_services.get(topic)
    return service if service and named_municipality(text) else None


def answer_place(want: Service, text: str, *, remembered: str | None) -> PlaceAnswer:
    """Answer a look-up of `want` for the place `text` names (or the `remembered` number)."""
    asked = {names.SLOT_PLACE_QUESTION: want}
    resolution = places().resolve(text)
    if resolution.kind == "ambiguous":
        return PlaceAnswer((_which(resolution),), asked)
    number = resolution.municipality.number if resolution.municipality else None
    if number is None:
        typed = unknown_name(text)
        if typed is not None:
            return PlaceAnswer((_unknown(typed),), asked)
        if remembered not in places().municipalities:
            # Answer what can be said without a place, then ask for it.
            general = [Reply(topic="family_violence_coordinator")] if want != "centre" else []
            general += [Reply(topic="crisis_centre_promise")] if want != "district" else []
            return PlaceAnswer((*general, Reply(names.UTTER_ASK_PLACE)), asked)
        number = remembered  # "og politidistriktet?"
    replies = [*_alias(resolution)]
    if want in ("centre", "both"):
        replies += _centre(number)
    if want in ("district", "both"):
        replies += _district(number)
    replies += _local_contacts(number)
    return PlaceAnswer(
        tuple(replies), {names.SLOT_MUNICIPALITY: number, names.SLOT_PLACE_QUESTION: None}
    )


def _which(resolution: Resolution) -> Reply:
    shown = [c.municipality.display_name for c in resolution.candidates]
    return Reply(
        names.UTTER_PLACE_AMBIGUOUS,
        {"name": resolution.candidates[0].municipality.name},
        tuple(Button(name, name) for name in shown),
    )


def _unknown(typed: str) -> Reply:
    suggestions = places().suggest(typed)
    response = names.UTTER_PLACE_UNKNOWN if suggestions else names.UTTER_PLACE_UNKNOWN_NO_MATCH
    return Reply(response, {"name": typed}, tuple(Button(s, s) for s in suggestions))


def _alias(resolution: Resolution) -> list[Reply]:
    """A note when the place was found through a former municipality or a town."""
    if not (resolution.alias and resolution.municipality):
        return []
    response = names.UTTER_PLACE_FORMER if resolution.is_former_name else names.UTTER_PLACE_TOWN
    values = {
        "alias": resolution.alias.alias,
        "municipality": resolution.municipality.display_name,
    }
    return [Reply(response, values)]


def _centre(number: str) -> list[Reply]:
    info = centre_info(number)
    if not info.centres:
        line = knowledge().contacts[FALLBACK_CONTACT]
        values = {
            "municipality": info.municipality,
            "vo_name": line.name,
            "vo_number": line.display,
            "vo_hours": line.hours or "",  # Bilingual, or none
        }
        return [Reply(names.UTTER_CENTRE_UNKNOWN, values)]
    response = names.UTTER_CENTRE_FOUND if info.phones else names.UTTER_CENTRE_NO_PHONE
    values = {
        "municipality": info.municipality,
        "centres": info.names,
        "phones": info.phones,
        "sources": info.sources,
    }
    return [
        Reply(response, values),
        Reply(topic="crisis_centre"),
        Reply(topic="crisis_centre_promise", followups=True),
    ]


def _district(number: str) -> list[Reply]:
    info = district_info(number)
    values = {
        "municipality": info.municipality,
        "district": info.district,
        "sources": info.sources,
        **knowledge().numbers(),
    }
    return [Reply(names.UTTER_DISTRICT, values), Reply(topic="family_violence_coordinator")]


def _local_contacts(number: str) -> list[Reply]:
    """The organisation's own contacts for the municipality (data/knowledge/local/)."""
    contacts = places().local_contacts(number)
    if not contacts:
        return []
    lines = [
        f"- {c.service}"
        + (f": {c.phone}" if c.phone else "")
        + (f" ({c.hours})" if c.hours else "")
        for c in contacts
    ]
    sources = dict.fromkeys(f"{c.owner}: {c.source} ({c.reviewed})" for c in contacts)
    values = {
        "municipality": places().municipality(number).display_name,
        "contacts": "\n".join(lines),
        "sources": "; ".join(sources),
    }
    return [Reply(names.UTTER_LOCAL_CONTACTS, values)]
