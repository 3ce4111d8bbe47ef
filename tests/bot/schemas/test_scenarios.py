"""Scenarios and behaviours: the real files load; errors name file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.schemas import knowledge, scenarios
from tests.bot.schemas.conftest import problem, refused
from tests.conftest import replace_once

SCENARIO = "er_partner_waiting.yml"


def test_the_project_files_load_with_numbers_filled_in():
    behaviours, loaded = scenarios.load(scenarios.DIRECTORY, knowledge.load(knowledge.DIRECTORY))
    assert len(loaded) >= 6
    assert "leaves" in behaviours
    texts = [
        c.feedback.to(std) for s in loaded.values() for c in s.checkpoints for std in ("nb", "nn")
    ]
    assert not any("{" in text for text in texts)
    assert any("112" in text for text in texts)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (  # missing field (and an unknown one)
            SCENARIO,
            'title: {nb: "Akuttmottaket',
            'titel: {nb: "Akuttmottaket',
            problem(SCENARIO, "", "title", "mangler"),
        ),
        (
            SCENARIO,
            "id: wishes",
            "id: Wishes",
            problem(SCENARIO, "checkpoints nr. 3 (id: Wishes)", "id", "ugyldig id"),
        ),
        (
            SCENARIO,
            "max_turns: 12",
            "max_turns: tolv",
            problem(SCENARIO, "", "max_turns", "skal være et heltall"),
        ),
        (
            SCENARIO,
            "max_turns: 12",
            "max_turns: 1",
            problem(SCENARIO, "", "max_turns", "skal være minst 3"),
        ),
        (
            SCENARIO,
            "points: 2",
            "points: 0",
            problem(SCENARIO, "checkpoints nr. 1 (id: acute)", "points", "skal være minst 1"),
        ),
        (
            SCENARIO,
            "id: er_partner_waiting",
            "id: other",
            problem(SCENARIO, "", "id", "skal være lik filnavnet (er_partner_waiting)"),
        ),
        (
            SCENARIO,
            "behaviours: [asks_acute]",
            "behaviours: [asks_nothing]",
            problem(
                SCENARIO,
                "checkpoints nr. 1 (id: acute)",
                "behaviours",
                "ukjent atferd 'asks_nothing'",
            ),
        ),
        (
            SCENARIO,
            "behaviours: [asks_acute]",
            "behaviours: [asks_acute]\n    avoid: [dismisses]",
            problem(
                SCENARIO,
                "checkpoints nr. 1 (id: acute)",
                "avoid",
                "bruk enten 'behaviours' eller 'avoid'",
            ),
        ),
        (
            SCENARIO,
            "sources: [guide, hdir_hpl_22]",
            "sources: [nope]",
            problem(SCENARIO, "checkpoints nr. 6 (id: consent)", "sources", "ukjent kilde 'nope'"),
        ),
        (
            SCENARIO,
            "  asks_fear:",
            "  asks_fears:",
            problem(SCENARIO, "", "patient.asks_fears", "ukjent atferd 'asks_fears'"),
        ),
        (
            SCENARIO,
            ("Bra – du sjekket akutt fare først.", "Bra – du sjekka akutt fare først."),
            ("Bra – ring {ambulanse}.", "Bra – ring {ambulanse}."),
            problem(
                SCENARIO,
                "checkpoints nr. 1 (id: acute)",
                "feedback.nb",
                "ukjent nummer-id {ambulanse}",
            ),
        ),
        (
            scenarios.BEHAVIOUR_FILE,
            r"match: ['\b112\b']",
            r"match: ['\b112(\b']",
            problem(
                scenarios.BEHAVIOUR_FILE,
                "",
                "behaviours.gives_112.match.0",
                "ugyldig regulært uttrykk",
            ),
        ),
        (
            scenarios.BEHAVIOUR_FILE,
            "  gives_112:\n    description:",
            "  gives_112:\n    describe:",
            problem(scenarios.BEHAVIOUR_FILE, "", "behaviours.gives_112.describe", "ukjent felt"),
        ),
    ],
)
def test_a_broken_file_names_file_entry_and_field(
    root: Path, file: str, old: str, new: str, expected: str
):
    replace_once(root / scenarios.DIRECTORY / file, old, new)
    loaded = knowledge.load(root / knowledge.DIRECTORY)
    refused(lambda: scenarios.load(root / scenarios.DIRECTORY, loaded), expected)
