"""Redaction figures on a labelled set: recall per kind, false redactions.

    python -m bot.cli.redaction_report [FILE ...] [--errors]

With several files, each is reported, then all of them together: the goals
are judged on the union (every message was written blind, by three writers).

A labelled piece of personal data counts as found when every character of
it is inside something the redactor replaces. A message without personal
data counts as a false redaction when anything in it is replaced. Goals
(issue 11): recall ≥ 0.99 for fødselsnummer, phone and e-mail, ≥ 0.95 for
names; false redactions ≤ 1 % of ordinary messages.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "redaction_set.yml"
GOALS = {"fnr": 0.99, "phone": 0.99, "email": 0.99, "address": 0.95, "name": 0.95}
FALSE_REDACTION_GOAL = 0.01

logger = logging.getLogger("sikkerhetsguiden.redaction_report")


@dataclass
class Figures:
    """What the report prints."""

    found: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    ordinary: int = 0
    falsely_redacted: int = 0
    errors: list[str] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        """Share of the labelled `kind` that was replaced."""
        return self.found.get(kind, 0) / self.total[kind] if self.total.get(kind) else 1.0

    @property
    def false_rate(self) -> float:
        """Share of ordinary messages with anything replaced."""
        return self.falsely_redacted / self.ordinary if self.ordinary else 0.0

    def meets_goals(self) -> bool:
        """True when every kind and the false-redaction rate meet the goals."""
        kinds_ok = all(self.recall(k) >= goal for k, goal in GOALS.items() if self.total.get(k))
        return kinds_ok and self.false_rate <= FALSE_REDACTION_GOAL


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled messages of `path`."""
    with path.open(encoding="utf8") as handle:
        messages: list[dict[str, Any]] = yaml.safe_load(handle)["messages"]
    return messages


def pooled(parts: list[Figures]) -> Figures:
    """The figures of several sets taken together."""
    total = Figures()
    for part in parts:
        for kind, count in part.total.items():
            total.total[kind] = total.total.get(kind, 0) + count
        for kind, count in part.found.items():
            total.found[kind] = total.found.get(kind, 0) + count
        total.ordinary += part.ordinary
        total.falsely_redacted += part.falsely_redacted
        total.errors.extend(part.errors)
    return total


def score(messages: list[dict[str, Any]]) -> Figures:
    """Run the redactor over every message and count."""
    from bot.privacy.redact import redactor

    figures = Figures()
    for message in messages:
        text: str = message["text"]
        spans = [(r.start, r.end) for r in redactor().find(text)]
        covered = {i for start, end in spans for i in range(start, end)}
        labels = message.get("pii") or []
        if not labels:
            figures.ordinary += 1
            if spans:
                figures.falsely_redacted += 1
                shown = ", ".join(repr(text[s:e]) for s, e in spans)
                figures.errors.append(f"false: {shown} in: {text}")
            continue
        for label in labels:
            kind, piece = label["type"], label["text"]
            start = text.index(piece)
            figures.total[kind] = figures.total.get(kind, 0) + 1
            if all(i in covered for i in range(start, start + len(piece)) if not text[i].isspace()):
                figures.found[kind] = figures.found.get(kind, 0) + 1
            else:
                figures.errors.append(f"missed {kind}: {piece!r} in: {text}")
    return figures


def report(figures: Figures, name: str, *, errors: bool) -> str:
    """The table `make eval` prints."""
    lines = [f"Redaction on {name}:", "  kind        recall   found / labelled   goal"]
    for kind, goal in GOALS.items():
        total = figures.total.get(kind, 0)
        found = figures.found.get(kind, 0)
        lines.append(
            f"  {kind:<10} {figures.recall(kind):7.3f}   {found:5d} / {total:<5d}"
            f"        ≥ {goal:.2f}"
        )
    lines.append(
        f"  false redactions: {figures.falsely_redacted} of {figures.ordinary} ordinary messages "
        f"({figures.false_rate:.1%}; goal ≤ {FALSE_REDACTION_GOAL:.0%})"
    )
    lines.append(f"  goals {'met' if figures.meets_goals() else 'NOT met'}")
    if errors:
        lines.extend(f"    {e}" for e in figures.errors)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_SET])
    parser.add_argument("--errors", action="store_true", help="list every miss and false redaction")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parts = [score(load(path)) for path in args.paths]
    for path, figures in zip(args.paths, parts, strict=False):
        logger.info("%s", report(figures, path.name, errors=args.errors))
    figures = pooled(parts) if len(parts) > 1 else parts[0]
    if len(parts) > 1:
        logger.info("%s", report(figures, f"all {len(parts)} sets together", errors=False))
    return 0 if figures.meets_goals() else 1


if __name__ == "__main__":
    sys.exit(main())
