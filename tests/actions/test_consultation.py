from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.consultation import (
    ActionAskAcuteNow,
    ActionFinishConsultation,
    ActionJournalNote,
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


async def test_a_denial_is_noted_as_denied_and_never_as_a_sign(dispatcher, domain):
    events = await ValidateConsultationForm().run(
        dispatcher,
        form_tracker(
            "risk_signals",
            "han har ikke truet henne, det er ingen våpen i huset og hun er ikke redd",
        ),
        domain,
    )
    values = slot_values(events)
    assert values["risk_signals"] == ["none"]
    assert sorted(values["risk_not_stated"]) == [
        ["fear", "denied"],
        ["threats", "denied"],
        ["weapon", "denied"],
    ]
    said = " ".join(m.get("note", "") for m in dispatcher.messages)
    assert "Ikke notert som tegn: trusler (avkreftet); våpen (avkreftet)" in said
    assert not any("112" in str(m) for m in dispatcher.messages), "a denial is no alarm"


async def test_the_first_message_of_a_consultation_is_kept(dispatcher, domain):
    tracker = make_tracker(
        text="Hun er gravid og redd for samboeren. Hva nå?", intent="start_consultation"
    )
    events = await ActionStartConsultation().run(dispatcher, tracker, domain)
    assert SlotSet("risk_noted", ["fear"]) in events
    assert SlotSet("risk_signals", None) in events, "the risk question is still asked"
    assert "pasienten er redd" in dispatcher.messages[1]["note"]


async def test_the_journal_note_is_shown_again_and_shorter_on_request(dispatcher, domain):
    slots = {
        "acute_now": "no", "wish": "talk_only", "risk_signals": ["threats"],
        "children_home": "yes", "consent": "no", "risk_not_stated": [["weapon", "denied"]],
    }  # fmt: skip
    tracker = make_tracker(text="kan du lage et notat til journalen?", slots=slots)
    assert await ActionJournalNote().run(dispatcher, tracker, domain) == []
    full = dispatcher.messages[-1]["summary"]
    assert "Risikotegn oppgitt i samtalen: trusler" in full
    assert "våpen (avkreftet)" in full and "Foreslåtte tiltak" in full
    brief = make_tracker(
        text="kortere", slots=slots, entities=[{"entity": "brief", "value": "present"}]
    )
    await ActionJournalNote().run(dispatcher, brief, domain)
    short = dispatcher.messages[-1]["summary"]
    assert "Foreslåtte tiltak" not in short and len(short) < len(full)


async def test_no_journal_note_before_a_consultation(dispatcher, domain):
    await ActionJournalNote().run(dispatcher, make_tracker(text="lag journalnotat"), domain)
    assert dispatcher.messages[-1]["response"] == "utter_no_journal_note"
