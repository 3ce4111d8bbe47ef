"""Precision and recall of sign reading on the labelled set (denied, asked, hypothetical, past).

python -m bot.cli.assertion_report [tests/data/assertion_set.yml]
python -m bot.cli.assertion_report tests/data/assertion_*.yml   # each set, then pooled

Each sentence in the set names signs with a status; a sign counts as found
when the reader states it as present. Risk signs and children are read as
the consultation reads them; `danger_now` is the emergency backstop, which by
design also answers threats to kill, weapons and strangling with the emergency reply — so its
false alarms are counted only where none of those is present.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.consultation import parse
from bot.nlu import danger

logger = logging.getLogger("sikkerhetsguiden.assertion")
DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "assertion_set.yml"
SIGNS = ("threats", "weapon", "strangling", "escalation", "separation", "fear", "children")
DANGER = "danger_now"
# What the backstop answers with the emergency reply besides danger right now (docs/nlu.md).
DANGER_POLICY = (DANGER, "threats", "weapon", "strangling")
GOAL = 0.95


@dataclass
class Score:
    """Counts for one sign."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of found signs that were present (1.0 when nothing was found)."""
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of present signs that were found (1.0 when none was present)."""
        present = self.true_positive + self.false_negative
        return self.true_positive / present if present else 1.0


def read_signs(text: str) -> set[str]:
    """Signs stated as present, as the consultation and the backstop read them."""
    found = {s for s in parse.present(text, "signals") if s in SIGNS}
    if parse.present(text, "children"):
        found.add("children")
    if danger.detect(text):
        found.add(DANGER)
    return found


def score(sentences: list[dict[str, Any]]) -> dict[str, Score]:
    """Scores per sign (and for the danger backstop) over the labelled sentences."""
    scores = {sign: Score() for sign in (*SIGNS, DANGER)}
    for row in sentences:
        text, gold = row["text"], row.get("signs") or {}
        found = read_signs(text)
        for sign, result in scores.items():
            present = gold.get(sign) == "present"
            if sign == DANGER and not present:
                # The backstop may answer a present weapon, threat or strangling.
                present = DANGER in found and any(gold.get(s) == "present" for s in DANGER_POLICY)
            if present and sign in found:
                result.true_positive += 1
            elif sign in found:
                result.false_positive += 1
                result.errors.append(f"found, but {gold.get(sign, 'not named')}: {text}")
            elif present:
                result.false_negative += 1
                result.errors.append(f"missed: {text}")
    return scores


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled sentences."""
    with path.open(encoding="utf8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return list(data["sentences"])


def pool(parts: list[dict[str, Score]]) -> dict[str, Score]:
    """Counts added up over several sets (precision and recall of the pooled sentences)."""
    pooled = {sign: Score() for sign in (*SIGNS, DANGER)}
    for scores in parts:
        for sign, result in scores.items():
            total = pooled[sign]
            total.true_positive += result.true_positive
            total.false_positive += result.false_positive
            total.false_negative += result.false_negative
            total.errors.extend(result.errors)
    return pooled


def report(path: Path = DEFAULT_SET, *, show_errors: bool = False) -> bool:
    """Log the table; True when every sign meets the goal and no danger sentence is missed."""
    sentences = load(path)
    return _table(score(sentences), f"{path.name} ({len(sentences)} sentences)", show_errors)


def report_pooled(paths: list[Path], *, show_errors: bool = False) -> bool:
    """One table per set, then one over all their sentences; True as for `report`."""
    parts, total = [], 0
    for path in paths:
        sentences = load(path)
        total += len(sentences)
        parts.append(score(sentences))
        _table(parts[-1], f"{path.name} ({len(sentences)} sentences)", show_errors=False)
    return _table(pool(parts), f"all {len(paths)} sets pooled ({total} sentences)", show_errors)


def _table(scores: dict[str, Score], title: str, show_errors: bool) -> bool:
    logger.info("Sign reading on %s:", title)
    logger.info("  %-12s %9s %7s  %4s %4s %4s", "sign", "precision", "recall", "tp", "fp", "fn")
    ok = True
    for sign, result in scores.items():
        logger.info(
            "  %-12s %9.3f %7.3f  %4d %4d %4d",
            sign, result.precision, result.recall,
            result.true_positive, result.false_positive, result.false_negative,
        )  # fmt: skip
        ok &= result.precision >= GOAL and result.recall >= GOAL
        if show_errors:
            for error in result.errors:
                logger.info("      %s", error)
    ok &= scores[DANGER].false_negative == 0
    logger.info(
        "  danger sentences given the emergency reply: %d of %d",
        scores[DANGER].true_positive,
        scores[DANGER].true_positive + scores[DANGER].false_negative,
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 below the goal (precision and recall ≥ 0.95, all danger caught)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="*", default=[DEFAULT_SET])
    parser.add_argument("--errors", action="store_true", help="list every wrong sentence")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if len(args.paths) > 1:
        return 0 if report_pooled(args.paths, show_errors=args.errors) else 1
    return 0 if report(args.paths[0], show_errors=args.errors) else 1


if __name__ == "__main__":
    sys.exit(main())
