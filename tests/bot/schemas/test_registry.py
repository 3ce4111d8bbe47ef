"""Every data family is checked at once; `make check-data` and both servers refuse bad data."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli import actions_server, check_data, serve
from bot.schemas import consultation, danger, knowledge, registry, scenarios
from tests.conftest import replace_once

# One problem in each of three families that do not read each other (scenarios and
# consultation texts are checked against the knowledge and cues, once those load).
BROKEN = [
    (scenarios.DIRECTORY / "er_partner_waiting.yml", "max_turns: 12", "max_turns: 1"),
    (consultation.TEXTS, "measures_without_wish: [violence_alarm]", "measures_without_wish: []"),
    (danger.PATH, r"- '\bv[oa]ld'", r"- '\bv[oa ld'"),
]


@pytest.fixture
def broken(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's data with problems in three families, where start-up looks for them."""
    for relative, old, new in BROKEN:
        replace_once(root / relative, old, new)
    monkeypatch.setattr(registry, "PROJECT_ROOT", root)
    return root


def test_the_project_data_has_no_problems():
    assert registry.check_all() == []


def test_every_problem_is_reported_in_one_run(broken: Path):
    problems = registry.check_all()
    for relative, _, _ in BROKEN:
        assert any(line.startswith(f"{broken / relative}") for line in problems), relative


def test_a_knowledge_problem_is_reported_once(root: Path):
    replace_once(
        root / knowledge.DIRECTORY / "contacts.yml", "sources: [guide, nkom", "sources: [nope, nkom"
    )
    assert registry.check_all(root) == [
        f"{root / knowledge.DIRECTORY / 'contacts.yml'}, contacts nr. 1 (id: police_emergency): "
        "feltet 'sources': ukjent kilde 'nope'"
    ]


def test_check_data_reports_them_and_fails(broken: Path, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.ERROR):
        assert check_data.main([]) == 1
    assert "consultation.yml: feltet 'measures_without_wish': kan ikke være tom" in caplog.text


def test_the_action_server_does_not_start_on_bad_data(
    broken: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    monkeypatch.setenv(actions_server.SECRET_VARIABLE, "s3cret")
    with caplog.at_level(logging.ERROR):
        assert actions_server.main([]) == 2
    assert "feil i datafilene" in caplog.text
    assert "er_partner_waiting.yml: feltet 'max_turns': skal være minst 3" in caplog.text


def test_the_launcher_starts_no_server_on_bad_data(
    broken: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    started = []
    monkeypatch.setattr(serve.subprocess, "Popen", lambda *a, **k: started.append(a))
    with caplog.at_level(logging.ERROR):
        assert serve.main([]) == 2
    assert started == []
    assert "danger_patterns.yml: feltet 'mentions.0': ugyldig regulært uttrykk" in caplog.text
