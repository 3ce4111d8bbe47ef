"""A Nynorsk-writing nurse over REST: consultation, look-up and practice all answer in Nynorsk.

Every reply (texts and button titles) is checked with the same word lists the
data check uses: no Bokmål-only form may appear in a Nynorsk answer (names and
«quoted» patient words excepted), and a Bokmål conversation stays Bokmål.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.consultation.proposal import texts
from bot.knowledge import knowledge
from bot.nlu.written_standard import forms
from bot.practice.scenario import library
from bot.schemas.standards import wrong_forms
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


def shown(replies: list[dict[str, Any]]) -> str:
    """What the user sees of one turn: every text and button title."""
    parts = [r.get("text", "") for r in replies]
    parts += [b["title"] for r in replies for b in r.get("buttons", [])]
    return "\n".join(p for p in parts if p)


class Conversation:
    """One REST conversation; each turn's reply is checked for the expected standard."""

    def __init__(self, servers: Servers, standard: str) -> None:
        self.servers, self.standard = servers, standard
        self.sender = f"e2e-{standard}-{uuid.uuid4().hex[:8]}"

    def say(self, message: str) -> str:
        reply = shown(self.servers.say(self.sender, message))
        assert reply, message
        wrong = wrong_forms(reply, self.standard, forms())  # type: ignore[arg-type]
        assert wrong == [], f"{message!r} got forms of the other standard {wrong}: {reply}"
        return reply


def test_the_issue_example_is_answered_in_nynorsk(servers: Servers):
    nurse = Conversation(servers, "nn")
    reply = nurse.say("Kva kan eg gjere når pasienten ikkje vil melde?")
    assert "ikkje" in reply or "eg" in reply.split()


def test_a_consultation_in_nynorsk_from_first_question_to_journal_note(servers: Servers):
    nurse = Conversation(servers, "nn")
    nurse.say("har ei dame her som fortel om vald frå sambuaren, kva gjer eg")
    nurse.say("nei")  # no acute danger; "nei" does not flip the standard
    nurse.say("ho vil berre snakke")
    nurse.say("han har ikkje truga henne, det er ingen våpen i huset og ho er ikkje redd")
    nurse.say("nei")
    nurse.say("hopp over")
    proposal = nurse.say("nei")
    assert texts().framing.nn in proposal
    note = nurse.say("Kan du lage eit notat til journalen?")
    assert texts().summary.heading.nn in note
    assert "våpen" in note.lower()  # the denied weapon is shown as not stated
    assert texts().summary.not_stated.nn in note


def test_a_look_up_in_nynorsk_and_its_follow_up(servers: Servers):
    nurse = Conversation(servers, "nn")
    reply = nurse.say("kva politidistrikt høyrer Førde til")
    assert "Sunnfjord" in reply or "Vest" in reply
    follow_up = nurse.say("og krisesenteret?")
    assert "krisesenter" in follow_up.lower()


def test_practice_in_nynorsk_keeps_the_patient_words_and_gives_nynorsk_feedback(
    servers: Servers,
):
    learner = Conversation(servers, "nn")
    listing = learner.say("eg vil øve")
    scenario = next(iter(library().scenarios.values()))
    assert scenario.title.nn in listing
    scene = learner.say("1")
    assert scenario.setting.nn in scene
    learner.say("er du trygg no? kva er du redd for?")
    debrief = learner.say("ferdig")
    assert scenario.title.nn in debrief


def test_asking_for_bokmal_sticks_while_the_nurse_goes_on_in_nynorsk(servers: Servers):
    nurse = Conversation(servers, "nn")
    nurse.say("kva er eit krisesenter?")
    nurse.standard = "nb"
    nurse.say("svar på bokmål")
    reply = nurse.say("kva er eit krisesenter?")
    assert knowledge().topics["crisis_centre"].answer.nb.split("\n")[0][:40] in reply
    nurse.standard = "nn"
    nurse.say("svar på nynorsk takk")
    nurse.say("kva er eit krisesenter?")


def test_a_bokmal_conversation_stays_bokmal(servers: Servers):
    nurse = Conversation(servers, "nb")
    nurse.say("Hva kan jeg gjøre når pasienten ikke vil anmelde?")
    nurse.say("ja")
    nurse.say("Hvilket krisesenter hører Bodø til?")
