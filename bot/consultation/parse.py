"""Understand free-text answers in the consultation (cues in cues.yml beside this module)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from bot.nlu import assertion
from bot.schemas import cues as schema
from bot.schemas.cues import Cues
from bot.settings import PROJECT_ROOT
from bot.text import normalise, patterns

CUE_FILE = PROJECT_ROOT / schema.CUES
YES, NO, UNKNOWN, SKIPPED = "yes", "no", "unknown", "skipped"
NONE_SIGNAL = schema.NO_SIGN


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue tables, compiled and checked: table → category → patterns, in file order."""
    return schema.load_cues(CUE_FILE)


_QUOTES = re.compile(r"[\"'«»‘’“”]")


def _clean(text: str | None) -> str:
    """Lower case, quotes dropped ("skulle 'ta' henne"), whitespace collapsed."""
    return normalise(_QUOTES.sub("", text or ""))


def first_category(text: str | None, table: str) -> str | None:
    """The first category of `table` with a pattern found in `text`."""
    clean = _clean(text)
    for category, found in cues().table(table).items():
        if any(p.search(clean) for p in found):
            return category
    return None


def parse_yes_no(text: str | None) -> str | None:
    """Yes / no / unknown / skipped, or None when the text is not such an answer."""
    category = first_category(text, "yes_no")
    return {"skip": SKIPPED}.get(category or "", category)


# Tables whose things exist when named in the definite form, even inside a
# supposition: "hvis hun tar med seg barna" says there are children; "hvis det
# er barn der" does not.
PRESUPPOSED = frozenset({"children"})
_DEFINITE = re.compile(r"(?:a|ene|ane|et)$")
# "The breakup" happened, whatever the sentence asks or denies about it:
# "har volden blitt verre siden bruddet?", "hun har ikke vært redd siden skilsmissen".
_BREAKUP = re.compile(r"\b(?:samlivs)?(?:bruddet|skilsmissa|skilsmissen|separasjonen)$")


def read(text: str | None, table: str) -> list[assertion.Mention]:
    """Every category of `table` named in `text`, with what the text says about it.

    "Ingen våpen" names a weapon and denies it (bot/nlu/assertion.py). The
    table's other senses (cues.yml's `<table>_unless`) are blanked first:
    "økonomien er truet" names no threat, "redd for sprøyter" no fear of the abuser.
    """
    clean = _clean(text)
    found = patterns.find(clean, cues().table(table), cues().unless(table))
    mentions = assertion.read(clean, found)
    return [_presupposed(m, table) for m in mentions]


def _presupposed(mention: assertion.Mention, table: str) -> assertion.Mention:
    """A definite child or breakup exists whatever is said about it (see PRESUPPOSED)."""
    status = mention.status
    definite_child = table in PRESUPPOSED and status is assertion.Status.HYPOTHETICAL
    breakup = table == "signals" and mention.label == "separation"
    if (definite_child and _DEFINITE.search(mention.text)) or (
        breakup and status is not assertion.Status.PAST and _BREAKUP.search(mention.text)
    ):
        return replace(mention, status=assertion.Status.PRESENT)
    return mention


def present(text: str | None, table: str) -> list[str]:
    """Categories of `table` that `text` states as present, in file order."""
    stated = set(assertion.present_labels(read(text, table)))
    return [category for category in cues().table(table) if category in stated]


def parse_wish(text: str | None) -> str | None:
    """A wish id from cues.yml, `skipped`, or None.

    "Hun vil ikke på krisesenter" names a safe place but does not wish for it.
    """
    if first_category(text, "yes_no") == "skip":
        return SKIPPED
    wishes = present(text, "wish")
    return wishes[0] if wishes else None


@dataclass(frozen=True)
class Signals:
    """A risk answer read: signs stated, and signs named but not stated (with why)."""

    found: list[str] | None
    not_stated: dict[str, assertion.Status]

    @property
    def not_stated_pairs(self) -> list[tuple[str, str]]:
        """The signs named but not stated, as (sign, status) pairs for slots and texts."""
        return [(sign, status.value) for sign, status in self.not_stated.items()]


def read_signals(text: str | None) -> Signals:
    """Risk signals stated in an answer, and those only denied, asked about, supposed or past.

    `found` is the list of stated signs, or [none], [unknown], [skipped], or None
    when the text does not answer the question (a bare "ja" says there are
    signs but not which). Signs that are named but not stated never count.
    """
    answer = parse_yes_no(text)
    if answer == SKIPPED:
        return Signals([SKIPPED], {})
    named = assertion.statuses(read(text, "signals"))
    named.pop(NONE_SIGNAL, None)
    found = [s for s in cues().signals if named.get(s) is assertion.Status.PRESENT]
    not_stated: dict[str, assertion.Status] = {
        s: st for s, st in named.items() if st is not assertion.Status.PRESENT
    }
    if found:
        return Signals(found, not_stated)
    if answer == UNKNOWN or any(
        status in (assertion.Status.ASKED, assertion.Status.HYPOTHETICAL)
        for status in not_stated.values()
    ):
        return Signals([UNKNOWN], not_stated)
    if answer == NO or not_stated or first_category(text, "signals") == NONE_SIGNAL:
        return Signals([NONE_SIGNAL], not_stated)
    return Signals(None, not_stated)


def parse_signals(text: str | None) -> list[str] | None:
    """Risk signals stated in an answer; [none], [unknown], [skipped]; None if unclear."""
    return read_signals(text).found


def parse_children(text: str | None) -> str | None:
    """Yes / no / unknown / skipped for "are there children at home?", or None.

    "Nei, ingen barn" is no; "vet ikke om det er barn der" is unknown.
    """
    named = assertion.statuses(read(text, "children"))
    if assertion.Status.PRESENT in named.values():
        return YES
    if any(s in (assertion.Status.ASKED, assertion.Status.HYPOTHETICAL) for s in named.values()):
        return UNKNOWN
    if named:
        return NO
    return parse_yes_no(text)


def parse_consent(text: str | None) -> str | None:
    """Yes / no / unknown / skipped for the consent question, or None."""
    category = first_category(text, "consent")
    if category == "refused":
        return NO
    if category == "given":
        return YES
    return parse_yes_no(text)


def mentioned(text: str | None) -> dict[str, Any]:
    """Answers a message gives besides the one asked for (wish, risk signals, children).

    "Hun vil bli boende hjemme, men er redd" answers the wish and names a signal.
    """
    found: dict[str, Any] = {}
    wishes = [w for w in present(text, "wish") if w != "unsure"]
    if wishes:
        found["wish"] = wishes[0]
    signals = [s for s in present(text, "signals") if s != NONE_SIGNAL]
    if signals:
        found["risk_signals"] = signals
    if present(text, "children"):
        found["children_home"] = YES
    return found
