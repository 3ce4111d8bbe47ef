"""`rasa` with the project's patch applied first (bot/patches.py).

    python -m bot.cli.rasa_server run --model … --endpoints …   # what the launcher runs

Everything after the module name is passed to Rasa's own command line.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Check the settings, apply the patch, then hand over to Rasa's command line."""
    from bot import patches
    from bot.settings import ConfigError, Settings

    try:
        # Every Rasa process checks them itself, however it was started (make run,
        # make cluster, a systemd unit): e.g. SG_REPLICAS > 1 with SQLite is refused.
        Settings.from_env()
    except ConfigError as e:
        sys.exit(f"Kan ikke starte: {e}")

    patches.apply()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    sys.argv[0] = "rasa"
    main()
