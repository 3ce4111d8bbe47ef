"""Practice scenarios and learner behaviours from data/scenarios/ (bot/schemas/scenarios.py)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import knowledge
from bot.nlu import assertion
from bot.schemas import scenarios as schema
from bot.schemas.scenarios import Scenario
from bot.settings import PROJECT_ROOT
from bot.text import normalise, patterns

SCENARIO_DIR = PROJECT_ROOT / schema.DIRECTORY


@dataclass(frozen=True)
class Behaviour:
    """A learner behaviour of behaviours.yml, as the engine recognises it."""

    id: str
    cue: schema.Behaviour

    def found_in(self, text: str) -> bool:
        """True when a `match` pattern is found, and not denied, once `unless` phrases are blanked.

        "Jeg kan ikke love at du får plass" names a promise and denies it
        (bot/nlu/assertion.py); a question or a supposition still counts
        ("Er du redd?" asks about fear, which is the behaviour).
        """
        clean = normalise(text)
        found = patterns.find(clean, {self.id: self.cue.match}, self.cue.unless)
        return any(m.status is not assertion.Status.DENIED for m in assertion.read(clean, found))


@dataclass(frozen=True)
class Library:
    """All scenarios (in file order) and the behaviour catalogue."""

    scenarios: dict[str, Scenario]
    behaviours: dict[str, Behaviour]


def load_library(directory: Path = SCENARIO_DIR) -> Library:
    """Load and check every scenario in `directory`."""
    behaviours, scenarios = schema.load(directory, knowledge())
    return Library(scenarios, {key: Behaviour(key, cue) for key, cue in behaviours.items()})


@functools.lru_cache(maxsize=1)
def library() -> Library:
    """The project's scenarios, loaded once per process."""
    return load_library()
