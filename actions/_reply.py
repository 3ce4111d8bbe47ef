"""Shared glue for sending knowledge-backed replies (no business logic here)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import names
from bot.knowledge import knowledge
from bot.knowledge.render import Button, render_measure, render_topic
from bot.places.answer import PlaceAnswer
from bot.schemas.base import Bilingual
from bot.text.standard import Standard, standard_of


class NamedAction(Action, ABC):
    """A rasa-sdk action whose name (as in domain.yml) is the class attribute `action_name`.

    Abstract, so rasa-sdk's registry skips it; each subclass is registered by its
    name and says what it does in `act` (no action needs the domain or awaits).
    """

    action_name: ClassVar[str]

    def name(self) -> str:
        """The action's name in domain.yml."""
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """rasa-sdk's entry point: `act` on the conversation so far."""
        return self.act(dispatcher, tracker)

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the replies and return the events (every subclass says what it does)."""


@dataclass(frozen=True)
class Latest:
    """The latest user message, as every action reads it (one place for the dict digging)."""

    text: str
    intent: str | None
    confidence: float
    ranking: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    parsed: dict[str, Any]  # everything else the NLU attached (e.g. names.DANGER_SIGNALS)
    standard: Standard  # the conversation's written standard, this message's reading included


def latest(tracker: Tracker) -> Latest:
    """Read the latest user message of `tracker` (empty values when there is none)."""
    parsed = tracker.latest_message or {}
    intent = parsed.get("intent") or {}
    return Latest(
        text=parsed.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        ranking=parsed.get("intent_ranking") or [],
        entities=parsed.get("entities") or [],
        parsed=parsed,
        standard=standard_of(tracker.get_slot(names.SLOT_WRITTEN_STANDARD)),
    )


def numbers() -> dict[str, str]:
    """Phone numbers by contact id, for `{id}` placeholders in domain responses."""
    return knowledge().numbers()


def _buttons(buttons: Sequence[Button]) -> list[dict[str, str]]:
    return [button.as_dict() for button in buttons]


def _send_with_change(
    dispatcher: CollectingDispatcher,
    response: str,
    changed: str | None,
    buttons: list[dict[str, str]],
    **values: str,
) -> None:
    """Send an answer and, if the law changed since the guide, a second message saying how.

    The buttons go on the last message, so they sit under everything that was said.
    """
    dispatcher.utter_message(response=response, buttons=[] if changed else buttons, **values)
    if changed:
        dispatcher.utter_message(response=names.UTTER_CHANGED, changed=changed, buttons=buttons)


def send_topic(
    dispatcher: CollectingDispatcher, topic_id: str, *, standard: Standard, followups: bool = True
) -> None:
    """Send a topic's answer with its sources, what changed since the guide, and follow-ups."""
    reply = render_topic(knowledge(), topic_id, standard)
    buttons = _buttons(reply.buttons) if followups else []
    _send_with_change(
        dispatcher,
        names.UTTER_TOPIC_ANSWER,
        reply.changed,
        buttons,
        answer=reply.answer,
        sources=reply.sources,
        reviewed=reply.reviewed,
    )


def send_measure(
    dispatcher: CollectingDispatcher, measure_id: str, question: str, *, standard: Standard
) -> None:
    """Send a measure card, the asked aspect first."""
    card = render_measure(knowledge(), measure_id, question=question, standard=standard)
    _send_with_change(
        dispatcher,
        names.UTTER_MEASURE_CARD,
        card.changed,
        _buttons(card.buttons),
        name=card.name,
        body=card.body,
        sources=card.sources,
        reviewed=card.reviewed,
    )


def send_place_answer(
    dispatcher: CollectingDispatcher, answer: PlaceAnswer, *, standard: Standard
) -> list[EventType]:
    """Send a look-up's replies (responses and topic answers) and return its slot events."""
    for reply in answer.replies:
        if reply.topic:
            send_topic(dispatcher, reply.topic, standard=standard, followups=reply.followups)
        else:
            values = {
                key: value.to(standard) if isinstance(value, Bilingual) else value
                for key, value in reply.values.items()
            }
            dispatcher.utter_message(
                response=reply.response, buttons=_buttons(reply.buttons), **values
            )
    return [SlotSet(slot, value) for slot, value in answer.slots.items()]
