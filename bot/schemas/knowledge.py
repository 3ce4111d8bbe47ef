"""The knowledge files in data/knowledge/: sources, contacts, topics and measures.

Each file is one model; `load` reads all four and checks what one file says
about another (every source id exists, every `{contact_id}` in a text is a
known number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import root_validator, validator

from bot.schemas.base import Bilingual, Id, Patterns, Strict, Text
from bot.schemas.checks import Problem, invalid, non_empty, unique_ids, unknown_ids
from bot.schemas.numbers import number_problems, unknown_numbers
from bot.schemas.reading import parse, read_yaml, refuse
from bot.text.standard import STANDARDS

DIRECTORY = Path("data/knowledge")  # below the project root


class Source(Strict):
    """A document facts are taken from."""

    id: Id
    kind: Literal["guide", "guide_reference", "update"]
    cite: Text
    title: Text
    publisher: Text
    url: Text | None = None
    year: int | None = None
    note: Text | None = None


class Contact(Strict):
    """A phone number users may be given."""

    id: Id
    tel: Text
    display: Text
    name: Bilingual
    use: Bilingual
    sources: tuple[Id, ...]
    reviewed: dt.date
    hours: Bilingual | None = None

    _sources = non_empty("sources")

    @validator("tel")
    def _digits(cls, tel: str) -> str:
        if not tel.isdigit():
            raise ValueError(f"skal bare ha sifre, fikk {tel!r}")
        return tel

    @validator("display")
    def _same_number(cls, display: str, values: dict[str, Any]) -> str:
        if "tel" in values and display.replace(" ", "") != values["tel"]:
            raise ValueError(f"{display!r} er ikke samme nummer som 'tel'")
        return display


class Topic(Strict):
    """One answerable topic of the guide, written in our own words."""

    id: Id
    title: Bilingual
    answer: Bilingual
    sources: tuple[Id, ...]
    reviewed: dt.date
    followups: tuple[Id, ...] = ()
    changed: Bilingual | None = None
    facts: tuple[Id, ...] = ()
    lists: Literal["measures", "contacts", "sources"] | None = None

    _sources = non_empty("sources")


class Aspect(Strict):
    """One line of a measure card, and the cues that ask for it."""

    id: Id
    label: Bilingual
    cues: Patterns

    _cues = non_empty("cues")

    def asked_in(self, text: str) -> bool:
        """True when `text` (lower-case) asks about this aspect."""
        return any(cue.search(text) for cue in self.cues)


class Measure(Strict):
    """A protective measure as a card: its aspects, note and what changed."""

    id: Id
    name: Bilingual
    names: tuple[Text, ...]
    aspects: dict[Id, Bilingual]  # aspect id → text, in the order of the aspect list
    sources: tuple[Id, ...]
    reviewed: dt.date
    note: Bilingual | None = None
    changed: Bilingual | None = None
    needs: Patterns = ()

    _filled = non_empty("names", "sources")

    @root_validator(pre=True)
    def _gather_aspects(cls, values: Any) -> Any:
        """The file writes a card's lines as fields named by aspect id ("what: …")."""
        if not isinstance(values, Mapping):
            return values
        own = set(cls.__fields__) - {"aspects"}
        lines = {key: text for key, text in values.items() if key not in own}
        return {**{key: v for key, v in values.items() if key in own}, "aspects": lines}

    @validator("names")
    def _lower(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name.lower() for name in names)

    def meets_need_in(self, text: str) -> bool:
        """True when `text` (lower-case) describes a need this measure meets."""
        return any(need.search(text) for need in self.needs)

    def texts(self) -> list[str]:
        """Every text of the card, in both standards (for placeholder and duplicate checks)."""
        shown = [*self.aspects.values(), self.note, self.changed]
        return [text.to(standard) for text in shown if text for standard in STANDARDS]


class SourcesFile(Strict):
    """sources.yml."""

    sources: tuple[Source, ...]

    _entries = non_empty("sources")
    _unique = unique_ids("sources")


class ContactsFile(Strict):
    """contacts.yml."""

    contacts: tuple[Contact, ...]

    _entries = non_empty("contacts")
    _unique = unique_ids("contacts")


class TopicsFile(Strict):
    """topics.yml."""

    topics: tuple[Topic, ...]

    _entries = non_empty("topics")
    _unique = unique_ids("topics")

    @validator("topics")
    def _known_followups(cls, topics: tuple[Topic, ...]) -> tuple[Topic, ...]:
        known = {topic.id for topic in topics}
        problems = unknown_ids(topics, "followups", known, "emne")
        if problems:
            raise invalid(cls, problems)
        return topics


class MeasuresFile(Strict):
    """measures.yml: the aspects of a card, then the measures."""

    aspects: tuple[Aspect, ...]
    measures: tuple[Measure, ...]

    _entries = non_empty("aspects", "measures")
    _unique = unique_ids("aspects", "measures")

    @validator("measures")
    def _known_aspects(
        cls, measures: tuple[Measure, ...], values: dict[str, Any]
    ) -> tuple[Measure, ...]:
        order = [aspect.id for aspect in values.get("aspects", ())]
        if not order:
            return measures
        problems: list[Problem] = []
        for index, measure in enumerate(measures):
            problems += [
                ((index, key), "ukjent felt (ikke et av aspektene i 'aspects')")
                for key in measure.aspects
                if key not in order
            ]
            if "what" not in measure.aspects:  # every card says what the measure is
                problems.append(((index, "what"), "mangler"))
        if problems:
            raise invalid(cls, problems)
        return tuple(
            m.copy(update={"aspects": {a: m.aspects[a] for a in order if a in m.aspects}})
            for m in measures
        )


@dataclass(frozen=True)
class Knowledge:
    """Everything in `data/knowledge/` the assistant states, checked and cross-referenced."""

    sources: dict[str, Source]
    contacts: dict[str, Contact]
    topics: dict[str, Topic]
    aspects: dict[str, Aspect]
    measures: dict[str, Measure]

    def numbers(self) -> dict[str, str]:
        """Contact id → number as shown to users, for filling `{id}` in texts."""
        return {contact.id: contact.display for contact in self.contacts.values()}


def load(directory: Path) -> Knowledge:
    """Read the knowledge files in `directory` and check what they say about each other."""
    raw = {
        name: read_yaml(directory / f"{name}.yml")
        for name in ("sources", "contacts", "topics", "measures")
    }
    sources = parse(SourcesFile, raw["sources"], path=directory / "sources.yml").sources
    contacts = parse(ContactsFile, raw["contacts"], path=directory / "contacts.yml").contacts
    topics = parse(TopicsFile, raw["topics"], path=directory / "topics.yml").topics
    cards = parse(MeasuresFile, raw["measures"], path=directory / "measures.yml")
    known = {source.id for source in sources}
    numbers = {contact.id for contact in contacts}
    contact_problems = unknown_ids(contacts, "sources", known, "kilde", at="contacts")
    refuse(ContactsFile, raw["contacts"], contact_problems, path=directory / "contacts.yml")
    topic_problems = unknown_ids(topics, "sources", known, "kilde", at="topics")
    topic_problems += number_problems(raw["topics"], numbers)
    refuse(TopicsFile, raw["topics"], topic_problems, path=directory / "topics.yml")
    measure_problems = unknown_ids(cards.measures, "sources", known, "kilde", at="measures")
    for index, measure in enumerate(cards.measures):
        texts = {**measure.aspects, "note": measure.note, "changed": measure.changed}
        for field, text in texts.items():
            for standard in STANDARDS:
                loc = ("measures", index, field, standard)
                said = text.to(standard) if text else ""
                measure_problems += unknown_numbers(loc, said, numbers)
    refuse(MeasuresFile, raw["measures"], measure_problems, path=directory / "measures.yml")
    return Knowledge(
        sources={source.id: source for source in sources},
        contacts={contact.id: contact for contact in contacts},
        topics={topic.id: topic for topic in topics},
        aspects={aspect.id: aspect for aspect in cards.aspects},
        measures={measure.id: measure for measure in cards.measures},
    )
