"""Shared glue for sending knowledge-backed replies (no business logic here)."""

from __future__ import annotations

from collections.abc import Sequence

from rasa_sdk.executor import CollectingDispatcher

from bot import names
from bot.knowledge import knowledge
from bot.knowledge.render import Button, render_measure, render_topic


def numbers() -> dict[str, str]:
    """Phone numbers by contact id, for `{id}` placeholders in domain responses."""
    return knowledge().numbers()


def _buttons(buttons: Sequence[Button]) -> list[dict[str, str]]:
    return [button.as_dict() for button in buttons]


def send_topic(dispatcher: CollectingDispatcher, topic_id: str, *, followups: bool = True) -> None:
    """Send a topic's answer with its sources, what changed since the guide, and follow-ups."""
    reply = render_topic(knowledge(), topic_id)
    buttons = _buttons(reply.buttons) if followups else []
    dispatcher.utter_message(
        response=names.UTTER_TOPIC_ANSWER,
        answer=reply.answer,
        sources=reply.sources,
        buttons=[] if reply.changed else buttons,
    )
    if reply.changed:
        dispatcher.utter_message(
            response=names.UTTER_CHANGED, changed=reply.changed, buttons=buttons
        )


def send_measure(dispatcher: CollectingDispatcher, measure_id: str, question: str) -> None:
    """Send a measure card, the asked aspect first."""
    card = render_measure(knowledge(), measure_id, question=question)
    buttons = _buttons(card.buttons)
    dispatcher.utter_message(
        response=names.UTTER_MEASURE_CARD,
        name=card.name,
        body=card.body,
        sources=card.sources,
        buttons=[] if card.changed else buttons,
    )
    if card.changed:
        dispatcher.utter_message(
            response=names.UTTER_CHANGED, changed=card.changed, buttons=buttons
        )
