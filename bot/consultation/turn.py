"""One user message inside the consultation form: what it answers and what else it says.

Everything here is decided from the text and the NLU result only, so the form
stays deterministic: danger gets the emergency reply first, "avbryt" stops,
"hopp over" skips, a side question is answered and the question asked again,
earlier answers can be corrected, and a failed answer is counted so that the
second failure gets an explanation instead of the same question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.consultation import parse
from bot.names import (
    INTENT_ACUTE_DANGER,
    INTENT_ASK_MEASURE,
    INTENT_CHOOSE_WRITTEN_STANDARD,
    TOPIC_INTENT_PREFIX,
)
from bot.nlu import danger

# Slots of the consultation form, in the order they are asked.
QUESTIONS = ("acute_now", "wish", "risk_signals", "children_home", "municipality", "consent")
# Risk signs mentioned before the risk question is asked are kept here, so the
# question is still asked (one "redd" does not answer it) and nothing is lost.
NOTED = "risk_noted"
# Signs the risk answer named without stating them ("ingen våpen"): [[sign, status], …].
NOT_STATED = "risk_not_stated"
# A side question must be this clear before it interrupts the form.
SIDE_QUESTION_CONFIDENCE = 0.6
# Button payloads of yes/no intents, when a channel sends intents instead of text.
INTENT_ANSWERS = {
    "affirm": parse.YES,
    "deny": parse.NO,
    "dont_know": parse.UNKNOWN,
    "skip": parse.SKIPPED,
}


@dataclass
class Turn:
    """What one message means for the consultation."""

    values: dict[str, Any] = field(default_factory=dict)  # slots to set (None clears)
    answered: bool = False
    acute: bool = False
    cancel: bool = False
    correction_menu: bool = False
    side_intent: str | None = None
    standard_chosen: bool = False  # "svar på nynorsk": confirm, then ask the question again
    noted_wish: str | None = None
    # The risk answer as read, to show back: stated signs and those only named.
    signals_read: parse.Signals | None = None


def _parsers(resolve_place: Callable[[str], str | None]) -> dict[str, Callable[[str], Any]]:
    return {
        "acute_now": parse.parse_yes_no,
        "wish": parse.parse_wish,
        "children_home": parse.parse_children,
        "municipality": lambda text: parse.SKIPPED
        if parse.parse_yes_no(text) == parse.SKIPPED
        else resolve_place(text),
        "consent": parse.parse_consent,
    }


def interpret(
    requested: str | None,
    text: str,
    intent: str | None,
    confidence: float,
    current: Mapping[str, Any],
    *,
    resolve_place: Callable[[str], str | None],
) -> Turn:
    """Decide what a message answers; `current` holds the slots answered so far."""
    turn = Turn()
    if intent == "cancel" or parse.first_category(text, "cancel"):
        turn.cancel = True
        return turn
    if intent == INTENT_CHOOSE_WRITTEN_STANDARD:
        turn.standard_chosen = True
        return turn
    if parse.first_category(text, "correct"):
        question = parse.first_category(text, "questions")
        if question and question != requested and current.get(question) is not None:
            turn.values[question] = None  # the form asks it again before going on
            return turn
        if not question:
            turn.correction_menu = True
            return turn
    turn.acute = intent == INTENT_ACUTE_DANGER and _alarm_holds(requested, text)
    side = intent == INTENT_ASK_MEASURE or (intent or "").startswith(TOPIC_INTENT_PREFIX)
    if side and confidence >= SIDE_QUESTION_CONFIDENCE and parse.first_category(text, "question"):
        # "Hva er voldsalarm?" is a question about the guide, not a wish.
        turn.side_intent = intent
        return turn
    if requested:
        value: Any = INTENT_ANSWERS.get(intent or "") if text.startswith("/") else None
        if value is None and requested == "acute_now" and turn.acute:
            value = parse.YES
        if value is None and requested == "risk_signals":
            # Read here rather than in _parsers: what was denied is shown back too.
            turn.signals_read = parse.read_signals(text)
            value = turn.signals_read.found
            if turn.signals_read.not_stated:
                turn.values[NOT_STATED] = [
                    list(pair) for pair in turn.signals_read.not_stated_pairs
                ]
        elif value is None:
            value = _parsers(resolve_place)[requested](text)
        if value is not None:
            answer: Any = value
            if requested == "risk_signals":
                answer = _merge(current.get(NOTED), list(value))
            turn.values[requested] = answer
            turn.answered = True
            if requested == "wish" and value != parse.SKIPPED:
                turn.noted_wish = value
    for slot, mention in parse.mentioned(text).items():
        if slot == requested:
            continue
        if slot == "risk_signals":
            if current.get("risk_signals") is None and requested != "risk_signals":
                turn.values[NOTED] = _merge(current.get(NOTED), mention)
            else:
                turn.values[slot] = _merge(current.get(slot), mention)
        elif slot == "wish" and mention != current.get("wish"):
            turn.values[slot] = mention
            turn.noted_wish = mention
        else:
            turn.values[slot] = mention
    if not turn.answered and not turn.acute and side and confidence >= SIDE_QUESTION_CONFIDENCE:
        turn.side_intent = intent
    return turn


def _alarm_holds(requested: str | None, text: str) -> bool:
    """Whether the classifier's alarm counts for an answer to `requested`.

    The danger patterns (which catch every danger sentence of the labelled
    sets, docs/nlu.md) always count. Beyond them, an answer to the risk question
    describes signs («ingen våpen, men hun er livredd») and an explicit «nei» to
    "is anyone in danger now?" («nei hun er trygg akkurat nå, han er på jobb»)
    answers it: neither is an alarm. Anywhere else the classifier's alarm counts.
    """
    if danger.detect(text):
        return True
    if requested == "risk_signals":
        return False
    if requested == "acute_now":
        return parse.parse_yes_no(text) != parse.NO
    return True


def _merge(earlier: list[str] | None, now: list[str]) -> list[str]:
    """Risk signs so far plus new ones; a real sign replaces none/unknown/skipped."""
    placeholders = (parse.NONE_SIGNAL, parse.UNKNOWN, parse.SKIPPED)
    known = [s for s in earlier or [] if s not in placeholders]
    found = [s for s in now if s not in placeholders]
    if not known and not found:
        return list(now)
    return list(dict.fromkeys([*known, *found]))


def next_failures(
    failures: Mapping[str, int] | None, requested: str | None, turn: Turn
) -> dict[str, int]:
    """Failed-answer counts per question after this turn."""
    counts = dict(failures or {})
    if not requested:
        return counts
    if turn.answered:
        counts.pop(requested, None)
    elif not (
        turn.acute
        or turn.side_intent
        or turn.correction_menu
        or turn.standard_chosen
        or turn.values
    ):
        counts[requested] = counts.get(requested, 0) + 1
    return counts
