"""Cards for the police's protective measures (data/knowledge/measures.yml)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import send_measure, send_topic
from bot import names
from bot.dialogue import measure_to_answer, topic_instead_of_measure
from bot.knowledge import knowledge
from bot.knowledge.render import measure_button


class ActionAnswerMeasure(Action):
    """Show the card of the measure asked about, or ask which measure is meant."""

    def name(self) -> str:
        """Action name used in domain.yml."""
        return names.ACTION_ANSWER_MEASURE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the card and remember the measure for follow-up questions."""
        latest = tracker.latest_message or {}
        measure = measure_to_answer(
            knowledge(),
            latest.get("entities") or [],
            tracker.get_slot(names.SLOT_MEASURE),
            latest.get("text") or "",
        )
        if measure is None:
            topic = topic_instead_of_measure(knowledge(), latest.get("intent_ranking") or [])
            if topic:
                send_topic(dispatcher, topic)
                return []
            buttons = [measure_button(knowledge(), m).as_dict() for m in knowledge().measures]
            dispatcher.utter_message(response=names.UTTER_ASK_WHICH_MEASURE, buttons=buttons)
            return []
        send_measure(dispatcher, measure, latest.get("text") or "")
        return [SlotSet(names.SLOT_MEASURE, measure)]
