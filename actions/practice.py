"""Practice mode: choose a scenario, play the patient, feedback at checkpoints, debrief."""

from __future__ import annotations

import zlib
from dataclasses import asdict

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions._reply import NamedAction, latest, numbers, send_topic
from bot import names
from bot.knowledge.render import Button
from bot.practice.engine import State, Turn, choose, debrief, respond, start
from bot.practice.scenario import library
from bot.text.standard import Standard

STATE = names.SLOT_PRACTICE_STATE
SCENARIO = names.SLOT_PRACTICE_SCENARIO
TURN = names.SLOT_PRACTICE_TURN


def _send_turn(dispatcher: CollectingDispatcher, turn: Turn) -> None:
    if turn.patient:
        dispatcher.utter_message(response=names.UTTER_PATIENT, line=turn.patient)
    for item in turn.feedback:
        response = names.UTTER_PRACTICE_GOOD if item.positive else names.UTTER_PRACTICE_TIP
        dispatcher.utter_message(response=response, text=item.text, sources=item.sources)


class ValidatePracticeForm(NamedAction):
    """Starts the chosen scenario and runs each learner turn through the engine.

    The validation action of practice_form: it replaces rasa-sdk's slot-by-slot validation.
    """

    action_name = names.VALIDATE_PRACTICE_FORM

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Handle the latest learner message."""
        message = latest(tracker)
        text, intent = message.text, message.intent
        acute = intent == names.INTENT_ACUTE_DANGER
        if acute:
            # A real emergency typed during practice still gets the emergency number first.
            standard = message.standard
            send_topic(dispatcher, names.TOPIC_ACUTE_DANGER, standard=standard, followups=False)
            dispatcher.utter_message(response=names.UTTER_PRACTICE_SAFETY_NOTE, **numbers())
        if intent == names.INTENT_CHOOSE_WRITTEN_STANDARD:
            # "svar på nynorsk" is said to the assistant, not to the patient: not a turn.
            dispatcher.utter_message(response=names.UTTER_WRITTEN_STANDARD_CHOSEN)
            asking = tracker.get_slot(REQUESTED_SLOT) == SCENARIO
            return [SlotSet(SCENARIO, None)] if asking else [SlotSet(TURN, None)]
        if tracker.get_slot(REQUESTED_SLOT) == SCENARIO:
            return self._choose(dispatcher, tracker, text, intent, message.standard)
        raw_state = tracker.get_slot(STATE)
        if not raw_state:
            return [SlotSet(TURN, None)]
        state = State.from_dict(raw_state)
        if intent == names.INTENT_STOP_PRACTICE:
            return [SlotSet(STATE, state.as_dict()), SlotSet(REQUESTED_SLOT, None)]
        turn = respond(library(), state, text, message.standard)
        _send_turn(dispatcher, turn)
        events: list[EventType] = [SlotSet(STATE, turn.state.as_dict()), SlotSet(TURN, None)]
        if turn.ended:
            events.append(SlotSet(REQUESTED_SLOT, None))
        return events

    @staticmethod
    def _choose(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        text: str,
        intent: str | None,
        standard: Standard,
    ) -> list[EventType]:
        if intent == names.INTENT_STOP_PRACTICE or library().behaviours["leaves"].found_in(text):
            return [SlotSet(SCENARIO, None), SlotSet(REQUESTED_SLOT, None)]
        chosen = choose(library(), text)
        if chosen is None:
            return [SlotSet(SCENARIO, None)]
        seed = zlib.crc32(f"{tracker.sender_id}:{chosen}".encode())
        state, scene = start(library().scenarios[chosen], seed, standard)
        # The scene's fields fill the response's {title}, {setting}, {present}, {visible}.
        dispatcher.utter_message(response=names.UTTER_PRACTICE_SCENE, **asdict(scene))
        dispatcher.utter_message(response=names.UTTER_PATIENT, line=scene.opening)
        return [SlotSet(SCENARIO, chosen), SlotSet(STATE, state.as_dict()), SlotSet(TURN, None)]


class ActionAskPracticeScenario(NamedAction):
    """Offer the scenarios as buttons (they can also be typed: number or title)."""

    action_name = names.ACTION_ASK_PRACTICE_SCENARIO

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """List the scenarios."""
        standard = latest(tracker).standard
        titles = {s.id: s.title.to(standard) for s in library().scenarios.values()}
        listing = "\n".join(f"{i}. {title}" for i, title in enumerate(titles.values(), 1))
        buttons = [Button(title, scenario).as_dict() for scenario, title in titles.items()]
        dispatcher.utter_message(
            response=names.UTTER_PRACTICE_CHOOSE, listing=listing, buttons=buttons
        )
        return []


class ActionAskPracticeTurn(NamedAction):
    """The patient has already spoken; the learner's turn needs no extra prompt."""

    action_name = names.ACTION_ASK_PRACTICE_TURN

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send nothing: the conversation continues with the learner."""
        return []


class ActionPracticeDebrief(NamedAction):
    """Score per checkpoint, what went well, what to improve, references."""

    action_name = names.ACTION_PRACTICE_DEBRIEF

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Send the debrief (or a short note when no scenario was played)."""
        raw_state = tracker.get_slot(STATE)
        reset = [SlotSet(STATE, None), SlotSet(SCENARIO, None), SlotSet(TURN, None)]
        if not raw_state or State.from_dict(raw_state).turn == 0:
            dispatcher.utter_message(response=names.UTTER_PRACTICE_STOPPED)
            return reset
        result = debrief(library(), State.from_dict(raw_state), latest(tracker).standard)
        dispatcher.utter_message(
            response=names.UTTER_PRACTICE_SCORE,
            scenario=result.scenario,
            score=result.score,
            max_score=result.max_score,
            percent=result.percent,
        )
        table = "\n".join(f"- {r.title}: {r.points}/{r.max_points}" for r in result.rows)
        dispatcher.utter_message(response=names.UTTER_PRACTICE_TABLE, table=table)
        good = [f"- {r.text}" for r in result.rows if r.points == r.max_points]
        improve = [f"- {r.text}" for r in result.rows if r.points < r.max_points]
        if good:
            dispatcher.utter_message(response=names.UTTER_PRACTICE_WENT_WELL, items="\n".join(good))
        if improve:
            dispatcher.utter_message(
                response=names.UTTER_PRACTICE_IMPROVE, items="\n".join(improve)
            )
        dispatcher.utter_message(
            response=names.UTTER_PRACTICE_REFERENCES, references=result.references
        )
        return reset
