from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.practice import ActionAskPracticeScenario, ActionPracticeDebrief, ValidatePracticeForm
from bot.practice.engine import start
from bot.practice.scenario import library
from tests.conftest import make_tracker


def practice_tracker(requested: str, text: str, intent: str = "inform", **slots):
    return make_tracker(
        text=text,
        intent=intent,
        slots={"requested_slot": requested, **slots},
        active_loop="practice_form",
    )


def state_dict(seed: int = 3) -> dict:
    state, _ = start(library().scenarios["er_partner_waiting"], seed)
    return state.as_dict()


async def test_scenarios_are_offered_as_a_numbered_list_and_buttons(dispatcher, domain):
    await ActionAskPracticeScenario().run(dispatcher, make_tracker(), domain)
    message = dispatcher.messages[0]
    assert message["listing"].startswith("1. ")
    assert message["buttons"][0]["payload"] == next(iter(library().scenarios))


async def test_choosing_a_scenario_sets_the_scene_and_the_patient_speaks(dispatcher, domain):
    events = await ValidatePracticeForm().run(
        dispatcher, practice_tracker("practice_scenario", "1"), domain
    )
    scene, patient = dispatcher.messages
    assert scene["response"] == "utter_practice_scene" and scene["setting"]
    assert patient["response"] == "utter_patient"
    assert SlotSet("practice_scenario", "er_partner_waiting") in events


async def test_a_learner_turn_gets_a_patient_reply_and_feedback(dispatcher, domain):
    tracker = practice_tracker(
        "practice_turn", "Er du trygg nå? Er han her?", practice_state=state_dict()
    )
    events = await ValidatePracticeForm().run(dispatcher, tracker, domain)
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_patient", "utter_practice_good"]
    assert "akutt fare" in dispatcher.messages[1]["text"]
    assert SlotSet("practice_turn", None) in events


async def test_promising_a_place_is_corrected_at_once(dispatcher, domain):
    tracker = practice_tracker(
        "practice_turn", "Du får bo på krisesenteret i kveld", practice_state=state_dict()
    )
    await ValidatePracticeForm().run(dispatcher, tracker, domain)
    tips = [m for m in dispatcher.messages if m["response"] == "utter_practice_tip"]
    assert tips and "senteret avgjør" in tips[0]["text"]


async def test_a_real_emergency_in_practice_gets_112_first_with_a_note(dispatcher, domain):
    tracker = practice_tracker(
        "practice_turn",
        "hjelp, han står her med kniv nå",
        intent="acute_danger",
        practice_state=state_dict(),
    )
    await ValidatePracticeForm().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["answer"].startswith("Ring 112")
    assert dispatcher.messages[1]["response"] == "utter_practice_safety_note"


async def test_ferdig_ends_the_loop_and_the_debrief_scores_each_checkpoint(dispatcher, domain):
    tracker = practice_tracker("practice_turn", "Er du trygg nå?", practice_state=state_dict())
    events = await ValidatePracticeForm().run(dispatcher, tracker, domain)
    played = next(e["value"] for e in events if e.get("name") == "practice_state")
    done = await ValidatePracticeForm().run(
        dispatcher, practice_tracker("practice_turn", "ferdig", practice_state=played), domain
    )
    assert SlotSet("requested_slot", None) in done
    dispatcher.messages.clear()
    await ActionPracticeDebrief().run(
        dispatcher, make_tracker(slots={"practice_state": played}), domain
    )
    responses = [m["response"] for m in dispatcher.messages]
    assert responses[0] == "utter_practice_score" and responses[-1] == "utter_practice_references"
    assert "Sjekket om hun er i fare nå: 2/2" in dispatcher.messages[1]["table"]


async def test_leaving_before_any_turn_just_says_so(dispatcher, domain):
    events = await ValidatePracticeForm().run(
        dispatcher, practice_tracker("practice_scenario", "avslutt øving"), domain
    )
    assert SlotSet("requested_slot", None) in events
    await ActionPracticeDebrief().run(dispatcher, make_tracker(), domain)
    assert dispatcher.messages[-1]["response"] == "utter_practice_stopped"
