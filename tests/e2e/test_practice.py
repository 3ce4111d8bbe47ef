"""Practice mode over REST: every scenario's good and poor path, leaving, and the safety net."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml

from bot.practice.scenario import library
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e

PATHS = sorted((Path(__file__).resolve().parents[1] / "practice").glob("*.yml"))


def play(servers: Servers, scenario_id: str, turns: list[str]) -> list[str]:
    sender = f"e2e-practice-{uuid.uuid4().hex[:8]}"
    number = list(library().scenarios).index(scenario_id) + 1
    replies = [servers.say(sender, "jeg vil øve"), servers.say(sender, str(number))]
    replies += [servers.say(sender, line) for line in [*turns, "ferdig"]]
    return ["\n".join(m.get("text", "") for m in reply) for reply in replies]


def percent(debrief: str) -> int:
    match = re.search(r"\((\d+) %\)", debrief)
    assert match, debrief
    return int(match.group(1))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_scenario_paths_score_as_expected_through_the_bot(servers: Servers, path: Path):
    spec = yaml.safe_load(path.read_text("utf8"))
    good = play(servers, spec["scenario"], spec["good"]["turns"])
    assert "Pasienten:" in good[1], "the scene ends with the patient's first line"
    assert percent(good[-1]) >= spec["good"]["min_percent"]
    poor = play(servers, spec["scenario"], spec["poor"]["turns"])
    assert percent(poor[-1]) <= spec["poor"]["max_percent"]
    assert "Dette kan du gjøre bedre" in poor[-1]


def test_leaving_practice_mode_at_any_time(servers: Servers):
    sender = f"e2e-practice-{uuid.uuid4().hex[:8]}"
    servers.say(sender, "jeg vil øve")
    servers.say(sender, "1")
    servers.say(sender, "Er du trygg nå?")
    left = "\n".join(m.get("text", "") for m in servers.say(sender, "avslutt øving"))
    assert "Oppsummering" in left
    after = "\n".join(m.get("text", "") for m in servers.say(sender, "Hva er et krisesenter?"))
    assert "beskyttelse" in after, "back to ordinary answers"


def test_the_safety_net_works_inside_practice(servers: Servers):
    sender = f"e2e-practice-{uuid.uuid4().hex[:8]}"
    servers.say(sender, "jeg vil øve")
    servers.say(sender, "1")
    reply = servers.say(sender, "Han står utenfor med kniv og truer med å drepe henne nå")
    assert reply[0]["text"].startswith("Ring 112")
    assert any("øvingssamtale" in m.get("text", "") for m in reply)
