"""Decide which channels in credentials.yml are enabled, from the environment.

A channel whose settings are missing is simply left out, and the log says so,
so the server starts whatever subset of Slack/Teams credentials is present.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)\}")


@dataclass(frozen=True)
class ChannelPlan:
    """Which channels are on and off, and why."""

    enabled: dict[str, Any]
    disabled: dict[str, list[str]]  # channel → missing environment variables


def _variables(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_VARIABLE.findall(value))
    if isinstance(value, dict):
        return set().union(*(_variables(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_variables(v) for v in value)) if value else set()
    return set()


def plan_channels(credentials: Path, environ: Mapping[str, str]) -> ChannelPlan:
    """Split the channels of `credentials` into enabled and disabled ones."""
    with credentials.open(encoding="utf8") as handle:
        channels: dict[str, Any] = yaml.safe_load(handle) or {}
    enabled: dict[str, Any] = {}
    disabled: dict[str, list[str]] = {}
    for name, settings in channels.items():
        missing = sorted(v for v in _variables(settings) if not environ.get(v))
        if missing:
            disabled[name] = missing
        else:
            enabled[name] = settings
    return ChannelPlan(enabled=enabled, disabled=disabled)


def write_enabled(plan: ChannelPlan, target: Path) -> None:
    """Write the enabled channels as a Rasa credentials file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf8") as handle:
        yaml.safe_dump(plan.enabled, handle, allow_unicode=True, sort_keys=False)


def log_plan(plan: ChannelPlan) -> None:
    """Log which channels are on, and which settings would turn the others on."""
    logger.info("Channels enabled: %s", ", ".join(_short(n) for n in plan.enabled) or "none")
    for name, missing in plan.disabled.items():
        logger.info("Channel %s is off (set %s to enable it)", _short(name), ", ".join(missing))


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]
