from __future__ import annotations

from bot.knowledge import knowledge
from bot.knowledge.render import render_topic, topic_button


def test_project_knowledge_loads_and_cross_checks():
    loaded = knowledge()
    assert "guide" in loaded.sources
    assert loaded.numbers()["police_emergency"] == "112"
    assert loaded.numbers()["police"] == "02800"


def test_every_contact_and_topic_has_sources_and_a_review_date():
    loaded = knowledge()
    for entry in [*loaded.contacts.values(), *loaded.topics.values()]:
        assert entry.sources, entry.id
        assert entry.reviewed.year >= 2026, entry.id


def test_numbers_are_filled_in_when_rendering():
    reply = render_topic(knowledge(), "acute_danger")
    assert "112" in reply.answer
    assert "{" not in reply.answer
    assert reply.sources.startswith("NKVTS Voldsveilederen")


def test_topic_buttons_send_the_topic_intent():
    button = topic_button(knowledge(), "acute_danger")
    assert button.payload == "/acute_danger"
    assert topic_button(knowledge(), "safe_place").payload == "/ask_safe_place"
