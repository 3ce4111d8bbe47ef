"""Cards for the police's protective measures (data/knowledge/measures.yml)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, latest, send_measure, send_topic
from bot import names
from bot.dialogue import measure_to_answer, topic_instead_of_measure
from bot.knowledge import knowledge
from bot.knowledge.render import measure_button


class ActionAnswerMeasure(NamedAction):
    """Show the card of the measure asked about, or ask which measure is meant."""

    action_name = names.ACTION_ANSWER_MEASURE

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the card and remember the measure for follow-up questions."""
        message = latest(tracker)
        measure = measure_to_answer(
            knowledge(), message.entities, tracker.get_slot(names.SLOT_MEASURE), message.text
        )
        if measure is None:
            topic = topic_instead_of_measure(knowledge(), message.ranking)
            if topic:
                send_topic(dispatcher, topic, standard=message.standard)
                return []
            buttons = [
                measure_button(knowledge(), m, message.standard).as_dict()
                for m in knowledge().measures
            ]
            dispatcher.utter_message(response=names.UTTER_ASK_WHICH_MEASURE, buttons=buttons)
            return []
        send_measure(dispatcher, measure, message.text, standard=message.standard)
        return [SlotSet(names.SLOT_MEASURE, measure)]
