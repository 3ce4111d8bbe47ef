"""Turn knowledge entries into reply parts; the wording around them lives in domain.yml."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from bot.knowledge.store import Knowledge
from bot.names import ENTITY_MEASURE, INTENT_ACUTE_DANGER, INTENT_ASK_MEASURE, TOPIC_INTENT_PREFIX
from bot.schemas.knowledge import Contact
from bot.text.standard import DEFAULT, Standard


@dataclass(frozen=True)
class Button:
    """A quick-reply button: the title users see and the payload sent back."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        """The shape Rasa expects in `buttons`."""
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class TopicReply:
    """A rendered topic: answer, what changed since the guide, sources, follow-ups."""

    topic_id: str
    answer: str
    changed: str | None
    sources: str
    buttons: tuple[Button, ...]
    reviewed: str = ""


def topic_intent(topic_id: str) -> str:
    """The intent that asks for a topic (ask_<topic>; acute danger has its own)."""
    return (
        INTENT_ACUTE_DANGER if topic_id == INTENT_ACUTE_DANGER else TOPIC_INTENT_PREFIX + topic_id
    )


def topic_button(knowledge: Knowledge, topic_id: str, standard: Standard = DEFAULT) -> Button:
    """A button that asks for `topic_id` in any channel (its payload is the intent)."""
    title = knowledge.topics[topic_id].title.to(standard)
    return Button(title=title, payload=f"/{topic_intent(topic_id)}")


def reviewed(date: dt.date) -> str:
    """A reviewed date as users read it ("26.11.2026")."""
    return date.strftime("%d.%m.%Y")


def cite(knowledge: Knowledge, source_ids: tuple[str, ...]) -> str:
    """Short citations joined for a 'Kilde:' line, in the order given."""
    return "; ".join(knowledge.sources[source_id].cite for source_id in source_ids)


def render_topic(knowledge: Knowledge, topic_id: str, standard: Standard = DEFAULT) -> TopicReply:
    """Render one topic in `standard`, with phone numbers filled in from contacts.yml."""
    topic = knowledge.topics[topic_id]
    numbers = knowledge.numbers()
    answer = topic.answer.to(standard).format_map(numbers)
    buttons = tuple(topic_button(knowledge, followup, standard) for followup in topic.followups)
    if topic.lists:
        items, list_buttons = render_list(knowledge, topic.lists, standard)
        answer = f"{answer}\n{items}"
        buttons = list_buttons + buttons
    return TopicReply(
        topic_id=topic.id,
        answer=answer,
        changed=topic.changed.to(standard).format_map(numbers) if topic.changed else None,
        sources=cite(knowledge, topic.sources),
        buttons=buttons,
        reviewed=reviewed(topic.reviewed),
    )


@dataclass(frozen=True)
class MeasureCard:
    """A measure card: the asked aspect first, then the others, note, changes, sources."""

    measure_id: str
    name: str
    lines: tuple[str, ...]
    changed: str | None
    sources: str
    buttons: tuple[Button, ...]
    reviewed: str = ""

    @property
    def body(self) -> str:
        """The card's lines as one text (list items)."""
        return "\n".join(self.lines)


def measure_button(knowledge: Knowledge, measure_id: str, standard: Standard = DEFAULT) -> Button:
    """A button that asks about one measure."""
    payload = f"/{INTENT_ASK_MEASURE}" + json.dumps(
        {ENTITY_MEASURE: measure_id}, separators=(",", ":")
    )
    return Button(title=knowledge.measures[measure_id].name.to(standard), payload=payload)


def asked_aspects(knowledge: Knowledge, text: str) -> list[str]:
    """Aspect ids a question asks about, in card order ("hvor lenge" → duration)."""
    lower = text.lower()
    return [aspect.id for aspect in knowledge.aspects.values() if aspect.asked_in(lower)]


def render_measure(
    knowledge: Knowledge, measure_id: str, *, question: str = "", standard: Standard = DEFAULT
) -> MeasureCard:
    """Render a measure card in `standard`; aspects the question asks about come first."""
    measure = knowledge.measures[measure_id]
    numbers = knowledge.numbers()
    # "Hva er kravet?" asks for the requirement, not for the definition.
    first = [a for a in asked_aspects(knowledge, question) if a in measure.aspects and a != "what"]
    order = first + [a for a in measure.aspects if a not in first]
    lines = [
        f"- {knowledge.aspects[a].label.to(standard)}: "
        + measure.aspects[a].to(standard).format_map(numbers)
        for a in order
    ]
    if measure.note:
        lines.append(f"- {measure.note.to(standard).format_map(numbers)}")
    others = [m for m in knowledge.measures if m != measure_id][:3]
    return MeasureCard(
        measure_id=measure_id,
        name=measure.name.to(standard),
        lines=tuple(lines),
        changed=measure.changed.to(standard).format_map(numbers) if measure.changed else None,
        sources=cite(knowledge, measure.sources),
        buttons=tuple(measure_button(knowledge, m, standard) for m in others),
        reviewed=reviewed(measure.reviewed),
    )


def contact_line(contact: Contact, standard: Standard = DEFAULT) -> str:
    """A line of the list of numbers: "- Name: number – when to call (hours)"."""
    hours = f" ({contact.hours.to(standard)})" if contact.hours else ""
    return f"- {contact.name.to(standard)}: {contact.display} – {contact.use.to(standard)}{hours}"


def render_list(
    knowledge: Knowledge, kind: str, standard: Standard = DEFAULT
) -> tuple[str, tuple[Button, ...]]:
    """A list rendered from a knowledge file, for topics with `lists:`."""
    if kind == "measures":
        names = [f"- {m.name.to(standard)}" for m in knowledge.measures.values()]
        buttons = tuple(measure_button(knowledge, m, standard) for m in knowledge.measures)
        return "\n".join(names), buttons
    if kind == "contacts":
        lines = [contact_line(c, standard) for c in knowledge.contacts.values()]
        return "\n".join(lines), ()
    if kind == "sources":
        kinds = ("guide", "guide_reference")
        lines = [f"- {s.cite}" for s in knowledge.sources.values() if s.kind in kinds]
        return "\n".join(lines), ()
    raise ValueError(f"unknown list kind {kind!r}")
