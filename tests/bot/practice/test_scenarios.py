"""Every scenario: valid, a good learner path scores high, a poor one gets the right feedback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.practice.engine import State, choose, debrief, respond, start
from bot.practice.scenario import library

PATHS = sorted((Path(__file__).resolve().parents[2] / "practice").glob("*.yml"))


def play(scenario_id: str, turns: list[str]) -> tuple[State, list]:
    lib = library()
    state, _ = start(lib.scenarios[scenario_id], seed=7)
    feedback = []
    for line in [*turns, "ferdig"]:
        turn = respond(lib, state, line)
        feedback.extend(turn.feedback)
        if turn.ended:
            break
    return state, feedback


def test_there_are_at_least_six_scenarios_each_with_paths():
    assert len(library().scenarios) >= 6
    assert {yaml.safe_load(p.read_text("utf8"))["scenario"] for p in PATHS} == set(
        library().scenarios
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_good_learner_scores_high(path: Path):
    spec = yaml.safe_load(path.read_text("utf8"))
    state, _ = play(spec["scenario"], spec["good"]["turns"])
    result = debrief(library(), state)
    assert result.percent >= spec["good"]["min_percent"], [(r.title, r.points) for r in result.rows]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_poor_learner_gets_the_right_feedback(path: Path):
    spec = yaml.safe_load(path.read_text("utf8"))
    state, feedback = play(spec["scenario"], spec["poor"]["turns"])
    result = debrief(library(), state)
    assert result.percent <= spec["poor"]["max_percent"]
    scenario = library().scenarios[spec["scenario"]]
    titles = {c.id: c.title.nb for c in scenario.checkpoints}
    missed = {row.title for row in result.rows if row.points == 0}
    for checkpoint in spec["poor"]["expect_missed"]:
        assert titles[checkpoint] in missed, checkpoint
    broken = [f for f in feedback if not f.positive]
    avoid_ids = {c.id for c in scenario.checkpoints if c.is_avoidance}
    if avoid_ids & set(spec["poor"]["expect_missed"]):
        assert broken, "a violated avoidance checkpoint gives immediate feedback"


def test_patient_replies_vary_between_conversations():
    lib = library()
    openings = {start(lib.scenarios["er_partner_waiting"], seed)[1].opening for seed in range(20)}
    assert len(openings) > 1


def test_leaving_and_ending_are_recognised():
    lib = library()
    state, _ = start(lib.scenarios["er_partner_waiting"], seed=1)
    assert respond(lib, state, "avslutt øving").left
    assert respond(lib, state, "ferdig").ended


@pytest.mark.parametrize(
    ("text", "expected"), [("1", "er_partner_waiting"), ("nummer 99", None), ("hei", None)]
)
def test_choosing_a_scenario(text: str, expected: str | None):
    assert choose(library(), text) == expected


def test_a_nynorsk_learner_gets_scene_feedback_and_debrief_in_nynorsk():
    """The patient keeps the author's words; what the assistant says follows the learner."""
    lib = library()
    scenario = lib.scenarios["er_partner_waiting"]
    state, scene = start(scenario, seed=1, standard="nn")
    assert scene.setting == scenario.setting.nn
    assert scene.opening in scenario.opening  # the patient's own line
    turn = respond(lib, state, "er du trygg no? kva er du redd for?", "nn")
    assert turn.feedback and all(
        f.text in {c.feedback.nn for c in scenario.checkpoints} for f in turn.feedback
    )
    result = debrief(lib, turn.state, "nn")
    assert result.scenario == scenario.title.nn
    assert {row.title for row in result.rows} == {c.title.nn for c in scenario.checkpoints}
