"""Low confidence: offer the likeliest topics instead of guessing."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions._reply import NamedAction, latest, numbers, send_measure, send_place_answer
from bot import names
from bot.dialogue import clarify_buttons
from bot.knowledge import knowledge
from bot.knowledge.render import asked_aspects, cite
from bot.nlu.danger import mentions_violence
from bot.places.answer import answer_place
from bot.places.message import place_question_in
from bot.text import has_words


class ActionClarify(NamedAction):
    """Ask which of the 2–3 likeliest topics was meant; remind of the emergency number if needed."""

    action_name = names.ACTION_CLARIFY

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the reminder (if relevant) and the choices, then forget the unclear message."""
        message = latest(tracker)
        remembered = tracker.get_slot(names.SLOT_MEASURE)
        text = message.text
        if remembered in knowledge().measures and set(asked_aspects(knowledge(), text)) - {"what"}:
            # A short follow-up ("hva er kravet?") about the measure just discussed.
            send_measure(dispatcher, remembered, text, standard=message.standard)
            return []
        want = place_question_in(text, message.ranking, tracker.get_slot(names.SLOT_PLACE_QUESTION))
        if want:
            # "krisesenter i Stavanger" or a bare "Bodø": a municipality named outright is clear.
            remembered = tracker.get_slot(names.SLOT_MUNICIPALITY)
            answer = answer_place(want, text, remembered=remembered)
            return send_place_answer(dispatcher, answer, standard=message.standard)
        if not has_words(text):
            # Emoji or punctuation only: nothing to guess from, just ask again.
            dispatcher.utter_message(response=names.UTTER_DEFAULT)
            return _forget(tracker)
        buttons = clarify_buttons(
            knowledge(), message.ranking, message.entities, standard=message.standard
        )
        if mentions_violence(text):
            # "Hun er gravid og redd for samboeren. Hva nå?" describes a situation:
            # the first steps and an offer to go through it, never "I did not understand".
            dispatcher.utter_message(response=names.UTTER_DANGER_REMINDER, **numbers())
            dispatcher.utter_message(
                response=names.UTTER_SITUATION_STEPS, sources=cite(knowledge(), ("guide",))
            )
            if buttons:
                dispatcher.utter_message(
                    response=names.UTTER_SITUATION_TOPICS, buttons=[b.as_dict() for b in buttons]
                )
        elif buttons:
            dispatcher.utter_message(
                response=names.UTTER_CLARIFY, buttons=[b.as_dict() for b in buttons]
            )
        else:
            dispatcher.utter_message(response=names.UTTER_DEFAULT)
        return _forget(tracker)


def _forget(tracker: Tracker) -> list[EventType]:
    """Forget the unclear message, as Rasa's default fallback does, but keep its standard.

    Reverting the message would also undo the written standard it set.
    """
    standard = tracker.get_slot(names.SLOT_WRITTEN_STANDARD)
    kept = [SlotSet(names.SLOT_WRITTEN_STANDARD, standard)] if standard else []
    return [UserUtteranceReverted(), *kept]
