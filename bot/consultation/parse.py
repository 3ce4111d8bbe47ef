"""Understand free-text answers in the consultation (cues in cues.yml beside this module)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

CUE_FILE = Path(__file__).with_name("cues.yml")
YES, NO, UNKNOWN, SKIPPED = "yes", "no", "unknown", "skipped"
NONE_SIGNAL = "none"


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, dict[str, tuple[re.Pattern[str], ...]]]:
    """Compiled cue tables: table → category → patterns, in file order."""
    with CUE_FILE.open(encoding="utf8") as handle:
        raw: dict[str, dict[str, list[str]]] = yaml.safe_load(handle)
    return {
        table: {
            str(category): tuple(re.compile(p) for p in patterns)
            for category, patterns in rows.items()
        }
        for table, rows in raw.items()
    }


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


def first_category(text: str | None, table: str) -> str | None:
    """The first category of `table` with a pattern found in `text`."""
    clean = _clean(text)
    for category, patterns in cues()[table].items():
        if any(p.search(clean) for p in patterns):
            return category
    return None


def all_categories(text: str | None, table: str) -> list[str]:
    """Every category of `table` with a pattern found in `text`, in file order."""
    clean = _clean(text)
    return [c for c, patterns in cues()[table].items() if any(p.search(clean) for p in patterns)]


def parse_yes_no(text: str | None) -> str | None:
    """Yes / no / unknown / skipped, or None when the text is not such an answer."""
    category = first_category(text, "yes_no")
    return {"skip": SKIPPED}.get(category or "", category)


def parse_wish(text: str | None) -> str | None:
    """A wish id from cues.yml, `skipped`, or None."""
    if first_category(text, "yes_no") == "skip":
        return SKIPPED
    return first_category(text, "wish")


def parse_signals(text: str | None) -> list[str] | None:
    """Risk signals named in an answer; [none], [unknown], [skipped]; None if unclear.

    A bare "ja" says there are signals but not which, so it is not an answer.
    """
    answer = parse_yes_no(text)
    if answer == SKIPPED:
        return [SKIPPED]
    found = [s for s in all_categories(text, "signals") if s != NONE_SIGNAL]
    if found:
        return found
    if answer == UNKNOWN:
        return [UNKNOWN]
    if answer == NO or first_category(text, "signals") == NONE_SIGNAL:
        return [NONE_SIGNAL]
    return None


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
    wish = first_category(text, "wish")
    if wish and wish != "unsure":
        found["wish"] = wish
    signals = [s for s in all_categories(text, "signals") if s != NONE_SIGNAL]
    if signals:
        found["risk_signals"] = signals
    if first_category(text, "children"):
        found["children_home"] = YES
    return found
