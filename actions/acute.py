"""Acute danger: the emergency number first, wherever the conversation is."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import send_topic
from bot import names
from bot.dialogue import topic_behind_alarm
from bot.knowledge import knowledge


class ActionAcuteDanger(Action):
    """Tell the user to call the police emergency number now, and what the duty to notify means."""

    def name(self) -> str:
        """Action name used in domain.yml."""
        return names.ACTION_ACUTE_DANGER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the emergency number first, then what the duty to notify means."""
        send_topic(dispatcher, names.TOPIC_ACUTE_DANGER, followups=False)
        send_topic(dispatcher, names.TOPIC_DUTY_TO_NOTIFY)
        latest = tracker.latest_message or {}
        also = topic_behind_alarm(
            knowledge(),
            latest.get("intent_ranking") or [],
            backstop_matched=bool(latest.get(names.DANGER_SIGNALS)),
        )
        if also:
            send_topic(dispatcher, also)
        return []
