"""Greeting: who the assistant is, what it can help with, and whom to call in acute danger."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, numbers
from bot import names


class ActionGreet(NamedAction):
    """Greet with the emergency number filled in from the knowledge base."""

    action_name = names.ACTION_GREET

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the greeting."""
        dispatcher.utter_message(response=names.UTTER_GREET, **numbers())
        return []
