"""The guided consultation's texts and decision tables (data/knowledge/consultation.yml).

Besides what the proposal and the journal note say, the file decides which
proposal items and police measures each wish brings in. `load_texts` checks
it against the cue tables (bot/schemas/cues.py) and the knowledge files: a
wish or sign without its cue or text, a measure or source that does not
exist, or an unknown `{name}` stops start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import validator

from bot.schemas.base import Bilingual, Id, Strict
from bot.schemas.checks import Problem, invalid, non_empty, unique_ids, unknown_ids
from bot.schemas.cues import NO_SIGN, Cues
from bot.schemas.knowledge import DIRECTORY, Knowledge
from bot.schemas.numbers import fill_numbers, number_problems
from bot.schemas.reading import parse, read_yaml, refuse

TEXTS = DIRECTORY / "consultation.yml"
# Names the code fills in itself, besides phone numbers.
FILLED_LATER = frozenset({"signs", "items", "sources"})
ANSWERS = frozenset({"yes", "no", "unknown", "skipped"})
NOT_STATED = frozenset({"denied", "asked", "hypothetical", "past"})  # bot/nlu/assertion.py


class Wish(Strict):
    """What the patient wants, and what that alone brings into the proposal."""

    id: Id
    label: Bilingual
    summary: Bilingual
    noted: Bilingual
    items: tuple[Id, ...] = ()  # proposal items this wish brings in without a recorded sign
    keep_out: tuple[Id, ...] = ()  # items a recorded sign does not bring in against this wish
    measures: tuple[Id, ...]  # police measures that fit the wish (ids in measures.yml)

    _measures = non_empty("measures")


class Sign(Strict):
    """A risk sign as the journal names it."""

    id: Id
    label: Bilingual


class Item(Strict):
    """What a proposal item says, and its sources."""

    title: Bilingual
    detail: Bilingual | None = None
    lines: tuple[Bilingual, ...] = ()
    sources: tuple[Id, ...]

    _sources = non_empty("sources")


class ReasonedItem(Item):
    """An item with one reason."""

    why: Bilingual


class WishOrRiskItem(Item):
    """An item proposed for the patient's wish, for a recorded sign, or both."""

    why_wish: Bilingual
    why_risk: Bilingual


class Items(Strict):
    """Every item the proposal can contain."""

    emergency: ReasonedItem
    safe_place: WishOrRiskItem
    crisis_centre: ReasonedItem
    police: WishOrRiskItem
    duty_to_notify: ReasonedItem
    children: ReasonedItem
    consent: ReasonedItem
    information: ReasonedItem
    reassess: ReasonedItem


def _keys(*names: str, required: frozenset[str]) -> Any:
    """A validator: the mappings in `names` have exactly the keys `required`."""

    def check(cls: type[Strict], value: dict[str, str]) -> dict[str, str]:
        problems: list[Problem] = [((key,), "mangler") for key in sorted(required - set(value))]
        problems += [((key,), "ukjent felt (skrivefeil?)") for key in value if key not in required]
        if problems:
            raise invalid(cls, problems)
        return value

    return validator(*names, allow_reuse=True)(check)


class Summary(Strict):
    """The journal note's words."""

    heading: Bilingual
    acute: Bilingual
    wish: Bilingual
    signals: Bilingual
    not_stated: Bilingual
    no_signals: Bilingual
    unknown_signals: Bilingual
    children: Bilingual
    measures: Bilingual
    consent: Bilingual
    legal: Bilingual
    legal_consent: Bilingual
    legal_danger: Bilingual
    legal_children: Bilingual
    legal_none: Bilingual
    journal_children: Bilingual
    footer: Bilingual
    sources: tuple[Id, ...]
    answers: dict[Id, Bilingual]
    consent_answers: dict[Id, Bilingual]

    _answers = _keys("answers", "consent_answers", required=ANSWERS)


class ConsultationTexts(Strict):
    """consultation.yml."""

    sources: tuple[Id, ...]
    reviewed: dt.date
    wishes: tuple[Wish, ...]
    measures_without_wish: tuple[Id, ...]  # police measures when no wish is known
    signals: tuple[Sign, ...]
    not_stated: dict[Id, Bilingual]  # why a named sign was not noted, by assertion status
    signals_noted: Bilingual
    signals_not_stated: Bilingual
    signals_none: Bilingual
    source_label: Bilingual  # "Kilde" before an item's sources
    corrections: dict[Id, Bilingual]  # question (slot) → button text
    framing: Bilingual
    items: Items
    summary: Summary

    _filled = non_empty("wishes", "measures_without_wish", "signals")
    _unique = unique_ids("wishes", "signals")
    _not_stated = _keys("not_stated", required=NOT_STATED)

    @validator("wishes")
    def _known_items(cls, wishes: tuple[Wish, ...]) -> tuple[Wish, ...]:
        known = set(Items.__fields__)
        problems = [
            problem
            for field in ("items", "keep_out")
            for problem in unknown_ids(wishes, field, known, "punkt i forslaget")
        ]
        if problems:
            raise invalid(cls, problems)
        return wishes

    def wish(self, wish_id: str | None) -> Wish | None:
        """The wish with this id, if any."""
        return next((wish for wish in self.wishes if wish.id == wish_id), None)


def _item_sources(texts: ConsultationTexts) -> list[tuple[tuple[int | str, ...], str]]:
    """(location, source id) of every source the texts cite."""
    found: list[tuple[tuple[int | str, ...], str]] = [(("sources",), s) for s in texts.sources]
    found += [(("summary", "sources"), s) for s in texts.summary.sources]
    for name in Items.__fields__:
        found += [(("items", name, "sources"), s) for s in getattr(texts.items, name).sources]
    return found


def _one_to_one(
    field: str, found: Sequence[tuple[tuple[int | str, ...], str]], table: dict[str, Any], what: str
) -> list[Problem]:
    """Ids here and the categories of a cue table must match one to one."""
    problems: list[Problem] = [
        (loc, f"ukjent {what} '{key}': ikke en kategori i cues.yml")
        for loc, key in found
        if key not in table
    ]
    ids = {key for _, key in found}
    problems += [
        ((field,), f"mangler {what} '{c}' (kategori i cues.yml)") for c in table if c not in ids
    ]
    return problems


def load_texts(path: Path, knowledge: Knowledge, cues: Cues) -> ConsultationTexts:
    """consultation.yml, checked against the cues and the knowledge; numbers filled in."""
    raw = read_yaml(path)
    texts = parse(ConsultationTexts, raw, path=path)
    problems: list[Problem] = [
        (loc, f"ukjent kilde '{s}'")
        for loc, s in _item_sources(texts)
        if s not in knowledge.sources
    ]
    problems += unknown_ids(texts.wishes, "measures", knowledge.measures, "tiltak", at="wishes")
    problems += [
        (("measures_without_wish",), f"ukjent tiltak '{m}'")
        for m in texts.measures_without_wish
        if m not in knowledge.measures
    ]
    wishes = [(("wishes", index, "id"), wish.id) for index, wish in enumerate(texts.wishes)]
    problems += _one_to_one("wishes", wishes, cues.wish, "ønske")
    signs = [(("signals", index, "id"), sign.id) for index, sign in enumerate(texts.signals)]
    named = {c: p for c, p in cues.signals.items() if c != NO_SIGN}
    problems += _one_to_one("signals", signs, named, "tegn")
    questions = [(("corrections", key), key) for key in texts.corrections]
    problems += _one_to_one("corrections", questions, cues.questions, "spørsmål")
    known = set(knowledge.contacts) | FILLED_LATER
    problems += number_problems(raw, known)
    refuse(ConsultationTexts, raw, problems, path=path)
    return parse(ConsultationTexts, fill_numbers(raw, knowledge.numbers()), path=path)
