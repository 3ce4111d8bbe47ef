"""Accuracy of the written-standard reader on held-out staff messages.

python -m bot.cli.standard_report [tests/eval/written_standard*.yml]

Each message is labelled nb, nn or either (valid in both standards: the reader
must not decide, so the conversation keeps its standard). Prints accuracy per
set, by length, a confusion table, and every miss with the words that counted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.nlu import written_standard

logger = logging.getLogger("sikkerhetsguiden.standard")
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SETS = sorted((ROOT / "tests" / "eval").glob("written_standard*.yml"))
GOAL = 0.97
LABELS = ("nb", "nn", "either")


def messages(path: Path) -> list[tuple[str, str]]:
    """(text, label) of every message in a labelled set."""
    data = yaml.safe_load(path.read_text(encoding="utf8"))
    return [(str(m["text"]), str(m["label"])) for m in data["messages"]]


def predicted(text: str) -> str:
    """The reader's answer as a label: nb, nn, or either when the message does not tell."""
    return written_standard.read(text).standard or "either"


def accuracy(pairs: list[tuple[str, str]]) -> float:
    """Share of messages read as labelled."""
    return sum(predicted(text) == label for text, label in pairs) / len(pairs)


def report(path: Path) -> float:
    """Log the report for one set; its accuracy."""
    pairs = messages(path)
    confusion = Counter((label, predicted(text)) for text, label in pairs)
    score = accuracy(pairs)
    logger.info("%s: %d messages, accuracy %.3f", path.name, len(pairs), score)
    for name, test in (("1–3 words", lambda n: n <= 3), ("4+ words", lambda n: n > 3)):
        part = [(t, label) for t, label in pairs if test(len(t.split()))]
        if part:
            logger.info("  %-10s %4d messages, accuracy %.3f", name, len(part), accuracy(part))
    logger.info("  label → read as:  %s", "  ".join(f"{p:>6}" for p in LABELS))
    for label in LABELS:
        row = "  ".join(f"{confusion[(label, p)]:>6}" for p in LABELS)
        logger.info("  %-16s  %s", label, row)
    for text, label in pairs:
        reading = written_standard.read(text)
        if (reading.standard or "either") != label:
            logger.info(
                "  miss: %r is %s, read %s (nn: %s; nb: %s)",
                text,
                label,
                reading.standard or "either",
                ", ".join(reading.nn) or "–",
                ", ".join(reading.nb) or "–",
            )
    return score


def main(argv: list[str] | None = None) -> int:
    """Report every set; exit 1 when one is below the goal."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    args = parser.parse_args(argv)
    scores = [report(path) for path in args.sets]
    below = [s for s in scores if s < GOAL]
    logger.info("Goal %.2f: %s", GOAL, "met" if not below else "NOT met")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
