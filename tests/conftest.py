"""Shared fixtures: trackers and dispatchers for action tests, the domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent


def replace_once(path: Path, old: str | tuple[str, ...], new: str | tuple[str, ...]) -> None:
    """Edit a copied data file in place: `old` must be there, its first occurrence is replaced.

    Tuples make several edits at once (a text's Bokmål and its Nynorsk).
    """
    olds, news = (old,) if isinstance(old, str) else old, (new,) if isinstance(new, str) else new
    text = path.read_text("utf8")
    for one, other in zip(olds, news, strict=True):
        assert one in text, f"{one!r} not in {path.name}"
        text = text.replace(one, other, 1)
    path.write_text(text, "utf8")


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    with (ROOT / "domain.yml").open(encoding="utf8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    *,
    text: str = "",
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    events: list[dict[str, Any]] | None = None,
    sender: str = "test",
) -> Tracker:
    """A tracker whose latest message has the given text, intent and entities."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=None,
    )
