"""danger_patterns.yml: the real file loads; a broken copy names file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.schemas import danger
from bot.schemas.reading import load_yaml
from tests.bot.schemas.conftest import problem, refused
from tests.conftest import replace_once

FILE = danger.PATH.name


def test_the_project_file_loads_with_parts_expanded():
    patterns = load_yaml(danger.DangerPatterns, danger.PATH)
    assert patterns.signals[0].id == "threat_to_kill"
    assert not any("{person}" in p.pattern for s in patterns.signals for p in s.match)
    assert patterns.signals[0].find("han truet med å drepe henne")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            r"\b{person}\b'",
            r"\b{persons}\b'",
            problem(
                FILE,
                "signals nr. 1 (id: threat_to_kill)",
                "match.0",
                "ukjent del {persons} (se 'parts')",
            ),
        ),
        (
            r"- '\bv[oa]ld'",
            r"- '\bv[oa ld'",
            problem(FILE, "", "mentions.0", "ugyldig regulært uttrykk"),
        ),
        (
            "  - id: threat_to_kill\n    match:",
            "  - id: threat_to_kill\n    matches:",
            problem(FILE, "signals nr. 1 (id: threat_to_kill)", "match", "mangler"),
        ),
    ],
)
def test_a_broken_file_names_file_entry_and_field(root: Path, old: str, new: str, expected: str):
    replace_once(root / danger.PATH, old, new)
    refused(lambda: load_yaml(danger.DangerPatterns, root / danger.PATH), expected)
