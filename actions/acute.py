"""Acute danger: the emergency number first, wherever the conversation is."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, latest, send_topic
from bot import names
from bot.dialogue import topic_behind_alarm
from bot.knowledge import knowledge


class ActionAcuteDanger(NamedAction):
    """After the emergency number: what the duty to notify means, and the topic behind the alarm.

    The emergency number itself is the domain response utter_acute_danger, which the
    Rasa server sends before this action: it never waits for the action server.
    """

    action_name = names.ACTION_ACUTE_DANGER

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """What follows the emergency number (utter_acute_danger, sent by the Rasa server)."""
        message = latest(tracker)
        send_topic(dispatcher, names.TOPIC_DUTY_TO_NOTIFY, standard=message.standard)
        also = topic_behind_alarm(
            knowledge(),
            message.ranking,
            backstop_matched=bool(message.parsed.get(names.DANGER_SIGNALS)),
        )
        if also:
            send_topic(dispatcher, also, standard=message.standard)
        return []
