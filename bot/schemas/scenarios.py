"""Practice scenarios and the learner-behaviour catalogue (data/scenarios/).

A bad file names the file, the entry and the field, so trainers can fix it
without reading code (docs/practice.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, validator

from bot.schemas.base import Bilingual, Id, Patterns, Strict, Text
from bot.schemas.checks import Problem, invalid, non_empty, unique_ids, unknown_ids
from bot.schemas.knowledge import Knowledge
from bot.schemas.numbers import fill_numbers, number_problems
from bot.schemas.reading import DataError, load_yaml, parse, read_yaml, refuse

DIRECTORY = Path("data/scenarios")  # below the project root
BEHAVIOUR_FILE = "behaviours.yml"


class Behaviour(Strict):
    """Something a learner may do: `match` patterns, and `unless` phrases that do not count."""

    description: Text
    match: Patterns
    unless: Patterns = ()

    _match = non_empty("match")


class Behaviours(Strict):
    """behaviours.yml: behaviour id → behaviour."""

    behaviours: dict[Id, Behaviour]

    _filled = non_empty("behaviours")


class Checkpoint(Strict):
    """A behaviour the learner should show (or, with `avoid`, must not show)."""

    id: Id
    title: Bilingual
    behaviours: tuple[Id, ...] = ()
    avoid: tuple[Id, ...] = ()
    points: int = Field(1, ge=1)
    feedback: Bilingual
    missed: Bilingual
    sources: tuple[Id, ...]

    _sources = non_empty("sources")

    @validator("avoid", always=True)
    def _one_kind(cls, avoid: tuple[str, ...], values: dict[str, Any]) -> tuple[str, ...]:
        if bool(avoid) == bool(values.get("behaviours")):
            raise ValueError("bruk enten 'behaviours' eller 'avoid'")
        return avoid

    @property
    def is_avoidance(self) -> bool:
        """True for "do not" checkpoints (met unless the behaviour is shown)."""
        return bool(self.avoid)


class Scenario(Strict):
    """A practice case: the scene, the patient's varied replies, the checkpoints."""

    id: Id
    title: Bilingual  # what the learner reads is in their standard;
    setting: Bilingual
    present: Bilingual
    visible: Bilingual
    opening: tuple[Text, ...]  # the patient's lines stay as the author wrote them
    replies: dict[Id, tuple[Text, ...]] = Field(alias="patient")  # behaviour id or "default"
    checkpoints: tuple[Checkpoint, ...]
    max_turns: int = Field(12, ge=3, le=40)

    _filled = non_empty("opening", "checkpoints")
    _unique = unique_ids("checkpoints")

    @validator("replies")
    def _lines(cls, replies: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        problems: list[Problem] = [
            ((key,), "kan ikke være tom") for key, v in replies.items() if not v
        ]
        if "default" not in replies:
            problems.append((("default",), "mangler"))
        if problems:
            raise invalid(cls, problems)
        return replies


def load_scenario(path: Path, behaviours: dict[str, Behaviour], knowledge: Knowledge) -> Scenario:
    """One scenario, checked against the behaviours and the knowledge; numbers filled in."""
    raw = read_yaml(path)
    scenario = parse(Scenario, raw, path=path)
    problems: list[Problem] = []
    if scenario.id != path.stem:
        problems.append((("id",), f"skal være lik filnavnet ({path.stem})"))
    problems += [
        (("patient", key), f"ukjent atferd '{key}' (se {BEHAVIOUR_FILE})")
        for key in scenario.replies
        if key != "default" and key not in behaviours
    ]
    for field in ("behaviours", "avoid"):
        problems += unknown_ids(scenario.checkpoints, field, behaviours, "atferd", at="checkpoints")
    problems += unknown_ids(
        scenario.checkpoints, "sources", knowledge.sources, "kilde", at="checkpoints"
    )
    problems += number_problems(raw, knowledge.contacts)
    refuse(Scenario, raw, problems, path=path)
    return parse(Scenario, fill_numbers(raw, knowledge.numbers()), path=path)


def load(directory: Path, knowledge: Knowledge) -> tuple[dict[str, Behaviour], dict[str, Scenario]]:
    """The behaviour catalogue and every scenario in `directory` (in file order)."""
    behaviours = load_yaml(Behaviours, directory / BEHAVIOUR_FILE).behaviours
    scenarios = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name != BEHAVIOUR_FILE:
            scenario = load_scenario(path, behaviours, knowledge)
            scenarios[scenario.id] = scenario
    if not scenarios:
        raise DataError(f"{directory}: ingen scenarioer")
    return behaviours, scenarios
