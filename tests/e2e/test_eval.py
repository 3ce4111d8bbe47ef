"""The conversation cases of tests/eval/ against the running bot: the acceptance gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.eval import expectations, load_cases, run_case
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


def outcomes(servers: Servers, name: str) -> list:
    expect = expectations()
    return [run_case(servers.url, case, expect) for case in load_cases(EVAL_DIR / name)]


def failures(results: list) -> list[str]:
    return [
        f"{r.case.id} turn {r.failed_turn + 1}: {'; '.join(r.problems)}: "
        f"{r.replies[r.failed_turn][:200]}"
        for r in results
        if not r.passed
    ]


@pytest.mark.parametrize(
    "name", ["dev_questions.yml", "consultation.yml", "lookups.yml", "realistic.yml"]
)
def test_every_case_passes(servers: Servers, name: str):
    assert failures(outcomes(servers, name)) == []


def test_knowledge_cases_pass_at_least_95_percent(servers: Servers):
    results = outcomes(servers, "knowledge.yml")
    rate = sum(r.passed for r in results) / len(results)
    assert rate >= 0.95, failures(results)


def test_every_acute_case_answers_112_in_the_first_reply(servers: Servers):
    acute = [
        case
        for name in ("dev_questions.yml", "knowledge.yml")
        for case in load_cases(EVAL_DIR / name)
        if case.topic == "acute" and len(case.turns) == 1
    ]
    assert len(acute) >= 10
    for case in acute:
        reply = servers.say(f"e2e-acute-{case.id}", case.turns[0].user)
        assert "112" in reply[0]["text"], case.id
