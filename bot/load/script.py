"""The scripted conversations of bot/load/conversations.yml, and how often each is picked.

Needs only PyYAML: read by the locustfile (.venv/load) and by the driver (.venv).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

CONVERSATIONS_FILE = Path(__file__).with_name("conversations.yml")


@dataclass(frozen=True)
class Conversation:
    """One scripted conversation: the user's messages in order."""

    name: str
    kind: str
    turns: tuple[str, ...]
    weight: float


def load_conversations(path: Path = CONVERSATIONS_FILE) -> list[Conversation]:
    """The conversations, each weighted by its kind's share split over that kind's conversations.

    Raises:
        ValueError: a conversation has no turns, a duplicate name or a kind without a weight.
    """
    data = yaml.safe_load(path.read_text("utf8"))
    weights: dict[str, float] = {str(k): float(v) for k, v in data["weights"].items()}
    entries = data["conversations"]
    per_kind: dict[str, int] = {}
    for entry in entries:
        per_kind[entry["kind"]] = per_kind.get(entry["kind"], 0) + 1
    result: list[Conversation] = []
    for entry in entries:
        name, kind, turns = str(entry["name"]), str(entry["kind"]), entry["turns"]
        if kind not in weights:
            raise ValueError(f"{path.name}: kind {kind!r} of {name!r} has no weight")
        if not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            raise ValueError(f"{path.name}: {name!r} needs non-empty text turns")
        if any(c.name == name for c in result):
            raise ValueError(f"{path.name}: {name!r} appears twice")
        weight = weights[kind] / per_kind[kind]
        result.append(Conversation(name, kind, tuple(turns), weight))
    return result


def pick(conversations: Sequence[Conversation], rng: random.Random) -> Conversation:
    """A conversation drawn by weight."""
    return rng.choices(list(conversations), weights=[c.weight for c in conversations])[0]
