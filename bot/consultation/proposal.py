"""Measures in proportion to risk and wishes, each with its why and source, and the journal note.

Texts, and which wish brings in which item and police measures, come from
data/knowledge/consultation.yml; facts about measures are rendered from
measures.yml. Nothing here is a score, and nothing escalates
one word into "serious danger": the risk picture is what the health worker
recorded (acute danger, the signs stated), and it only decides how
comprehensive the proposal is (the guide's proportionality). No item asserts
a legal duty; where one may apply, the item says what it requires.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from bot.consultation import parse
from bot.consultation.parse import NONE_SIGNAL, SKIPPED, UNKNOWN, YES
from bot.knowledge import knowledge
from bot.knowledge.render import cite
from bot.schemas import consultation as schema
from bot.schemas.base import Bilingual
from bot.schemas.consultation import ConsultationTexts
from bot.settings import PROJECT_ROOT
from bot.text.standard import DEFAULT, Standard

TEXT_FILE = PROJECT_ROOT / schema.TEXTS
ACUTE, SIGNS, UNCLEAR = "acute", "signs", "unclear"


@functools.lru_cache(maxsize=1)
def texts() -> ConsultationTexts:
    """The consultation's texts and decision tables, checked, with phone numbers filled in."""
    return schema.load_texts(TEXT_FILE, knowledge(), parse.cues())


@dataclass(frozen=True)
class Answers:
    """What the health worker has answered so far (slot values)."""

    acute_now: str | None = None
    wish: str | None = None
    risk_signals: tuple[str, ...] = ()
    children_home: str | None = None
    municipality: str | None = None
    consent: str | None = None
    # Signs named but not stated, and why ("weapon" → "denied"); shown, never counted.
    not_stated: tuple[tuple[str, str], ...] = ()

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
    sources: str = ""

    source_label: str = "Kilde"

    def text(self, number: int) -> str:
        """The item as a numbered block of text, ending with its sources."""
        parts = [f"{number}. {self.title}", *self.why]
        if self.detail:
            parts.append(self.detail)
        parts += list(self.lines)
        if self.sources:
            parts.append(f"{self.source_label}: {self.sources}")
        return "\n".join(parts)


def risk_level(answers: Answers) -> str:
    """Acute / signs / unclear: what the health worker recorded, not a score.

    Acute only when they answered that someone is in danger right now; signs
    when at least one sign was stated. Which signs, and how many, is left to
    their judgement and shown in their own terms.
    """
    if answers.acute_now == YES:
        return ACUTE
    return SIGNS if answers.known_signals else UNCLEAR


def signal_labels(signals: tuple[str, ...], standard: Standard = DEFAULT) -> str:
    """The recorded signs as the journal names them ("trusler; pasienten er redd")."""
    labels = {sign.id: sign.label.to(standard) for sign in texts().signals}
    return "; ".join(labels[s] for s in signals)


def not_stated_labels(not_stated: tuple[tuple[str, str], ...], standard: Standard = DEFAULT) -> str:
    """Signs named but not stated, with why ("våpen (avkreftet)")."""
    labels = {sign.id: sign.label.to(standard) for sign in texts().signals}
    why = {status: text.to(standard) for status, text in texts().not_stated.items()}
    return "; ".join(f"{labels[s]} ({why[status]})" for s, status in not_stated if s in labels)


def signals_note(
    found: list[str], not_stated: tuple[tuple[str, str], ...], standard: Standard = DEFAULT
) -> str | None:
    """What was recorded from a risk answer, shown back so the health worker can correct it."""
    t = texts()
    known = tuple(s for s in found if s not in (NONE_SIGNAL, UNKNOWN, SKIPPED))
    parts = []
    if known:
        parts.append(t.signals_noted.to(standard).format(signs=signal_labels(known, standard)))
    elif NONE_SIGNAL in found and not not_stated:
        parts.append(t.signals_none.to(standard))
    if not_stated:
        items = not_stated_labels(not_stated, standard)
        parts.append(t.signals_not_stated.to(standard).format(items=items))
    return " ".join(parts) or None


@dataclass(frozen=True)
class Mentioned:
    """What a first message already said: slots to set and a note to show."""

    values: dict[str, Any]
    note: str | None


def mentioned_at_start(text: str, standard: Standard = DEFAULT) -> Mentioned:
    """Wish, signs and children stated in the message that started the consultation.

    Signs go to `risk_noted` (the risk question is still asked); a denied or
    asked-about sign is not taken (bot/nlu/assertion.py).
    """
    found = parse.mentioned(text)
    values: dict[str, Any] = {}
    notes = []
    if found.get("risk_signals"):
        values["risk_noted"] = found["risk_signals"]
        signs = signal_labels(tuple(found["risk_signals"]), standard)
        notes.append(texts().signals_noted.to(standard).format(signs=signs))
    wish = texts().wish(found.get("wish"))
    if wish:
        values["wish"] = wish.id
        notes.append(wish.noted.to(standard))
    if found.get("children_home"):
        values["children_home"] = found["children_home"]
    return Mentioned(values, " ".join(notes) or None)


def _item(
    item_id: str,
    why: tuple[Bilingual, ...],
    standard: Standard,
    *,
    lines: tuple[str, ...] = (),
    more: tuple[str, ...] = (),
    signs: str = "",
) -> Item:
    """An item from consultation.yml; `more` adds the sources of facts shown in `lines`."""
    t: schema.Item = getattr(texts().items, item_id)
    return Item(
        item_id,
        t.title.to(standard),
        tuple(reason.to(standard).format(signs=signs) for reason in why),
        t.detail.to(standard) if t.detail else None,
        lines or tuple(line.to(standard) for line in t.lines),
        cite(knowledge(), tuple(dict.fromkeys([*t.sources, *more]))),
        texts().source_label.to(standard),
    )


def _measure_lines(measure_ids: tuple[str, ...], standard: Standard) -> tuple[str, ...]:
    lines = []
    for measure_id in measure_ids:
        measure = knowledge().measures[measure_id]
        facts = [measure.aspects.get("requirements"), measure.aspects.get("duration")]
        said = [fact.to(standard) for fact in facts if fact]
        described = " ".join(said) or measure.aspects["what"].to(standard)
        name = measure.name.to(standard)
        lines.append(f"- {name}: {described.format_map(knowledge().numbers())}")
    return tuple(lines)


def propose(
    answers: Answers, *, centre_lines: tuple[str, ...] = (), standard: Standard = DEFAULT
) -> list[Item]:
    """The proposal, most urgent first. `centre_lines` describe the local crisis centre."""
    t = texts().items
    wish = texts().wish(answers.wish)
    wanted, kept_out = (wish.items, wish.keep_out) if wish else ((), ())
    level = risk_level(answers)
    signs = signal_labels(answers.known_signals, standard)
    noted = level != UNCLEAR
    items: list[Item] = []
    if level == ACUTE:
        items.append(_item("emergency", (t.emergency.why,), standard))
    if "safe_place" in wanted or (noted and "safe_place" not in kept_out):
        why = [t.safe_place.why_wish] if "safe_place" in wanted else []
        why += [t.safe_place.why_risk] if signs else []
        items.append(_item("safe_place", tuple(why), standard, signs=signs))
    if centre_lines and ("crisis_centre" in wanted or noted):
        reason = (t.crisis_centre.why,)
        items.append(_item("crisis_centre", reason, standard, lines=centre_lines))
    if noted or "police" in wanted:
        why = ([t.police.why_risk] if signs else []) + (
            [t.police.why_wish] if "police" in wanted else []
        )
        fitting = wish.measures if wish else texts().measures_without_wish
        more = tuple(src for m in fitting for src in knowledge().measures[m].sources)
        lines = _measure_lines(fitting, standard)
        items.append(_item("police", tuple(why), standard, lines=lines, more=more, signs=signs))
    if noted and answers.consent != YES:
        items.append(_item("duty_to_notify", (t.duty_to_notify.why,), standard))
    if answers.children_home == YES:
        items.append(_item("children", (t.children.why,), standard))
    if answers.consent != YES:
        items.append(_item("consent", (t.consent.why,), standard))
    if "information" in wanted and not noted:
        items.append(_item("information", (t.information.why,), standard))
    items.append(_item("reassess", (t.reassess.why,), standard))
    return items


def summary(
    answers: Answers, items: list[Item], *, brief: bool = False, standard: Standard = DEFAULT
) -> str:
    """A journal note without names: what was recorded, the measures, what to assess.

    `brief` leaves out the measures and what was named but not stated. `items`
    are the proposal's, in the same standard.
    """
    s = texts().summary

    def say(text: Bilingual) -> str:
        return text.to(standard)

    labels = {wish.id: say(wish.summary) for wish in texts().wishes}

    def answer(value: str | None) -> str:
        return say(s.answers.get(value or SKIPPED, s.answers[SKIPPED]))

    if answers.known_signals:
        signals = signal_labels(answers.known_signals, standard)
    elif NONE_SIGNAL in answers.risk_signals:
        signals = say(s.no_signals)
    else:
        signals = say(s.unknown_signals)
    legal = []
    if answers.consent == YES:
        legal.append(say(s.legal_consent))
    if any(item.id == "duty_to_notify" for item in items):
        legal.append(say(s.legal_danger))
    if answers.children_home == YES:
        legal.append(say(s.legal_children))
    measures = [item.title for item in items if item.id not in ("reassess", "consent")]
    lines = [
        say(s.heading),
        f"- {say(s.acute)}: {answer(answers.acute_now)}",
        f"- {say(s.wish)}: {labels.get(answers.wish or '', answer(answers.wish))}",
        f"- {say(s.signals)}: {signals}",
    ]
    if answers.not_stated and not brief:
        named = not_stated_labels(answers.not_stated, standard)
        lines.append(f"- {say(s.not_stated)}: {named}")
    lines.append(f"- {say(s.children)}: {answer(answers.children_home)}")
    if not brief:
        lines.append(f"- {say(s.measures)}: {'; '.join(measures)}")
    consent = s.consent_answers.get(answers.consent or SKIPPED) or s.consent_answers[SKIPPED]
    lines += [
        f"- {say(s.consent)}: {say(consent)}",
        f"- {say(s.legal)}: {'; '.join(legal) or say(s.legal_none)}",
    ]
    if answers.children_home == YES:
        lines.append(say(s.journal_children))
    lines.append(say(s.footer).format(sources=cite(knowledge(), s.sources)))
    return "\n".join(lines)
