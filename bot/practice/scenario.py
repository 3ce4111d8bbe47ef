"""Practice scenarios and learner behaviours, loaded from data/scenarios/ and validated.

A bad scenario file gives a `ScenarioError` naming the file and the field, so
trainers can fix it without reading code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.nlu import assertion

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "data" / "scenarios"
BEHAVIOUR_FILE = "behaviours.yml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class ScenarioError(ValueError):
    """A scenario or the behaviour catalogue is malformed (names file and field)."""


@dataclass(frozen=True)
class Behaviour:
    """Something a learner may do, recognised from free text."""

    id: str
    description: str
    match: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()

    def found_in(self, text: str) -> bool:
        """True when a `match` pattern is found, and not denied, once `unless` phrases are blanked.

        "Jeg kan ikke love at du får plass" names a promise and denies it
        (bot/nlu/assertion.py); a question or a supposition still counts
        ("Er du redd?" asks about fear, which is the behaviour).
        """
        clean = re.sub(r"\s+", " ", text.lower())
        for harmless in self.unless:
            clean = harmless.sub(lambda m: " " * len(m.group()), clean)
        found = assertion.find(clean, {self.id: self.match})
        return any(m.status is not assertion.Status.DENIED for m in assertion.read(clean, found))


@dataclass(frozen=True)
class Checkpoint:
    """A behaviour the learner should show (or, with `avoid`, must not show)."""

    id: str
    title: str
    behaviours: tuple[str, ...]
    avoid: tuple[str, ...]
    points: int
    feedback: str
    missed: str
    sources: tuple[str, ...]

    @property
    def is_avoidance(self) -> bool:
        """True for "do not" checkpoints (met unless the behaviour is shown)."""
        return bool(self.avoid)


@dataclass(frozen=True)
class Scenario:
    """A practice case: the scene, the patient's varied replies, the checkpoints."""

    id: str
    title: str
    setting: str
    present: str
    visible: str
    opening: tuple[str, ...]
    replies: dict[str, tuple[str, ...]]  # behaviour id or "default" → patient lines
    checkpoints: tuple[Checkpoint, ...]
    max_turns: int
    file: str


def _need(data: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
    value = data.get(key)
    if value is None or value == "" or value == []:
        raise ScenarioError(f"{where}: mangler feltet '{key}'")
    if not isinstance(value, kind):
        raise ScenarioError(f"{where}: feltet '{key}' skal være {kind.__name__}")
    return value


def _lines(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ScenarioError(f"{where}: skal være en ikke-tom liste med tekster")
    return tuple(value)


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in _lines(patterns, where))
    except re.error as e:
        raise ScenarioError(f"{where}: ugyldig regulært uttrykk: {e}") from e


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf8"))
    except (OSError, yaml.YAMLError) as e:
        raise ScenarioError(f"{path.name}: kan ikke leses: {e}") from e
    if not isinstance(data, dict):
        raise ScenarioError(f"{path.name}: forventet en YAML-mapping øverst")
    return data


def load_behaviours(path: Path) -> dict[str, Behaviour]:
    """The behaviour catalogue."""
    entries = _need(_read(path), "behaviours", path.name, dict)
    result = {}
    for behaviour_id, entry in entries.items():
        where = f"{path.name}: behaviours.{behaviour_id}"
        if not _ID.match(str(behaviour_id)) or not isinstance(entry, dict):
            raise ScenarioError(f"{where}: ugyldig id eller innhold")
        result[behaviour_id] = Behaviour(
            id=behaviour_id,
            description=_need(entry, "description", where),
            match=_compile(entry.get("match"), f"{where}.match"),
            unless=_compile(entry["unless"], f"{where}.unless") if entry.get("unless") else (),
        )
    return result


def _checkpoint(entry: Any, where: str, behaviours: dict[str, Behaviour]) -> Checkpoint:
    if not isinstance(entry, dict):
        raise ScenarioError(f"{where}: forventet en mapping")
    shown = tuple(entry.get("behaviours") or ())
    avoid = tuple(entry.get("avoid") or ())
    if bool(shown) == bool(avoid):
        raise ScenarioError(f"{where}: bruk enten 'behaviours' eller 'avoid'")
    for behaviour in (*shown, *avoid):
        if behaviour not in behaviours:
            raise ScenarioError(f"{where}: ukjent atferd '{behaviour}' (se {BEHAVIOUR_FILE})")
    points = entry.get("points", 1)
    if not isinstance(points, int) or points < 1:
        raise ScenarioError(f"{where}: 'points' skal være et positivt heltall")
    return Checkpoint(
        id=_need(entry, "id", where),
        title=_need(entry, "title", where),
        behaviours=shown,
        avoid=avoid,
        points=points,
        feedback=_need(entry, "feedback", where),
        missed=_need(entry, "missed", where),
        sources=tuple(_lines(entry.get("sources"), f"{where}.sources")),
    )


def _fill(value: Any, numbers: dict[str, str], where: str) -> Any:
    """Phone numbers are written as {contact_id} and filled in from contacts.yml."""
    if isinstance(value, str):
        try:
            return value.format_map(numbers)
        except (KeyError, ValueError) as e:
            raise ScenarioError(f"{where}: ukjent nummer-id eller klamme i teksten: {e}") from e
    if isinstance(value, list):
        return [_fill(v, numbers, where) for v in value]
    if isinstance(value, dict):
        keep = ("behaviours", "avoid", "sources", "id")
        return {k: v if k in keep else _fill(v, numbers, f"{where}.{k}") for k, v in value.items()}
    return value


def load_scenario(
    path: Path,
    behaviours: dict[str, Behaviour],
    source_ids: set[str],
    numbers: dict[str, str] | None = None,
) -> Scenario:
    """One scenario file, checked against the behaviour catalogue and the sources."""
    where = path.name
    data = _fill(_read(path), numbers or {}, where)
    scenario_id = _need(data, "id", where)
    if not _ID.match(scenario_id) or scenario_id != path.stem:
        raise ScenarioError(f"{where}: 'id' skal være lik filnavnet ({path.stem})")
    replies_raw = _need(data, "patient", where, dict)
    replies = {key: _lines(value, f"{where}: patient.{key}") for key, value in replies_raw.items()}
    if "default" not in replies:
        raise ScenarioError(f"{where}: patient mangler 'default'")
    unknown = set(replies) - set(behaviours) - {"default"}
    if unknown:
        raise ScenarioError(f"{where}: patient har ukjente atferder {sorted(unknown)}")
    raw_checkpoints = _need(data, "checkpoints", where, list)
    checkpoints = tuple(
        _checkpoint(entry, f"{where}: checkpoints[{i}]", behaviours)
        for i, entry in enumerate(raw_checkpoints)
    )
    for checkpoint in checkpoints:
        missing = set(checkpoint.sources) - source_ids
        if missing:
            raise ScenarioError(
                f"{where}: checkpoint '{checkpoint.id}': ukjente kilder {sorted(missing)}"
            )
    max_turns = data.get("max_turns", 12)
    if not isinstance(max_turns, int) or not 3 <= max_turns <= 40:
        raise ScenarioError(f"{where}: 'max_turns' skal være et heltall mellom 3 og 40")
    return Scenario(
        id=scenario_id,
        title=_need(data, "title", where),
        setting=_need(data, "setting", where),
        present=_need(data, "present", where),
        visible=_need(data, "visible", where),
        opening=_lines(data.get("opening"), f"{where}: opening"),
        replies=replies,
        checkpoints=checkpoints,
        max_turns=max_turns,
        file=path.name,
    )


@dataclass(frozen=True)
class Library:
    """All scenarios (in file order) and the behaviour catalogue."""

    scenarios: dict[str, Scenario]
    behaviours: dict[str, Behaviour]


def load_library(directory: Path = SCENARIO_DIR) -> Library:
    """Load and check every scenario in `directory`."""
    from bot.knowledge import knowledge

    behaviours = load_behaviours(directory / BEHAVIOUR_FILE)
    sources = set(knowledge().sources)
    numbers = knowledge().numbers()
    scenarios = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == BEHAVIOUR_FILE:
            continue
        scenario = load_scenario(path, behaviours, sources, numbers)
        scenarios[scenario.id] = scenario
    if not scenarios:
        raise ScenarioError(f"{directory}: ingen scenarioer")
    return Library(scenarios, behaviours)


@functools.lru_cache(maxsize=1)
def library() -> Library:
    """The project's scenarios, loaded once per process."""
    return load_library()
