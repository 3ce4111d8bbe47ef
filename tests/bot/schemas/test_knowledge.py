"""The knowledge files: the real ones load; a broken copy names file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.schemas import knowledge
from tests.bot.schemas.conftest import problem, refused
from tests.conftest import replace_once


def test_the_project_files_load_and_agree():
    loaded = knowledge.load(knowledge.DIRECTORY)
    assert loaded.numbers()["police_emergency"] == "112"
    assert list(loaded.measures["violence_alarm"].aspects) == list(loaded.aspects)
    assert "voldsalarm" in loaded.measures["violence_alarm"].names


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (  # missing field
            "topics.yml",
            "    reviewed: 2026-11-26\n",
            "",
            problem("topics.yml", "topics nr. 1 (id: acute_danger)", "reviewed", "mangler"),
        ),
        (  # unknown field
            "contacts.yml",
            '    name: {nb: "Politiets nødnummer"',
            '    navn: {nb: "Politiets nødnummer"',
            problem(
                "contacts.yml",
                "contacts nr. 1 (id: police_emergency)",
                "navn",
                "ukjent felt (skrivefeil?)",
            ),
        ),
        (  # bad id
            "contacts.yml",
            "id: legevakt",
            "id: Legevakt",
            problem("contacts.yml", "contacts nr. 4 (id: Legevakt)", "id", "ugyldig id"),
        ),
        (  # wrong type
            "sources.yml",
            "year: 2018",
            "year: tjueatten",
            problem("sources.yml", "sources nr. 1 (id: guide)", "year", "skal være et heltall"),
        ),
        (  # a value not allowed
            "topics.yml",
            "lists: measures",
            "lists: tiltak",
            problem(
                "topics.yml",
                "topics nr. 22 (id: police_measures)",
                "lists",
                "skal være en av measures, contacts, sources",
            ),
        ),
        (  # a source sources.yml does not have
            "contacts.yml",
            "sources: [nkom_emergency]",
            "sources: [nope]",
            problem(
                "contacts.yml",
                "contacts nr. 3 (id: medical_emergency)",
                "sources",
                "ukjent kilde 'nope'",
            ),
        ),
        (  # a number contacts.yml does not have
            "topics.yml",
            ("akutt syk, ring {medical_emergency}", "akutt sjuk, ring {medical_emergency}"),
            ("akutt syk, ring {ambulance}", "akutt sjuk, ring {ambulance}"),
            problem(
                "topics.yml",
                "topics nr. 1 (id: acute_danger)",
                "answer.nb",
                "ukjent nummer-id {ambulance}",
            ),
        ),
        (
            "contacts.yml",
            'display: "116 006"',
            'display: "116 007"',
            problem(
                "contacts.yml",
                "contacts nr. 5 (id: vo_linjen)",
                "display",
                "'116 007' er ikke samme nummer som 'tel'",
            ),
        ),
        (
            "contacts.yml",
            "id: legevakt",
            "id: medical_emergency",
            problem(
                "contacts.yml",
                "contacts nr. 4 (id: medical_emergency)",
                "id",
                "'medical_emergency' finnes to ganger",
            ),
        ),
        (
            "topics.yml",
            "followups: [safe_place, police_measures]",
            "followups: [safe_place, nowhere]",
            problem(
                "topics.yml",
                "topics nr. 1 (id: acute_danger)",
                "followups",
                "ukjent emne 'nowhere'",
            ),
        ),
        (  # a card line that is not an aspect
            "measures.yml",
            "    duration: ",
            "    durration: ",
            problem(
                "measures.yml", "measures nr. 1 (id: violence_alarm)", "durration", "ukjent felt"
            ),
        ),
        (
            "measures.yml",
            "'forklar'",
            "'forkl(ar'",
            problem(
                "measures.yml", "aspects nr. 1 (id: what)", "cues.2", "ugyldig regulært uttrykk"
            ),
        ),
    ],
)
def test_a_broken_file_names_file_entry_and_field(
    root: Path, file: str, old: str, new: str, expected: str
):
    directory = root / knowledge.DIRECTORY
    replace_once(directory / file, old, new)
    refused(lambda: knowledge.load(directory), expected)
