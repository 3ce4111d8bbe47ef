"""Install `nb_core_news_sm` where its release download is reachable; report the backend.

    python -m bot.cli.spacy_model install   # try once, continue quickly without it
    python -m bot.cli.spacy_model status    # which Norwegian backend is in use

The model is not on PyPI, only on spaCy's release downloads. On machines that
cannot reach it, setup continues with the fallback pipeline and says so.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.nlu import backend

logger = logging.getLogger("sikkerhetsguiden.setup")

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
PROBE_TIMEOUT_S = 10.0
INSTALL_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ModelPin:
    """Which release of the trained Norwegian model to install, from pyproject.toml."""

    name: str
    version: str
    url: str


def model_pin(pyproject: Path = PYPROJECT) -> ModelPin:
    """Read the model pin from `[tool.sikkerhetsguiden]` in pyproject.toml."""
    import tomli  # tomllib arrived in Python 3.11; tomli is the same parser

    with pyproject.open("rb") as handle:
        table = tomli.load(handle)["tool"]["sikkerhetsguiden"]
    return ModelPin(table["spacy_model"], table["spacy_model_version"], table["spacy_model_url"])


def reachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """True when `url` answers a HEAD request within `timeout` seconds."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bool(response.status < 400)
    except (urllib.error.URLError, OSError, ValueError) as e:
        logger.info("Release download not reachable (%s)", getattr(e, "reason", e))
        return False


def install(pin: ModelPin) -> bool:
    """Install the pinned model if missing and reachable. Returns True when it is installed."""
    current = backend.resolve(pin.name)
    if current.kind == "model":
        if current.version != pin.version:
            logger.warning(
                "%s %s is installed, but %s is pinned", pin.name, current.version, pin.version
            )
        return True
    if not reachable(pin.url):
        return False
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", pin.url]
    try:
        subprocess.run(command, check=True, timeout=INSTALL_TIMEOUT_S)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        logger.warning("Installing %s failed (%s); continuing without it", pin.name, e)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["install", "status"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="    %(message)s")
    pin = model_pin()
    if args.command == "install":
        logger.info("==> Norwegian spaCy model: trying %s %s", pin.name, pin.version)
        if not install(pin):
            logger.info("    %s is not reachable here; continuing without it.", pin.url)
    chosen = backend.resolve(pin.name)
    logger.info("==> Norwegian language processing: %s", chosen.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
