"""Validate every data file through its schema, then report look-up coverage.

python -m bot.cli.check_data   (exit code 1 on any problem)
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.knowledge import knowledge
from bot.knowledge.store import KNOWLEDGE_DIR
from bot.places import Places
from bot.places.answer import FALLBACK_CONTACT
from bot.places.checks import coverage, problems, shown_numbers, unverified_reachable
from bot.schemas.reading import DataError
from bot.schemas.registry import ENTRIES, check_all

logger = logging.getLogger("sikkerhetsguiden.check_data")


def main(argv: list[str] | None = None) -> int:
    """Load everything, cross-check it, log coverage; non-zero exit on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=KNOWLEDGE_DIR, help="data/knowledge folder")
    parser.add_argument("--local", type=Path, default=None, help="local override folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    invalid = check_all()
    for problem in invalid:
        logger.error("FEIL: %s", problem)
    if invalid:
        return 1
    logger.info("Datafiler i orden: %s", ", ".join(name for name, _ in ENTRIES))
    try:
        lk = Places(args.data, args.local)
        contacts = knowledge().contacts
    except DataError as e:
        logger.error("FEIL: %s", e)
        return 1
    found = problems(lk)
    if FALLBACK_CONTACT not in contacts:
        found.append(f"contacts.yml: mangler reservenummeret '{FALLBACK_CONTACT}'")
    for problem in found:
        logger.error("FEIL: %s", problem)
    figures = coverage(lk)
    n = figures["municipalities"]
    logger.info("Kommuner: %s (hver én gang)", n)
    logger.info(
        "Kommuner med aktivt krisesenter i dataene: %s/%s", figures["with_active_centre"], n
    )
    logger.info(
        "Kommuner med aktivt senter og et nummer som kan vises: %s/%s",
        figures["with_centre_and_number"], n,
    )  # fmt: skip
    logger.info(
        "Krisesentre: %s (aktive %s); aktive med verifisert nummer: %s",
        figures["centres"], figures["active_centres"], figures["active_centres_with_shown_number"],
    )  # fmt: skip
    logger.info("Stedsnavn-alias etter type: %s", figures["aliases_by_kind"])
    for district, count in figures["per_district"].items():  # type: ignore[attr-defined]
        logger.info("  %s: %s kommuner", district, count)
    logger.info("Lokale overstyringer i bruk: %s", figures["local_files"] or "ingen")
    leaks = unverified_reachable(lk)
    logger.info(
        "Numre API-et kan gi brukere: %s; uverifiserte blant dem: %s (%s uverifiserte numre "
        "finnes bare i dataene for vedlikeholdere)",
        len(shown_numbers(lk)), len(leaks), figures["unverified_numbers_in_data"],
    )  # fmt: skip
    if not leaks:
        logger.info("OK: ingen uverifiserte numre kan nå en bruker")
    logger.info("%s", "OK" if not found else f"{len(found)} feil")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
