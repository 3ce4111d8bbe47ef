"""cues.yml and consultation.yml: the real files load and agree; errors name file, entry, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.schemas import consultation, cues, knowledge
from bot.settings import PROJECT_ROOT
from tests.bot.schemas.conftest import problem, refused
from tests.conftest import replace_once

CUES = cues.CUES.name
TEXTS = consultation.TEXTS.name


def load(root: Path) -> consultation.ConsultationTexts:
    tables = cues.load_cues(root / cues.CUES)
    return consultation.load_texts(
        root / consultation.TEXTS, knowledge.load(root / knowledge.DIRECTORY), tables
    )


def test_the_project_files_load_and_agree():
    texts = load(PROJECT_ROOT)
    assert texts.items.emergency.title.nb == "Ring 112 nå"  # numbers filled in
    assert texts.items.emergency.title.nn == "Ring 112 no"
    assert "{signs}" in texts.items.police.why_risk.nn  # the code fills in the rest
    tables = cues.load_cues(PROJECT_ROOT / cues.CUES)
    assert {wish.id for wish in texts.wishes} == set(tables.wish)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (CUES, "\nbrief:\n", "\nbriefs:\n", problem(CUES, "", "brief", "mangler")),
        (
            CUES,
            r"skip: ['\bhopp(?:e)? over\b'",
            r"skip: ['\bhopp(?:e over\b'",
            problem(CUES, "", "yes_no.skip.0", "ugyldig regulært uttrykk"),
        ),
        (
            CUES,
            "brief:\n  brief: [",
            "brief:\n  brief: 'kort'\n  briefer: [",
            problem(CUES, "", "brief.brief", "skal være en liste"),
        ),
        (
            TEXTS,
            "measures: [violence_alarm, address_block]",
            "measures: [violence_alarm, space_ship]",
            problem(
                TEXTS, "wishes nr. 1 (id: safe_place)", "measures", "ukjent tiltak 'space_ship'"
            ),
        ),
        (
            TEXTS,
            "items: [safe_place, crisis_centre]",
            "items: [safe_place, helicopter]",
            problem(
                TEXTS,
                "wishes nr. 1 (id: safe_place)",
                "items",
                "ukjent punkt i forslaget 'helicopter'",
            ),
        ),
        (
            TEXTS,
            "measures_without_wish: [violence_alarm]",
            "measures_without_wish: [alarm]",
            problem(TEXTS, "", "measures_without_wish", "ukjent tiltak 'alarm'"),
        ),
        (  # a sign cues.yml reads but the journal cannot name
            TEXTS,
            '  - {id: fear, label: {nb: "pasienten er redd", nn: "pasienten er redd"}}\n',
            "",
            problem(TEXTS, "", "signals", "mangler tegn 'fear' (kategori i cues.yml)"),
        ),
        (
            TEXTS,
            "  - id: unsure",
            "  - id: undecided",
            problem(TEXTS, "wishes nr. 5 (id: undecided)", "id", "ukjent ønske 'undecided'"),
        ),
        (  # the Nynorsk of a text left out
            TEXTS,
            ', nn: "Ring {police_emergency} no"}',
            "}",
            problem(TEXTS, "", "items.emergency.title.nn", "mangler"),
        ),
        (  # the two versions disagree on a number
            TEXTS,
            'nn: "Ring {police_emergency} no"',
            'nn: "Ring {medical_emergency} no"',
            problem(TEXTS, "", "items.emergency.title", "bokmål og nynorsk har ulike plassholdere"),
        ),
        (
            TEXTS,
            "    why_wish: ",
            "    why_wsh: ",
            problem(TEXTS, "", "items.safe_place.why_wish", "mangler"),
        ),
        (
            TEXTS,
            '{nb: "Ring {police_emergency} nå", nn: "Ring {police_emergency} no"}',
            '{nb: "Ring {polce_emergency} nå", nn: "Ring {polce_emergency} no"}',
            problem(TEXTS, "", "items.emergency.title.nb", "ukjent nummer-id {polce_emergency}"),
        ),
        (
            TEXTS,
            "reviewed: 2026-11-26",
            "reviewed: i fjor",
            problem(TEXTS, "", "reviewed", "ugyldig dato"),
        ),
        (
            TEXTS,
            '    unknown: {nb: "usikkert", nn: "usikkert"}\n',
            "",
            problem(TEXTS, "", "summary.answers.unknown", "mangler"),
        ),
        (
            TEXTS,
            "sources: [hdir_hpl_33, nkvts_primary_care, alarmtelefonen]",
            "sources: [hdir_hpl_33, nope, alarmtelefonen]",
            problem(TEXTS, "", "items.children.sources", "ukjent kilde 'nope'"),
        ),
    ],
)
def test_a_broken_file_names_file_entry_and_field(
    root: Path, file: str, old: str, new: str, expected: str
):
    path = root / (cues.CUES if file == CUES else consultation.TEXTS)
    replace_once(path, old, new)
    refused(lambda: load(root), expected)
