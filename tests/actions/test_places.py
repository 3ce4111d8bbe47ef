from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.places import ActionLookupPlace
from tests.conftest import make_tracker


def responses(dispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


async def test_centre_for_a_municipality_names_it_and_remembers_the_place(dispatcher, domain):
    tracker = make_tracker(
        text="Hvilket krisesenter hører Bodø til?", intent="ask_local_crisis_centre"
    )
    events = await ActionLookupPlace().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]
    assert first["centres"] == "Krisesenteret i Salten"
    assert first["response"] == "utter_centre_no_phone", "no verified number for Salten"
    assert SlotSet("municipality", "1804") in events
    answers = " ".join(m.get("answer") or "" for m in dispatcher.messages)
    assert "ikke lov pasienten plass" in answers and "når som helst" in answers


async def test_district_follow_up_uses_the_remembered_place(dispatcher, domain):
    tracker = make_tracker(
        text="og politidistriktet?", intent="ask_police_district", slots={"municipality": "3403"}
    )
    await ActionLookupPlace().run(dispatcher, tracker, domain)
    district = dispatcher.messages[0]
    assert district["district"] == "Innlandet politidistrikt"
    assert district["police"] == "02800" and district["police_emergency"] == "112"


async def test_former_name_is_explained(dispatcher, domain):
    tracker = make_tracker(text="kva politidistrikt høyrer Førde til", intent="ask_police_district")
    await ActionLookupPlace().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_place_former"
    assert dispatcher.messages[0]["municipality"] == "Sunnfjord"


async def test_ambiguous_name_asks_which_county(dispatcher, domain):
    tracker = make_tracker(text="krisesenter i Herøy", intent="ask_local_crisis_centre")
    events = await ActionLookupPlace().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_place_ambiguous"
    assert {b["title"] for b in message["buttons"]} == {
        "Herøy (Møre og Romsdal)",
        "Herøy (Nordland)",
    }
    assert SlotSet("place_question", "centre") in events


async def test_unknown_place_says_so_with_close_matches(dispatcher, domain):
    tracker = make_tracker(
        text="Hvilket politidistrikt hører Bergn til?", intent="ask_police_district"
    )
    await ActionLookupPlace().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] in ("utter_place_unknown", "utter_district")


async def test_no_data_gives_the_honest_fallback(dispatcher, domain):
    tracker = make_tracker(
        text="Hvilket krisesenter hører Karasjok til?", intent="ask_local_crisis_centre"
    )
    await ActionLookupPlace().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_centre_unknown"
    assert message["vo_number"] == "116 006"


async def test_missing_place_is_asked_for(dispatcher, domain):
    tracker = make_tracker(
        text="hvilket krisesenter hører vi til", intent="ask_local_crisis_centre"
    )
    events = await ActionLookupPlace().run(dispatcher, tracker, domain)
    assert responses(dispatcher)[-1] == "utter_ask_place"
    assert SlotSet("place_question", "centre") in events
