"""The Bokmål/Nynorsk reader: held-out accuracy, and what must never change a conversation."""

from __future__ import annotations

import pytest

from bot.cli import standard_report
from bot.nlu.written_standard import read


@pytest.mark.parametrize("path", standard_report.DEFAULT_SETS, ids=lambda p: p.name)
def test_held_out_staff_messages_are_read_at_least_97_percent_right(path):
    pairs = standard_report.messages(path)
    assert len(pairs) >= 300
    assert standard_report.accuracy(pairs) >= standard_report.GOAL


@pytest.mark.parametrize("path", standard_report.DEFAULT_SETS, ids=lambda p: p.name)
def test_a_message_is_never_read_as_the_other_standard(path):
    """A miss may leave the standard as it was; it must never answer in the other one."""
    wrong = [
        text
        for text, label in standard_report.messages(path)
        if label != "either" and standard_report.predicted(text) not in (label, "either")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    ["ja", "Nei", "ok", "takk", "hopp over", "Bergen", "112", "voldsalarm?", "🙂", "", "3"],
)
def test_short_replies_do_not_tell_so_they_never_flip_the_conversation(text):
    assert read(text).standard is None


@pytest.mark.parametrize(
    ("text", "standard"),
    [
        ("svar på nynorsk", "nn"),
        ("Kan du skrive på bokmål?", "nb"),
        ("nynorsk takk", "nn"),
        ("bytt til bokmål", "nb"),
    ],
)
def test_asking_for_a_standard_chooses_it_outright(text, standard):
    reading = read(text)
    assert (reading.standard, reading.asked) == (standard, True)


def test_a_question_about_both_standards_chooses_neither():
    assert read("er det bokmål eller nynorsk du skriv på?").asked is False


def test_the_issue_example_is_nynorsk_and_its_bokmal_twin_is_bokmal():
    assert read("Kva kan eg gjere når pasienten ikkje vil melde?").standard == "nn"
    assert read("Hva kan jeg gjøre når pasienten ikke vil anmelde?").standard == "nb"
