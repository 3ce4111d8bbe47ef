"""Turn knowledge entries into reply parts; the wording around them lives in domain.yml."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.knowledge.store import Knowledge

TOPIC_INTENT = "ask_topic"
TOPIC_ENTITY = "topic"


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


def topic_button(knowledge: Knowledge, topic_id: str) -> Button:
    """A button that asks for `topic_id` whatever the channel (payload is an intent)."""
    payload = f"/{TOPIC_INTENT}" + json.dumps({TOPIC_ENTITY: topic_id}, separators=(",", ":"))
    return Button(title=knowledge.topics[topic_id].title, payload=payload)


def cite(knowledge: Knowledge, source_ids: tuple[str, ...]) -> str:
    """Short citations joined for a 'Kilde:' line, in the order given."""
    return "; ".join(knowledge.sources[source_id].cite for source_id in source_ids)


def render_topic(knowledge: Knowledge, topic_id: str) -> TopicReply:
    """Render one topic with phone numbers filled in from contacts.yml."""
    topic = knowledge.topics[topic_id]
    numbers = knowledge.numbers()
    return TopicReply(
        topic_id=topic.id,
        answer=topic.answer.format_map(numbers),
        changed=topic.changed.format_map(numbers) if topic.changed else None,
        sources=cite(knowledge, topic.sources),
        buttons=tuple(topic_button(knowledge, followup) for followup in topic.followups),
    )
