"""Measures in proportion to risk and wishes, each with its why, and the journal summary.

Texts come from data/knowledge/consultation.yml; facts about measures are
rendered from measures.yml. Nothing here is a score: the risk picture only
decides how comprehensive the proposal is (the guide's proportionality).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from bot.consultation.parse import NONE_SIGNAL, SKIPPED, UNKNOWN, YES
from bot.knowledge import knowledge
from bot.knowledge.store import KNOWLEDGE_DIR, read_yaml

SERIOUS_SIGNALS = frozenset({"threats", "weapon", "strangling", "fear"})
HIGH, ELEVATED, UNCLEAR = "high", "elevated", "unclear"
# Which police measures fit which wish (ids in measures.yml).
MEASURES_FOR_WISH: dict[str, tuple[str, ...]] = {
    "stay_home_protected": ("violence_alarm", "visiting_ban", "home_ban"),
    "safe_place": ("violence_alarm", "address_block"),
    "report": ("violence_alarm", "visiting_ban"),
    "talk_only": ("violence_alarm",),
    "unsure": ("violence_alarm",),
}


@functools.lru_cache(maxsize=1)
def texts() -> dict[str, Any]:
    """The consultation texts, with phone numbers filled in."""
    numbers = knowledge().numbers()

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format_map(numbers)
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    return dict(fill(read_yaml(KNOWLEDGE_DIR / "consultation.yml")))


@dataclass(frozen=True)
class Answers:
    """What the health worker has answered so far (slot values)."""

    acute_now: str | None = None
    wish: str | None = None
    risk_signals: tuple[str, ...] = ()
    children_home: str | None = None
    municipality: str | None = None
    consent: str | None = None

    @property
    def known_signals(self) -> tuple[str, ...]:
        """Risk signals actually noted (not none/unknown/skipped)."""
        return tuple(s for s in self.risk_signals if s not in (NONE_SIGNAL, UNKNOWN, SKIPPED))


@dataclass(frozen=True)
class Item:
    """One proposed measure with the reasons for it."""

    id: str
    title: str
    why: tuple[str, ...]
    detail: str | None = None
    lines: tuple[str, ...] = field(default=())

    def text(self, number: int) -> str:
        """The item as a numbered block of text."""
        parts = [f"{number}. {self.title}", *self.why]
        if self.detail:
            parts.append(self.detail)
        parts += list(self.lines)
        return "\n".join(parts)


def risk_level(answers: Answers) -> str:
    """High / elevated / unclear — decides how comprehensive the proposal is."""
    signals = set(answers.known_signals)
    if answers.acute_now == YES or signals & SERIOUS_SIGNALS or len(signals) >= 3:
        return HIGH
    return ELEVATED if signals else UNCLEAR


def _measure_lines(measure_ids: tuple[str, ...]) -> tuple[str, ...]:
    lines = []
    for measure_id in measure_ids:
        measure = knowledge().measures[measure_id]
        facts = [measure.aspects.get("requirements"), measure.aspects.get("duration")]
        described = " ".join(f for f in facts if f) or measure.aspects["what"]
        lines.append(f"- {measure.name}: {described.format_map(knowledge().numbers())}")
    return tuple(lines)


def propose(answers: Answers, *, centre_lines: tuple[str, ...] = ()) -> list[Item]:
    """The proposal, most urgent first. `centre_lines` describe the local crisis centre."""
    t = texts()["items"]
    level = risk_level(answers)
    items: list[Item] = []
    if answers.acute_now == YES:
        items.append(Item("emergency", t["emergency"]["title"], (t["emergency"]["why"],)))
    if answers.wish == "safe_place" or level == HIGH:
        why = [t["safe_place"]["why_wish"]] if answers.wish == "safe_place" else []
        why += [t["safe_place"]["why_risk"]] if level == HIGH else []
        items.append(
            Item("safe_place", t["safe_place"]["title"], tuple(why), t["safe_place"]["detail"])
        )
    if centre_lines and (answers.wish in ("safe_place", "talk_only", "unsure") or level == HIGH):
        items.append(
            Item(
                "crisis_centre",
                t["crisis_centre"]["title"],
                (t["crisis_centre"]["why"],),
                lines=centre_lines,
            )
        )
    if level == HIGH or answers.wish in ("stay_home_protected", "report"):
        why = ([t["police"]["why_risk"]] if level == HIGH else []) + (
            [t["police"]["why_wish"]] if answers.wish in ("stay_home_protected", "report") else []
        )
        fitting = MEASURES_FOR_WISH.get(answers.wish or "", ("violence_alarm",))
        items.append(
            Item(
                "police",
                t["police"]["title"],
                tuple(why),
                t["police"]["detail"],
                _measure_lines(fitting),
            )
        )
    if level == HIGH and answers.consent != YES:
        items.append(
            Item("duty_to_notify", t["duty_to_notify"]["title"], (t["duty_to_notify"]["why"],))
        )
    if answers.children_home == YES:
        items.append(Item("children", t["children"]["title"], (t["children"]["why"],)))
    if answers.consent != YES:
        items.append(Item("consent", t["consent"]["title"], (t["consent"]["why"],)))
    if answers.wish in ("talk_only", "unsure") and level != HIGH:
        info = t["information"]
        items.append(Item("information", info["title"], (info["why"],), info["detail"]))
    items.append(Item("reassess", t["reassess"]["title"], (t["reassess"]["why"],)))
    return items


def summary(answers: Answers, items: list[Item]) -> str:
    """A journal note without names: wishes, signals, measures, consent, legal basis."""
    s = texts()["summary"]
    labels = {w["id"]: w["summary"] for w in texts()["wishes"]}
    signal_labels = {x["id"]: x["label"] for x in texts()["signals"]}

    def answer(value: str | None) -> str:
        return str(s["answers"].get(value or SKIPPED, s["answers"][SKIPPED]))

    if answers.known_signals:
        signals = "; ".join(signal_labels[x] for x in answers.known_signals)
    elif NONE_SIGNAL in answers.risk_signals:
        signals = s["no_signals"]
    else:
        signals = s["unknown_signals"]
    legal = []
    if answers.consent == YES:
        legal.append(s["legal_consent"])
    if any(item.id == "duty_to_notify" for item in items):
        legal.append(s["legal_danger"])
    if answers.children_home == YES:
        legal.append(s["legal_children"])
    measures = [item.title for item in items if item.id not in ("reassess", "consent")]
    lines = [
        s["heading"],
        f"- {s['acute']}: {answer(answers.acute_now)}",
        f"- {s['wish']}: {labels.get(answers.wish or '', answer(answers.wish))}",
        f"- {s['signals']}: {signals}",
        f"- {s['children']}: {answer(answers.children_home)}",
        f"- {s['measures']}: {'; '.join(measures)}",
        f"- {s['consent']}: {s['consent_answers'].get(answers.consent or SKIPPED)}",
        f"- {s['legal']}: {'; '.join(legal) or s['legal_none']}",
        s["footer"],
    ]
    return "\n".join(lines)
