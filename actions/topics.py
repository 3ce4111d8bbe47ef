"""Answers to the guide's topics (data/knowledge/topics.yml)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import send_topic
from actions.places import answer_place
from bot import names
from bot.dialogue import place_service, topic_for_intent, topic_in_context
from bot.knowledge import knowledge
from bot.places import named_municipality


class ActionAnswerTopic(Action):
    """Answer the topic its `ask_<topic>` intent asks for (typed or from a button)."""

    def name(self) -> str:
        """Action name used in domain.yml."""
        return names.ACTION_ANSWER_TOPIC

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the topic's answer, or the default answer if none matches."""
        latest = tracker.latest_message or {}
        topic = topic_for_intent(knowledge(), (latest.get("intent") or {}).get("name"))
        if topic is None:
            dispatcher.utter_message(response=names.UTTER_DEFAULT)
            return []
        topics = topic_in_context(
            topic,
            latest.get("entities") or [],
            last_topic=tracker.get_slot(names.SLOT_LAST_TOPIC),
            consent=tracker.get_slot("consent"),
        )
        for number, answer in enumerate(topics):
            send_topic(dispatcher, answer, followups=number == len(topics) - 1)
        events: list[EventType] = [SlotSet(names.SLOT_LAST_TOPIC, topics[0])]
        # "Er krisesenteret i Stavanger åpent om natta?": add what we know about that place.
        # The place is only looked for after topics where it matters (most answers skip it).
        service = place_service(topics[0])
        text = latest.get("text") or ""
        if service and named_municipality(text):
            return [*events, *answer_place(dispatcher, tracker, service, text)]
        return events
