from __future__ import annotations

import pytest

from bot.knowledge import knowledge
from bot.knowledge.render import asked_aspects, render_list, render_measure, render_topic


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("hvor lenge varer den?", "Varighet"),
        ("Tildeles voldsalarm for alltid?", "Varighet"),
        ("hvem bestemmer det?", "Hvem bestemmer"),
        ("må hun anmelde for å få det", "Vilkår"),
        ("hvordan søker man", "Slik ber dere om det"),
        ("hvor lang tid tar det å få en", "Hvor raskt"),
        ("", "Hva det er"),
    ],
)
def test_the_asked_aspect_comes_first(question: str, first: str):
    card = render_measure(knowledge(), "violence_alarm", question=question)
    assert card.lines[0].startswith(f"- {first}:")
    assert len(card.lines) == len(set(card.lines)) == 6


def test_card_fills_in_numbers_and_names_its_sources():
    card = render_measure(knowledge(), "violence_alarm")
    assert "02800" in card.body and "{" not in card.body
    assert "Voldsveilederen" in card.sources
    assert all(b.payload.startswith("/ask_measure{") for b in card.buttons)


def test_changes_since_the_guide_come_with_the_card():
    assert "8. april 2024" in (render_measure(knowledge(), "reverse_alarm").changed or "")
    assert render_measure(knowledge(), "violence_alarm").changed is None


def test_aspect_cues_in_nynorsk():
    assert "duration" in asked_aspects(knowledge(), "kor lenge varer han")


def test_lists_are_rendered_from_their_files():
    text, buttons = render_list(knowledge(), "contacts")
    assert "116 006" in text and "Vold- og overgrepslinjen" in text
    assert buttons == ()
    text, buttons = render_list(knowledge(), "measures")
    assert len(buttons) == len(knowledge().measures)
    text, _ = render_list(knowledge(), "sources")
    assert text.count("\n") == 5  # the guide and its five references
    with pytest.raises(ValueError):
        render_list(knowledge(), "nope")


def test_topic_with_a_list_gets_the_list_and_its_buttons():
    reply = render_topic(knowledge(), "police_measures")
    assert "Omvendt voldsalarm" in reply.answer
    assert len(reply.buttons) == len(knowledge().measures)
