"""Load and cross-check the knowledge files; look facts up by id."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.model import (
    Aspect,
    Contact,
    KnowledgeError,
    Measure,
    Source,
    Topic,
    as_date,
    as_id,
    placeholders,
    require,
)

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "data" / "knowledge"


def read_yaml(path: Path) -> dict[str, Any]:
    """Read one YAML mapping, naming the file in any error."""
    try:
        with path.open(encoding="utf8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as e:
        raise KnowledgeError(f"{path.name}: kan ikke leses: {e}") from e
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path.name}: forventet en YAML-mapping øverst")
    return data


def _entries(path: Path, key: str) -> list[tuple[str, dict[str, Any]]]:
    data = read_yaml(path)
    entries = data.get(key)
    if not isinstance(entries, list):
        raise KnowledgeError(f"{path.name}: mangler listen '{key}'")
    seen: set[str] = set()
    result = []
    for index, entry in enumerate(entries):
        where = f"{path.name}: {key}[{index}]"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: forventet en mapping")
        entry_id = as_id(entry.get("id"), where)
        where = f"{path.name}: {key} '{entry_id}'"
        if entry_id in seen:
            raise KnowledgeError(f"{where}: id finnes to ganger")
        seen.add(entry_id)
        result.append((where, entry))
    return result


def _sources(path: Path) -> dict[str, Source]:
    result = {}
    for where, e in _entries(path, "sources"):
        result[e["id"]] = Source(
            id=e["id"],
            kind=require(e, "kind", where),
            cite=require(e, "cite", where),
            title=require(e, "title", where),
            publisher=require(e, "publisher", where),
            url=e.get("url"),
            year=e.get("year"),
            note=e.get("note"),
        )
    return result


def _contacts(path: Path) -> dict[str, Contact]:
    result = {}
    for where, e in _entries(path, "contacts"):
        tel = str(require(e, "tel", where))
        if not tel.isdigit():
            raise KnowledgeError(f"{where}: 'tel' skal bare ha sifre, fikk {tel!r}")
        display = str(require(e, "display", where))
        if display.replace(" ", "") != tel:
            raise KnowledgeError(f"{where}: 'display' {display!r} er ikke samme nummer som 'tel'")
        result[e["id"]] = Contact(
            id=e["id"],
            display=display,
            tel=tel,
            name=require(e, "name", where),
            use=require(e, "use", where),
            hours=e.get("hours"),
            sources=tuple(require(e, "sources", where)),
            reviewed=as_date(require(e, "reviewed", where), where),
        )
    return result


def _topics(path: Path) -> dict[str, Topic]:
    result = {}
    for where, e in _entries(path, "topics"):
        result[e["id"]] = Topic(
            id=e["id"],
            title=require(e, "title", where),
            answer=str(require(e, "answer", where)).strip(),
            sources=tuple(require(e, "sources", where)),
            reviewed=as_date(require(e, "reviewed", where), where),
            followups=tuple(e.get("followups") or ()),
            changed=(str(e["changed"]).strip() if e.get("changed") else None),
            facts=tuple(e.get("facts") or ()),
            lists=e.get("lists"),
        )
        if result[e["id"]].lists not in (None, "measures", "contacts", "sources"):
            raise KnowledgeError(f"{where}: 'lists' må være measures, contacts eller sources")
    return result


def _aspects(path: Path) -> dict[str, Aspect]:
    data = read_yaml(path)
    result = {}
    for index, entry in enumerate(data.get("aspects") or []):
        where = f"{path.name}: aspects[{index}]"
        aspect_id = as_id(entry.get("id"), where)
        cues = _patterns(require(entry, "cues", where), f"{where}: cues")
        result[aspect_id] = Aspect(aspect_id, require(entry, "label", where), cues)
    if not result:
        raise KnowledgeError(f"{path.name}: mangler listen 'aspects'")
    return result


def _measures(path: Path, aspects: dict[str, Aspect]) -> dict[str, Measure]:
    result = {}
    for where, e in _entries(path, "measures"):
        texts = {a: str(e[a]).strip() for a in aspects if e.get(a)}
        if "what" not in texts:
            raise KnowledgeError(f"{where}: mangler feltet 'what'")
        result[e["id"]] = Measure(
            id=e["id"],
            name=require(e, "name", where),
            names=tuple(str(n).lower() for n in require(e, "names", where)),
            aspects=texts,
            sources=tuple(require(e, "sources", where)),
            reviewed=as_date(require(e, "reviewed", where), where),
            note=str(e["note"]).strip() if e.get("note") else None,
            changed=str(e["changed"]).strip() if e.get("changed") else None,
            needs=_patterns(e.get("needs") or [], f"{where}: needs"),
        )
    return result


def _patterns(raw: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in raw)
    except re.error as e:
        raise KnowledgeError(f"{where}: ugyldig regulært uttrykk: {e}") from e


@dataclass(frozen=True)
class Knowledge:
    """Everything in `data/knowledge/`, validated and cross-referenced."""

    sources: dict[str, Source]
    contacts: dict[str, Contact]
    topics: dict[str, Topic]
    aspects: dict[str, Aspect]
    measures: dict[str, Measure]

    def numbers(self) -> dict[str, str]:
        """Contact id → number as shown to users, for filling `{id}` in texts."""
        return {contact.id: contact.display for contact in self.contacts.values()}

    def check(self) -> None:
        """Cross-check references between files; raise on the first problem."""
        for contact in self.contacts.values():
            self._check_sources(f"contacts.yml: '{contact.id}'", contact.sources)
        known_numbers = set(self.numbers())
        for topic in self.topics.values():
            where = f"topics.yml: '{topic.id}'"
            self._check_sources(where, topic.sources)
            for text in (topic.answer, topic.changed or ""):
                unknown = placeholders(text) - known_numbers
                if unknown:
                    raise KnowledgeError(f"{where}: ukjente nummer-id-er {sorted(unknown)}")
            missing = set(topic.followups) - set(self.topics)
            if missing:
                raise KnowledgeError(
                    f"{where}: followups peker til ukjente emner {sorted(missing)}"
                )

    def _check_sources(self, where: str, ids: tuple[str, ...]) -> None:
        missing = [source_id for source_id in ids if source_id not in self.sources]
        if missing:
            raise KnowledgeError(f"{where}: ukjente kilder {missing}")


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Read all knowledge files from `directory` and check them."""
    aspects = _aspects(directory / "measures.yml")
    knowledge = Knowledge(
        sources=_sources(directory / "sources.yml"),
        contacts=_contacts(directory / "contacts.yml"),
        topics=_topics(directory / "topics.yml"),
        aspects=aspects,
        measures=_measures(directory / "measures.yml", aspects),
    )
    knowledge.check()
    return knowledge


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The project's knowledge, loaded once per process."""
    return load_knowledge()
