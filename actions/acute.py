"""Acute danger: the emergency number first, wherever the conversation is."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import send_topic
from bot import names


class ActionAcuteDanger(Action):
    """Tell the user to call the police emergency number now, and what the duty to notify means."""

    def name(self) -> str:
        """Action name used in domain.yml."""
        return names.ACTION_ACUTE_DANGER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the acute-danger answer."""
        send_topic(dispatcher, names.TOPIC_ACUTE_DANGER)
        return []
