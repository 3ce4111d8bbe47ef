"""Look-ups by municipality: the crisis centre and the police district."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._reply import numbers, send_topic
from bot import names
from bot.knowledge import knowledge
from bot.lookup import Resolution, lookups
from bot.places import WANTS, centre_info, district_info, resolve, unknown_name, wanted


class ActionLookupPlace(Action):
    """Answer which crisis centre and/or police district a municipality belongs to."""

    def name(self) -> str:
        """Action name used in domain.yml."""
        return names.ACTION_LOOKUP_PLACE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Resolve the place (or reuse the remembered one) and answer; ask when unclear."""
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name") or ""
        text = latest.get("text") or ""
        want = wanted(WANTS.get(intent), text) or tracker.get_slot(names.SLOT_PLACE_QUESTION)
        return answer_place(dispatcher, tracker, want or "both", text)


def answer_place(
    dispatcher: CollectingDispatcher, tracker: Tracker, want: str, text: str
) -> list[EventType]:
    """Answer a look-up of `want` (centre / district / both) for the place in `text`."""
    resolution = resolve(text)
    if resolution.kind == "ambiguous":
        _ask_which(dispatcher, resolution)
        return [SlotSet(names.SLOT_PLACE_QUESTION, want)]
    number = resolution.municipality.number if resolution.municipality else None
    if number is None:
        typed = unknown_name(text)
        remembered = tracker.get_slot(names.SLOT_MUNICIPALITY)
        if typed is None and remembered in lookups().municipalities:
            number = remembered  # "og politidistriktet?"
        elif typed is None:
            # Answer what can be said without a place, then ask for it.
            if want in ("district", "both"):
                send_topic(dispatcher, "family_violence_coordinator", followups=False)
            if want in ("centre", "both"):
                send_topic(dispatcher, "crisis_centre_promise", followups=False)
            dispatcher.utter_message(response=names.UTTER_ASK_PLACE)
            return [SlotSet(names.SLOT_PLACE_QUESTION, want)]
        else:
            _not_found(dispatcher, typed)
            return [SlotSet(names.SLOT_PLACE_QUESTION, want)]
    _say_alias(dispatcher, resolution)
    if want in ("centre", "both"):
        _centre(dispatcher, number)
    if want in ("district", "both"):
        _district(dispatcher, number)
    return [SlotSet(names.SLOT_MUNICIPALITY, number), SlotSet(names.SLOT_PLACE_QUESTION, None)]


def _ask_which(dispatcher: CollectingDispatcher, resolution: Resolution) -> None:
    buttons = [
        {"title": c.municipality.display_name, "payload": c.municipality.display_name}
        for c in resolution.candidates
    ]
    name = resolution.candidates[0].municipality.name
    dispatcher.utter_message(response=names.UTTER_PLACE_AMBIGUOUS, name=name, buttons=buttons)


def _not_found(dispatcher: CollectingDispatcher, typed: str) -> None:
    suggestions = lookups().suggest(typed)
    buttons = [{"title": s, "payload": s} for s in suggestions]
    response = names.UTTER_PLACE_UNKNOWN if buttons else names.UTTER_PLACE_UNKNOWN_NO_MATCH
    dispatcher.utter_message(response=response, name=typed, buttons=buttons)


def _say_alias(dispatcher: CollectingDispatcher, resolution: Resolution) -> None:
    if resolution.alias and resolution.municipality:
        response = names.UTTER_PLACE_FORMER if resolution.is_former_name else names.UTTER_PLACE_TOWN
        dispatcher.utter_message(
            response=response,
            alias=resolution.alias.alias,
            municipality=resolution.municipality.display_name,
        )


def _centre(dispatcher: CollectingDispatcher, number: str) -> None:
    info = centre_info(number)
    vo = knowledge().contacts["vo_linjen"]
    if not info.centres:
        dispatcher.utter_message(
            response=names.UTTER_CENTRE_UNKNOWN,
            municipality=info.municipality,
            vo_name=vo.name,
            vo_number=vo.display,
            vo_hours=vo.hours or "",
        )
        return
    response = names.UTTER_CENTRE_FOUND if info.phones else names.UTTER_CENTRE_NO_PHONE
    dispatcher.utter_message(
        response=response,
        municipality=info.municipality,
        centres=info.names,
        phones=info.phones,
        sources=info.sources,
    )
    send_topic(dispatcher, "crisis_centre", followups=False)
    send_topic(dispatcher, "crisis_centre_promise")


def _district(dispatcher: CollectingDispatcher, number: str) -> None:
    info = district_info(number)
    dispatcher.utter_message(
        response=names.UTTER_DISTRICT,
        municipality=info.municipality,
        district=info.district,
        sources=info.sources,
        **numbers(),
    )
    send_topic(dispatcher, "family_violence_coordinator", followups=False)
