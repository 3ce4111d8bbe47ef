"""Every fact of the guide is in data/knowledge/, with a source, and stated once."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.knowledge import knowledge
from bot.knowledge.render import render_measure, render_topic

# The guide's facts (issue 3), each with where it lives and what it must say.
TOPIC_FACTS = {
    "when_relevant": (
        "when_measures",
        [r"sikkerhetsvurdering", r"ny eller gjentatt vold", r"barn"],
    ),
    "act_together": (
        "act_together",
        [r"i samråd", r"best kan vurdere hva som er trygt", r"god tid"],
    ),
    "playing_down": ("playing_down", [r"bagatelliserer"]),
    "respect_wishes_but_notify": (
        "respect_wishes",
        [r"respektere", r"alvorlig helsefare", r"varsle politiet"],
    ),
    "consent_and_exceptions": (
        "confidentiality",
        [r"samtykke", r"§ 21", r"§ 22", r"§ 23 nr\. 4", r"§ 31", r"Straffeloven § 196"],
    ),
    "duty_to_notify": ("duty_to_notify", [r"§ 31", r"§ 196", r"uten samtykke"]),
    "children_duty": ("children", [r"barnevernet", r"§ 33", r"under 18"]),
    "proportional": ("proportional", [r"stå i forhold til sikkerhetsvurderingen", r"behov"]),
    "safe_place": ("safe_place", [r"familie, venner eller bekjente", r"krisesenter", r"sykehus"]),
    "police_numbers": ("police_numbers", [r"\b112\b", r"\b02800\b", r"beskyttelsestiltak"]),
    "crisis_centre_offer": (
        "crisis_centre",
        [r"Alle kommuner", r"beskyttelse, støtte og veiledning", r"kvinner og menn", r"barna"],
    ),
    "crisis_centre_open": ("crisis_centre_open", [r"døgnet rundt, hele året"]),
    "crisis_centre_who": ("crisis_centre_who", [r"fysisk og psykisk"]),
    "crisis_centre_contact_no_promise": ("crisis_centre_promise", [r"når som helst", r"ikke lov"]),
    "crisis_centre_services": (
        "crisis_centre_services",
        [r"gratis samtaler på dagtid", r"telefon", r"reetableringsfasen"],
    ),
    "crisis_centre_list": ("crisis_centre_list", [r"Krisesentersekretariatets oversikt"]),
    "police_coordinator": (
        "family_violence_coordinator",
        [r"koordinator for familievold", r"egne grupper"],
    ),
    "police_risk_assessment": (
        "police_risk_assessment",
        [r"samtaler og hjemmebesøk", r"anmeldelse", r"SARA:SV", r"SARA-koordinatorer"],
    ),
    "police_can_do": (
        "police_can_do",
        [r"gi råd", r"etterforske", r"offentlig påtale", r"beskyttelsestiltak", r"risikoen"],
    ),
    "public_prosecution": ("public_prosecution", [r"offentlig påtale", r"ikke ønsker det"]),
    "victims_want_protection": ("public_prosecution", [r"mer opptatt av at volden tar slutt"]),
}

MEASURE_FACTS = {
    "violence_alarm": [
        r"andre kan søke på vegne",
        r"ikke krav om anmeldelse",
        r"få dager",
        r"tre måneder om gangen",
    ],
    "visiting_ban": [
        r"bestemt sted",
        r"kontakte en bestemt person",
        r"ikke krav om anmeldelse",
        r"nærliggende og reell fare",
    ],
    "home_ban": [r"eget hjem", r"retten", r"fem dager"],
    "reverse_alarm": [r"[Ee]lektronisk kontroll av et kontaktforbud"],
    "address_block": [r"kode 6", r"kode 7"],
    "name_change": [r"bytte navn"],
    "guarding": [r"vakt"],
    "immigration": [r"oppholdstillatelse"],
}

# Where newer law differs from the 2018 guide, both are said, with dates.
CHANGES = {
    ("measure", "reverse_alarm"): [r"8\. april 2024", r"påtalemyndigheten", r"§ 222 g"],
    ("measure", "visiting_ban"): [r"grunn til å tro"],
    ("topic", "crisis_centre_who"): [r"1\. januar 2026", r"20/2026"],
    ("topic", "police_numbers"): [r"akutt fare"],
}


def all_fact_ids() -> Counter[str]:
    return Counter(f for topic in knowledge().topics.values() for f in topic.facts)


@pytest.mark.parametrize("fact", sorted(TOPIC_FACTS))
def test_each_fact_of_the_guide_is_stated_with_a_source(fact: str):
    topic_id, patterns = TOPIC_FACTS[fact]
    topic = knowledge().topics[topic_id]
    assert fact in topic.facts
    assert topic.sources, f"{topic_id} has no source"
    text = render_topic(knowledge(), topic_id).answer
    for pattern in patterns:
        assert re.search(pattern, text, re.IGNORECASE), f"{topic_id} does not say /{pattern}/"


@pytest.mark.parametrize("measure_id", sorted(MEASURE_FACTS))
def test_each_police_measure_of_the_guide_has_a_sourced_card(measure_id: str):
    measure = knowledge().measures[measure_id]
    assert "guide" in measure.sources
    card = render_measure(knowledge(), measure_id)
    for pattern in MEASURE_FACTS[measure_id]:
        assert re.search(pattern, card.body), f"{measure_id} does not say /{pattern}/"


@pytest.mark.parametrize(("kind", "entry_id"), sorted(CHANGES))
def test_changes_since_the_guide_are_stated_with_dates(kind: str, entry_id: str):
    entry = knowledge().measures[entry_id] if kind == "measure" else knowledge().topics[entry_id]
    assert entry.changed, f"{entry_id} says nothing about what changed"
    text = render_topic(knowledge(), entry_id).changed if kind == "topic" else entry.changed.nb
    for pattern in CHANGES[(kind, entry_id)]:
        assert re.search(pattern, text or ""), f"{entry_id} change lacks /{pattern}/"


def test_every_fact_id_is_stated_in_exactly_one_entry():
    repeated = [fact for fact, count in all_fact_ids().items() if count > 1]
    assert repeated == []


@pytest.mark.parametrize("standard", ["nb", "nn"])
def test_the_police_measure_list_is_rendered_from_the_measures_not_written_twice(standard):
    answer = render_topic(knowledge(), "police_measures", standard).answer
    for measure in knowledge().measures.values():
        assert measure.name.to(standard) in answer
    written = knowledge().topics["police_measures"].answer.to(standard)
    assert knowledge().measures["violence_alarm"].name.to(standard) not in written


def knowledge_texts() -> list[tuple[str, str]]:
    """(entry id, text) of every topic answer, change note and measure line, in both standards."""
    texts: list[tuple[str, str]] = []
    for topic in knowledge().topics.values():
        for standard in ("nb", "nn"):
            texts.append((topic.id, topic.answer.to(standard)))
            texts.append((topic.id, topic.changed.to(standard) if topic.changed else ""))
    for measure in knowledge().measures.values():
        texts += [(measure.id, text) for text in measure.texts()]
    return texts


def sentences() -> list[tuple[str, str]]:
    texts = knowledge_texts()
    found = []
    for where, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            clean = re.sub(r"^[-•]\s*", "", sentence).strip().lower()
            if len(clean) > 25:
                found.append((where, clean))
    return found


def test_no_sentence_is_written_in_two_places():
    seen: dict[str, str] = {}
    repeated = []
    for where, sentence in sentences():
        if sentence in seen and seen[sentence] != where:
            repeated.append((seen[sentence], where, sentence))
        seen.setdefault(sentence, where)
    assert repeated == []


def test_no_answer_pastes_a_passage_of_the_guide():
    from pathlib import Path

    from bot.cli.guide_fingerprint import SHINGLE, shingles

    stored = Path(__file__).resolve().parents[2] / "data" / "guide_shingles.txt"
    guide = set(stored.read_text("utf8").split())
    pasted = [where for where, text in knowledge_texts() if guide & set(shingles(text))]
    assert pasted == [], f"{SHINGLE} words in a row copied from the guide in {pasted}"
