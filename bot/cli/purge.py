"""Delete conversations older than the retention period from the tracker store, now.

    python -m bot.cli.purge [--days N]     # `make purge`

The running server does the same every hour; this is for cron, or to check.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.privacy.store import private_engine, purge
from bot.settings import ConfigError, Settings

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, help="retention in days (default: SG_RETENTION_DAYS)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        settings = Settings.from_env()
    except ConfigError as e:
        logger.error("Kan ikke slette: %s", e)
        return 2
    days = args.days if args.days is not None else settings.retention_days
    if days < 1:
        logger.error("--days må være minst 1")
        return 2
    engine = private_engine(settings.tracker_url)
    deleted = purge(engine, days)
    logger.info("Slettet %d samtale(r) uten aktivitet de siste %d dagene.", deleted, days)
    return 0


if __name__ == "__main__":
    sys.exit(main())
