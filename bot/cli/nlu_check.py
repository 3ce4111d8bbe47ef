"""Check `rasa test nlu` results against a floor (used by `make test-nlu`).

python -m bot.cli.nlu_check results/nlu --min-f1 0.9
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

logger = logging.getLogger("sikkerhetsguiden.nlu")


def main(argv: list[str] | None = None) -> int:
    """Print intent accuracy and F1 (and entity F1 if present); fail below the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-f1", type=float, default=0.9)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    intents = json.loads((args.results / "intent_report.json").read_text())
    weighted = intents["weighted avg"]["f1-score"]
    logger.info(
        "Intents: accuracy %.3f, macro F1 %.3f, weighted F1 %.3f",
        intents["accuracy"], intents["macro avg"]["f1-score"], weighted,
    )  # fmt: skip
    weak = {
        name: round(row["f1-score"], 2)
        for name, row in intents.items()
        if isinstance(row, dict) and "f1-score" in row and row["f1-score"] < args.min_f1
        and name not in ("macro avg", "weighted avg", "micro avg")
    }  # fmt: skip
    if weak:
        logger.info("Intents below %.2f: %s", args.min_f1, weak)
    # ContextCueExtractor's entities (children, despite, brief) are not annotated
    # in the test sets, so a report on them would only count false positives.
    reports = sorted(args.results.glob("*Extractor_report.json"))
    for report in [r for r in reports if not r.name.startswith("ContextCueExtractor")]:
        entities = json.loads(report.read_text())
        if "weighted avg" in entities:
            logger.info(
                "Entities (%s): weighted F1 %.3f", report.stem, entities["weighted avg"]["f1-score"]
            )
    return 0 if weighted >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
