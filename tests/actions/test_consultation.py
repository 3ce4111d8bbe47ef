from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.consultation import (
    ActionAskAcuteNow,
    ActionFinishConsultation,
    ActionStartConsultation,
    ValidateConsultationForm,
)
from tests.conftest import make_tracker


def form_tracker(requested: str, text: str, intent: str = "inform", **slots):
    return make_tracker(
        text=text,
        intent=intent,
        slots={"requested_slot": requested, **slots},
        active_loop="consultation_form",
    )


def slot_values(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_start_introduces_and_forgets_earlier_answers(dispatcher, domain):
    events = await ActionStartConsultation().run(dispatcher, make_tracker(), domain)
    assert dispatcher.messages[0]["response"] == "utter_consultation_intro"
    assert SlotSet("wish", None) in events and SlotSet("consultation_cancelled", None) in events


async def test_yes_to_acute_danger_sends_112_first(dispatcher, domain):
    events = await ValidateConsultationForm().run(
        dispatcher, form_tracker("acute_now", "ja", "affirm"), domain
    )
    assert dispatcher.messages[0]["answer"].startswith("Ring 112")
    assert slot_values(events)["acute_now"] == "yes"


async def test_danger_mid_form_gets_112_and_the_question_stays_open(dispatcher, domain):
    tracker = form_tracker("consent", "han står utenfor med kniv nå", "acute_danger")
    events = await ValidateConsultationForm().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["answer"].startswith("Ring 112")
    values = slot_values(events)
    assert values["consent"] is None
    assert values["risk_noted"] == ["weapon"]


async def test_wish_is_acknowledged_with_fitting_measures(dispatcher, domain):
    tracker = form_tracker("wish", "Hun vil bli boende hjemme, men er redd")
    events = await ValidateConsultationForm().run(dispatcher, tracker, domain)
    assert "voldsalarm" in dispatcher.messages[0]["note"]
    assert slot_values(events)["wish"] == "stay_home_protected"
    assert slot_values(events)["risk_noted"] == ["fear"]


async def test_cancel_ends_the_form(dispatcher, domain):
    events = await ValidateConsultationForm().run(
        dispatcher, form_tracker("wish", "avbryt"), domain
    )
    assert SlotSet("consultation_cancelled", True) in events
    assert SlotSet("requested_slot", None) in events


async def test_side_question_is_answered_without_counting_a_failure(dispatcher, domain):
    tracker = form_tracker("wish", "Hva er omvendt voldsalarm?", "ask_measure")
    tracker.latest_message["entities"] = [{"entity": "measure", "value": "reverse_alarm"}]
    events = await ValidateConsultationForm().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["name"] == "Omvendt voldsalarm"
    assert slot_values(events)["consultation_failures"] == {}


async def test_second_failed_answer_gets_the_explanation(dispatcher, domain):
    tracker = form_tracker("acute_now", "grønn", consultation_failures={"acute_now": 1})
    events = await ValidateConsultationForm().run(dispatcher, tracker, domain)
    failures = slot_values(events)["consultation_failures"]
    assert failures == {"acute_now": 2}
    asked = make_tracker(slots={"consultation_failures": failures})
    await ActionAskAcuteNow().run(dispatcher, asked, domain)
    assert dispatcher.messages[-1]["response"] == "utter_explain_acute_now"
    await ActionAskAcuteNow().run(dispatcher, make_tracker(), domain)
    assert dispatcher.messages[-1]["response"] == "utter_ask_acute_now"


async def test_municipality_answer_is_resolved_to_its_number(dispatcher, domain):
    events = await ValidateConsultationForm().run(
        dispatcher, form_tracker("municipality", "i Bodø"), domain
    )
    assert slot_values(events)["municipality"] == "1804"


async def test_finish_sends_framing_items_and_a_summary(dispatcher, domain):
    tracker = make_tracker(
        slots={
            "acute_now": "no", "wish": "stay_home_protected", "risk_signals": ["threats"],
            "children_home": "yes", "municipality": "1804", "consent": "unknown",
        }
    )  # fmt: skip
    await ActionFinishConsultation().run(dispatcher, tracker, domain)
    texts = [m.get("text") or m.get("summary") for m in dispatcher.messages]
    assert "ikke en risikoskår" in texts[0]
    assert any("Krisesenteret i Salten" in t for t in texts)
    assert any("barnevernet" in t for t in texts)
    assert "Journalnotat" in dispatcher.messages[-1]["summary"]


async def test_finish_after_cancel_only_acknowledges(dispatcher, domain):
    tracker = make_tracker(slots={"consultation_cancelled": True})
    await ActionFinishConsultation().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_consultation_cancelled"]
