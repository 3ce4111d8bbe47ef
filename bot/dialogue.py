"""Dialogue decisions that need no tracker: which topic, which measure, what to offer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot import names
from bot.knowledge.render import Button, measure_button, topic_button
from bot.knowledge.store import Knowledge
from bot.text.standard import DEFAULT, Standard

# Intents below this confidence are not worth offering as a guess.
MIN_CLARIFY_CONFIDENCE = 0.05


def topic_for_intent(knowledge: Knowledge, intent: str | None) -> str | None:
    """The topic an `ask_<topic>` intent asks for, if there is one."""
    if intent and intent.startswith(names.TOPIC_INTENT_PREFIX):
        topic = intent[len(names.TOPIC_INTENT_PREFIX) :]
        if topic in knowledge.topics:
            return topic
    return None


def measure_to_answer(
    knowledge: Knowledge,
    entities: Iterable[Mapping[str, Any]],
    remembered: str | None,
    text: str = "",
) -> str | None:
    """The measure this message is about.

    Named in the message first, then one meeting the need it describes ("hun
    vil ikke at han skal kunne kontakte henne"), then the one talked about last.
    """
    for entity in entities:
        if (
            entity.get("entity") == names.ENTITY_MEASURE
            and entity.get("value") in knowledge.measures
        ):
            return str(entity["value"])
    lower = text.lower()
    for measure in knowledge.measures.values():
        if measure.meets_need_in(lower):
            return measure.id
    return remembered if remembered in knowledge.measures else None


def clarify_buttons(
    knowledge: Knowledge,
    ranking: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    *,
    standard: Standard = DEFAULT,
    limit: int = 3,
) -> list[Button]:
    """Buttons for the likeliest answerable topics, best first (at most `limit`)."""
    measure = measure_to_answer(knowledge, entities, None)
    buttons: list[Button] = []
    seen: set[str] = set()
    for entry in ranking:
        intent, confidence = entry.get("name"), float(entry.get("confidence") or 0.0)
        if confidence < MIN_CLARIFY_CONFIDENCE:
            break
        if intent == names.INTENT_ASK_MEASURE:
            button = (
                measure_button(knowledge, measure, standard)
                if measure
                else topic_button(knowledge, "police_measures", standard)
            )
        else:
            topic = topic_for_intent(knowledge, intent)
            if topic is None or topic == "acute_danger":
                continue
            button = topic_button(knowledge, topic, standard)
        if button.payload not in seen:
            seen.add(button.payload)
            buttons.append(button)
        if len(buttons) == limit:
            break
    return buttons


# A second guess must be at least this confident to be answered after the alarm.
MIN_SECOND_TOPIC_CONFIDENCE = 0.15


def topic_behind_alarm(
    knowledge: Knowledge, ranking: Iterable[Mapping[str, Any]], *, backstop_matched: bool
) -> str | None:
    """The question to answer after the emergency reply, when the alarm may be a false one.

    When only the classifier (not the deterministic backstop) saw danger, the
    message may be a question that merely mentions danger ("er det fare for at
    det skjer igjen?"). Then the emergency number still comes first, then the likeliest
    knowledge topic, so the user gets an answer either way.
    """
    if backstop_matched:
        return None
    for entry in ranking:
        topic = topic_for_intent(knowledge, entry.get("name"))
        if topic and topic not in ("acute_danger", "duty_to_notify"):
            confident = float(entry.get("confidence") or 0.0) >= MIN_SECOND_TOPIC_CONFIDENCE
            return topic if confident else None
    return None


def topic_instead_of_measure(
    knowledge: Knowledge, ranking: Iterable[Mapping[str, Any]]
) -> str | None:
    """A measure question that names no measure may be about a topic after all.

    "Hva kreves for å få bo på krisesenteret?" looks like a measure question;
    when the runner-up intent is a topic with some confidence, answer that.
    """
    for entry in ranking:
        if entry.get("name") == names.INTENT_ASK_MEASURE:
            continue
        topic = topic_for_intent(knowledge, entry.get("name"))
        confident = float(entry.get("confidence") or 0.0) >= MIN_SECOND_TOPIC_CONFIDENCE
        return topic if topic and topic != "acute_danger" and confident else None
    return None


# Topics after which "likevel" / "uansett" means: despite the patient's refusal.
_REFUSAL_TOPICS = frozenset({"respect_wishes", "confidentiality", "playing_down", "act_together"})


def topic_in_context(
    topic: str,
    entities: Iterable[Mapping[str, Any]],
    *,
    last_topic: str | None,
    consent: str | None,
) -> tuple[str, ...]:
    """The topics to answer for `topic` in this conversation, in order.

    "Kan jeg ringe politiet likevel?" after the patient refused (a refusal
    topic, or consent answered "no") asks about the duty rules, not phone
    numbers. Children mentioned in any question (not denied: the entity is
    only extracted then) bring what applies to children after the answer.
    """
    kinds = {str(entity.get("entity")) for entity in entities}
    answer = topic
    refused = last_topic in _REFUSAL_TOPICS or consent == "no"
    if names.ENTITY_DESPITE in kinds and refused and topic not in _DUTY_TOPICS:
        answer = names.TOPIC_DUTY_TO_NOTIFY
    topics = [answer]
    if names.ENTITY_CHILDREN in kinds and answer != names.TOPIC_CHILDREN:
        topics.append(names.TOPIC_CHILDREN)
    return tuple(topics)


_DUTY_TOPICS = frozenset({names.TOPIC_DUTY_TO_NOTIFY, "confidentiality", "public_prosecution"})
