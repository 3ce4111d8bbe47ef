"""The guided consultation: start, one question at a time, proposal and journal summary."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions._reply import NamedAction, latest, numbers, send_measure, send_topic
from bot import names
from bot.consultation.parse import YES
from bot.consultation.proposal import (
    Answers,
    mentioned_at_start,
    propose,
    signals_note,
    summary,
    texts,
)
from bot.consultation.turn import NOT_STATED, NOTED, QUESTIONS, interpret, next_failures
from bot.dialogue import measure_to_answer, topic_for_intent
from bot.knowledge import knowledge
from bot.knowledge.render import Button
from bot.places.answer import centre_lines
from bot.places.message import resolve_municipality
from bot.text.standard import Standard

FAILURES = names.SLOT_CONSULTATION_FAILURES
CANCELLED = names.SLOT_CONSULTATION_CANCELLED
# After this many failed answers to one question, explain instead of asking again.
EXPLAIN_AFTER = 2


class ActionStartConsultation(NamedAction):
    """Forget earlier answers and introduce the steps."""

    action_name = names.ACTION_START_CONSULTATION

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the introduction and reset the consultation slots."""
        dispatcher.utter_message(response=names.UTTER_CONSULTATION_INTRO)
        reset = {slot: None for slot in (*QUESTIONS, NOTED, NOT_STATED, FAILURES, CANCELLED)}
        # "Hun er gravid og redd for samboeren. Hva nå?": what the first message
        # already said is kept (signs as noted, so the risk question is still asked).
        message = latest(tracker)
        mentioned = mentioned_at_start(message.text, message.standard)
        if mentioned.note:
            dispatcher.utter_message(response=names.UTTER_CONSULTATION_NOTE, note=mentioned.note)
        return [SlotSet(slot, value) for slot, value in {**reset, **mentioned.values}.items()]


class ValidateConsultationForm(NamedAction):
    """Understands each answer; handles danger, side questions, skips, corrections, cancel.

    The validation action of consultation_form: it replaces rasa-sdk's slot-by-slot validation.
    """

    action_name = names.VALIDATE_CONSULTATION_FORM

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Interpret the latest message and return the slots it sets."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        message = latest(tracker)
        current = {slot: tracker.get_slot(slot) for slot in (*QUESTIONS, NOTED)}
        turn = interpret(
            requested,
            message.text,
            message.intent,
            message.confidence,
            current,
            resolve_place=resolve_municipality,
        )
        if turn.cancel:
            return [SlotSet(CANCELLED, True), SlotSet(REQUESTED_SLOT, None)]
        standard = message.standard
        if turn.standard_chosen:  # the form then asks its question again, in that standard
            dispatcher.utter_message(response=names.UTTER_WRITTEN_STANDARD_CHOSEN)
        if turn.acute or (requested == "acute_now" and turn.values.get("acute_now") == YES):
            send_topic(dispatcher, names.TOPIC_ACUTE_DANGER, standard=standard, followups=False)
            send_topic(dispatcher, names.TOPIC_DUTY_TO_NOTIFY, standard=standard, followups=False)
        if turn.side_intent:
            self._answer_side_question(dispatcher, tracker, turn.side_intent)
        if turn.correction_menu:
            self._offer_corrections(dispatcher, current, standard)
        if turn.signals_read and turn.signals_read.found:
            note = signals_note(
                turn.signals_read.found,
                tuple(turn.signals_read.not_stated_pairs),
                standard,
            )
            if note:
                dispatcher.utter_message(response=names.UTTER_CONSULTATION_NOTE, note=note)
        if turn.noted_wish:
            notes = {wish.id: wish.noted.to(standard) for wish in texts().wishes}
            dispatcher.utter_message(
                response=names.UTTER_CONSULTATION_NOTE, note=notes[turn.noted_wish]
            )
        events: list[EventType] = [SlotSet(slot, value) for slot, value in turn.values.items()]
        if requested and not turn.answered:
            events.append(SlotSet(requested, None))  # the raw text was not an answer
        failures = next_failures(tracker.get_slot(FAILURES), requested, turn)
        return [*events, SlotSet(FAILURES, failures)]

    @staticmethod
    def _answer_side_question(
        dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
    ) -> None:
        message = latest(tracker)
        if intent == names.INTENT_ASK_MEASURE:
            measure = measure_to_answer(
                knowledge(), message.entities, tracker.get_slot(names.SLOT_MEASURE)
            )
            if measure:
                send_measure(dispatcher, measure, message.text, standard=message.standard)
            return
        topic = topic_for_intent(knowledge(), intent)
        if topic:
            send_topic(dispatcher, topic, standard=message.standard, followups=False)

    @staticmethod
    def _offer_corrections(
        dispatcher: CollectingDispatcher, current: dict[str, Any], standard: Standard
    ) -> None:
        labels = {slot: label.to(standard) for slot, label in texts().corrections.items()}
        buttons = [
            Button(labels[slot], labels[slot]).as_dict()
            for slot in QUESTIONS
            if current.get(slot) is not None
        ]
        dispatcher.utter_message(response=names.UTTER_ASK_WHICH_CORRECTION, buttons=buttons)


class _AskQuestion(NamedAction):
    """Asks one question of the form; explains instead after repeated failed answers."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        """action_ask_<slot>, which Rasa uses instead of utter_ask_<slot>."""
        return f"action_ask_{self.slot}"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the question, or its explanation after repeated failed answers."""
        failed = (tracker.get_slot(FAILURES) or {}).get(self.slot, 0)
        prefix = "utter_explain_" if failed >= EXPLAIN_AFTER else "utter_ask_"
        dispatcher.utter_message(response=prefix + self.slot, **numbers())
        return []


def _asking(slot: str, question: str) -> type[_AskQuestion]:
    """The action Rasa runs to ask for `slot` (domain.yml: action_ask_<slot>).

    rasa-sdk registers one class per action, so each question gets a class of its own,
    named as in domain.yml (ActionAskAcuteNow for acute_now); all behaviour is in _AskQuestion.
    """
    name = "ActionAsk" + "".join(word.title() for word in slot.split("_"))
    namespace = {"slot": slot, "__doc__": question, "__module__": __name__, "__qualname__": name}
    return type(name, (_AskQuestion,), namespace)


ActionAskAcuteNow = _asking("acute_now", "Is anyone in danger right now?")
ActionAskWish = _asking("wish", "What does the person want?")
ActionAskRiskSignals = _asking(
    "risk_signals", "Which signs of risk of repeated violence are there?"
)
ActionAskChildrenHome = _asking("children_home", "Are there children in the home?")
ActionAskMunicipality = _asking("municipality", "Which municipality does the person live in?")
ActionAskConsent = _asking("consent", "Has the person consented to sharing information?")


def _merge_noted(answered: list[str] | None, noted: list[str] | None) -> list[str]:
    """Signs answered to the risk question plus any noted earlier (answer first)."""
    return list(dict.fromkeys([*(answered or []), *(noted or [])]))


def _answers(tracker: Tracker) -> Answers:
    """What the consultation recorded, from its slots."""
    return Answers(
        acute_now=tracker.get_slot("acute_now"),
        wish=tracker.get_slot("wish"),
        risk_signals=tuple(_merge_noted(tracker.get_slot("risk_signals"), tracker.get_slot(NOTED))),
        children_home=tracker.get_slot("children_home"),
        municipality=tracker.get_slot("municipality"),
        consent=tracker.get_slot("consent"),
        not_stated=tuple(
            (str(sign), str(status))
            for sign, status in tracker.get_slot(NOT_STATED) or []
            if sign not in (tracker.get_slot("risk_signals") or [])
        ),
    )


class ActionFinishConsultation(NamedAction):
    """Proposal in proportion to risk and wishes, then a journal summary (or the cancel note)."""

    action_name = names.ACTION_FINISH_CONSULTATION

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the proposal items and the summary."""
        if tracker.get_slot(CANCELLED):
            dispatcher.utter_message(response=names.UTTER_CONSULTATION_CANCELLED)
            return [
                SlotSet(slot, None) for slot in (*QUESTIONS, NOTED, NOT_STATED, FAILURES, CANCELLED)
            ]
        answers = _answers(tracker)
        standard = latest(tracker).standard
        centre = centre_lines(answers.municipality, standard)
        items = propose(answers, centre_lines=centre, standard=standard)
        framing = texts().framing.to(standard)
        dispatcher.utter_message(response=names.UTTER_PROPOSAL, text=framing)
        for number, item in enumerate(items, 1):
            dispatcher.utter_message(response=names.UTTER_PROPOSAL, text=item.text(number))
        note = summary(answers, items, standard=standard)
        dispatcher.utter_message(response=names.UTTER_CONSULTATION_SUMMARY, summary=note)
        return [SlotSet(FAILURES, None)]


class ActionJournalNote(NamedAction):
    """The journal note of the consultation just finished, again or shorter."""

    action_name = names.ACTION_JOURNAL_NOTE

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the note from the recorded answers, or offer to start a consultation."""
        if tracker.get_slot("consent") is None and tracker.get_slot("acute_now") is None:
            dispatcher.utter_message(response=names.UTTER_NO_JOURNAL_NOTE)
            return []
        answers = _answers(tracker)
        message = latest(tracker)
        brief = any(e.get("entity") == names.ENTITY_BRIEF for e in message.entities)
        centre = centre_lines(answers.municipality, message.standard)
        items = propose(answers, centre_lines=centre, standard=message.standard)
        note = summary(answers, items, brief=brief, standard=message.standard)
        dispatcher.utter_message(response=names.UTTER_CONSULTATION_SUMMARY, summary=note)
        return []
