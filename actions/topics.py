"""Answers to the guide's topics (data/knowledge/topics.yml)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import send_topic
from actions.places import answer_place
from bot import names
from bot.dialogue import place_service, topic_for_intent
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
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        topic = topic_for_intent(knowledge(), intent)
        if topic is None:
            dispatcher.utter_message(response=names.UTTER_DEFAULT)
            return []
        send_topic(dispatcher, topic)
        # "Er krisesenteret i Stavanger åpent om natta?": add what we know about that place.
        # The place is only looked for after topics where it matters (most answers skip it).
        service = place_service(topic)
        text = (tracker.latest_message or {}).get("text") or ""
        if service and named_municipality(text):
            return answer_place(dispatcher, tracker, service, text)
        return []
