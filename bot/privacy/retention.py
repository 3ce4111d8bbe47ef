"""Deleting old conversations while the server runs: once at start, then every hour."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Sanic

from bot.privacy.store import purge
from bot.settings import Settings

logger = logging.getLogger(__name__)

INTERVAL_S = 3600.0
_TASK_KEY = "sg_retention_task"


def _engine(app: Sanic) -> Any:
    """The SQL engine behind the app's tracker store (unwrapping Rasa's awaitable wrapper)."""
    store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
    for _ in range(3):
        if store is None or hasattr(store, "engine"):
            break
        store = getattr(store, "_tracker_store", None)
    return getattr(store, "engine", None)


async def _run(app: Sanic, retention_days: int, interval: float) -> None:
    loop = asyncio.get_running_loop()
    while True:
        engine = _engine(app)
        if engine is not None:
            try:
                await loop.run_in_executor(None, purge, engine, retention_days)
            except Exception:
                logger.exception("Retention purge failed; trying again in an hour")
        await asyncio.sleep(interval)


def start(app: Sanic, settings: Settings | None = None, *, interval: float = INTERVAL_S) -> None:
    """Start the hourly purge once per server process (several channels may ask)."""
    if getattr(app.ctx, _TASK_KEY, None) is not None:
        return
    days = (settings or Settings.from_env()).retention_days
    setattr(app.ctx, _TASK_KEY, asyncio.get_running_loop().create_task(_run(app, days, interval)))
    logger.info("Conversations are deleted after %d days without activity", days)
