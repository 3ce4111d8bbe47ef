"""Shared glue for sending knowledge-backed replies (no business logic here)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot import names
from bot.knowledge import knowledge
from bot.knowledge.render import render_topic


def numbers() -> dict[str, str]:
    """Phone numbers by contact id, for `{id}` placeholders in domain responses."""
    return knowledge().numbers()


def send_topic(dispatcher: CollectingDispatcher, topic_id: str) -> None:
    """Send a topic's answer, what changed since the guide, its sources and follow-ups."""
    reply = render_topic(knowledge(), topic_id)
    buttons = [button.as_dict() for button in reply.buttons]
    if reply.changed:
        dispatcher.utter_message(
            response=names.UTTER_TOPIC_ANSWER, answer=reply.answer, sources=reply.sources
        )
        dispatcher.utter_message(
            response=names.UTTER_TOPIC_CHANGED, changed=reply.changed, buttons=buttons
        )
    else:
        dispatcher.utter_message(
            response=names.UTTER_TOPIC_ANSWER,
            answer=reply.answer,
            sources=reply.sources,
            buttons=buttons,
        )
