"""Run a practice conversation: the patient's replies, feedback at checkpoints, the debrief.

The state is a plain dict (kept in a Rasa slot between turns); every function
here is pure apart from the seeded choice of the patient's next line.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.knowledge import knowledge
from bot.knowledge.render import cite
from bot.practice.scenario import Library
from bot.schemas.scenarios import Checkpoint, Scenario
from bot.text.standard import DEFAULT, STANDARDS, Standard

END = "ends"
LEAVE = "leaves"


@dataclass
class State:
    """Where a practice conversation is (stored as a dict in a slot)."""

    scenario: str
    seed: int
    turn: int = 0
    shown: list[str] = field(default_factory=list)  # behaviours shown so far
    met: list[str] = field(default_factory=list)  # checkpoints given positive feedback
    broken: list[str] = field(default_factory=list)  # avoidance checkpoints violated
    used: list[str] = field(default_factory=list)  # patient lines already said

    def as_dict(self) -> dict[str, Any]:
        """The state as a slot value."""
        return asdict(self)

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> State:
        """Rebuild the state from a slot value."""
        return cls(**value)


@dataclass(frozen=True)
class Feedback:
    """Short feedback on a checkpoint, with its source."""

    checkpoint: str
    text: str
    sources: str
    positive: bool


@dataclass(frozen=True)
class Scene:
    """How the scenario starts."""

    title: str
    setting: str
    present: str
    visible: str
    opening: str


@dataclass(frozen=True)
class Turn:
    """The patient's reply to one learner turn, feedback, and whether the scenario ends."""

    patient: str | None
    feedback: tuple[Feedback, ...]
    ended: bool
    state: State
    left: bool = False


@dataclass(frozen=True)
class Row:
    """One checkpoint in the debrief."""

    title: str
    points: int
    max_points: int
    text: str


@dataclass(frozen=True)
class Debrief:
    """Score per checkpoint, what went well, what to improve, references."""

    scenario: str
    rows: tuple[Row, ...]
    score: int
    max_score: int
    references: str

    @property
    def percent(self) -> int:
        """The score as a whole percentage."""
        return round(100 * self.score / self.max_score) if self.max_score else 0


def _pick(lines: tuple[str, ...], state: State, key: str) -> str:
    fresh = [line for line in lines if line not in state.used]
    choice = random.Random(f"{state.seed}:{state.turn}:{key}").choice(fresh or list(lines))
    state.used.append(choice)
    return choice


def start(scenario: Scenario, seed: int, standard: Standard = DEFAULT) -> tuple[State, Scene]:
    """A new practice conversation and its opening scene, described in `standard`."""
    state = State(scenario=scenario.id, seed=seed)
    opening = _pick(scenario.opening, state, "opening")
    return state, Scene(
        title=scenario.title.to(standard),
        setting=scenario.setting.to(standard),
        present=scenario.present.to(standard),
        visible=scenario.visible.to(standard),
        opening=opening,
    )


def _feedback(checkpoint: Checkpoint, standard: Standard, *, positive: bool) -> Feedback:
    text = (checkpoint.feedback if positive else checkpoint.missed).to(standard)
    return Feedback(checkpoint.id, text, cite(knowledge(), checkpoint.sources), positive)


def respond(library: Library, state: State, text: str, standard: Standard = DEFAULT) -> Turn:
    """The patient's reply and any checkpoint feedback (in `standard`) for one learner turn."""
    scenario = library.scenarios[state.scenario]
    shown_now = [b for b in library.behaviours if library.behaviours[b].found_in(text)]
    if LEAVE in shown_now:
        return Turn(None, (), True, state, left=True)
    if END in shown_now:
        return Turn(None, (), True, state)
    state.turn += 1
    state.shown.extend(b for b in shown_now if b not in state.shown)
    feedback = []
    for checkpoint in scenario.checkpoints:
        if checkpoint.is_avoidance:
            if checkpoint.id not in state.broken and set(checkpoint.avoid) & set(shown_now):
                state.broken.append(checkpoint.id)
                feedback.append(_feedback(checkpoint, standard, positive=False))
        elif checkpoint.id not in state.met and set(checkpoint.behaviours) & set(shown_now):
            state.met.append(checkpoint.id)
            feedback.append(_feedback(checkpoint, standard, positive=True))
    reply_key = next((key for key in scenario.replies if key in shown_now), "default")
    patient = _pick(scenario.replies[reply_key], state, reply_key)
    return Turn(patient, tuple(feedback), state.turn >= scenario.max_turns, state)


def debrief(library: Library, state: State, standard: Standard = DEFAULT) -> Debrief:
    """Score every checkpoint and collect the references; the texts in `standard`."""
    scenario = library.scenarios[state.scenario]
    rows = []
    for checkpoint in scenario.checkpoints:
        if checkpoint.is_avoidance:
            # Not doing the wrong thing only counts when the conversation went somewhere.
            achieved = checkpoint.id not in state.broken and state.turn >= 2
        else:
            achieved = checkpoint.id in state.met
        rows.append(
            Row(
                title=checkpoint.title.to(standard),
                points=checkpoint.points if achieved else 0,
                max_points=checkpoint.points,
                text=(checkpoint.feedback if achieved else checkpoint.missed).to(standard),
            )
        )
    source_ids = tuple(dict.fromkeys(s for c in scenario.checkpoints for s in c.sources))
    return Debrief(
        scenario=scenario.title.to(standard),
        rows=tuple(rows),
        score=sum(r.points for r in rows),
        max_score=sum(r.max_points for r in rows),
        references=cite(knowledge(), source_ids),
    )


def choose(library: Library, text: str) -> str | None:
    """The scenario a learner picked: by id (button), number in the list, or title words."""
    clean = text.strip().lower().lstrip("/")
    ids = list(library.scenarios)
    if clean in library.scenarios:
        return clean
    digits = "".join(ch for ch in clean if ch.isdigit())
    if digits and clean.replace(digits, "").strip(" .:") in ("", "nummer", "nr", "scenario"):
        index = int(digits) - 1
        return ids[index] if 0 <= index < len(ids) else None
    words = {w for w in clean.replace(",", " ").split() if len(w) > 3}
    scored = [(len(words & _title_words(s)), s.id) for s in library.scenarios.values()]
    best = max(scored)
    return best[1] if best[0] > 0 and [n for n, _ in scored].count(best[0]) == 1 else None


def _title_words(scenario: Scenario) -> set[str]:
    """The words of a scenario's title, in both standards (a learner may type either)."""
    titles = " ".join(scenario.title.to(standard) for standard in STANDARDS)
    return set(titles.lower().replace(",", " ").replace(":", " ").split())
