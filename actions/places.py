"""Look-ups by municipality: the crisis centre and the police district."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, latest, send_place_answer
from bot import names
from bot.places.answer import answer_place
from bot.places.message import wanted


class ActionLookupPlace(NamedAction):
    """Answer which crisis centre and/or police district a municipality belongs to."""

    action_name = names.ACTION_LOOKUP_PLACE

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Resolve the place (or reuse the remembered one) and answer; ask when unclear."""
        message = latest(tracker)
        want = (
            wanted(message.intent, message.text)
            or tracker.get_slot(names.SLOT_PLACE_QUESTION)
            or "both"
        )
        answer = answer_place(
            want, message.text, remembered=tracker.get_slot(names.SLOT_MUNICIPALITY)
        )
        return send_place_answer(dispatcher, answer, standard=message.standard)
