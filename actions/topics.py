"""Answers to the guide's topics (data/knowledge/topics.yml)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, latest, send_place_answer, send_topic
from bot import names
from bot.dialogue import topic_for_intent, topic_in_context
from bot.knowledge import knowledge
from bot.places.answer import answer_place, look_up_after


class ActionAnswerTopic(NamedAction):
    """Answer the topic its `ask_<topic>` intent asks for (typed or from a button)."""

    action_name = names.ACTION_ANSWER_TOPIC

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the topic's answer, or the default answer if none matches."""
        message = latest(tracker)
        topic = topic_for_intent(knowledge(), message.intent)
        if topic is None:
            dispatcher.utter_message(response=names.UTTER_DEFAULT)
            return []
        topics = topic_in_context(
            topic,
            message.entities,
            last_topic=tracker.get_slot(names.SLOT_LAST_TOPIC),
            consent=tracker.get_slot("consent"),
        )
        for number, answer in enumerate(topics):
            last = number == len(topics) - 1
            send_topic(dispatcher, answer, standard=message.standard, followups=last)
        events: list[EventType] = [SlotSet(names.SLOT_LAST_TOPIC, topics[0])]
        # "Er krisesenteret i Stavanger åpent om natta?": add what we know about that place.
        text = message.text
        service = look_up_after(topics[0], text)
        if service:
            remembered = tracker.get_slot(names.SLOT_MUNICIPALITY)
            place = answer_place(service, text, remembered=remembered)
            return [*events, *send_place_answer(dispatcher, place, standard=message.standard)]
        return events
