from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, knowledge, load_knowledge
from bot.knowledge.render import render_topic, topic_button
from bot.knowledge.store import KNOWLEDGE_DIR
from tests.conftest import replace_once


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


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


def test_unknown_source_is_reported_with_file_and_entry(copy_dir: Path):
    replace_once(copy_dir / "contacts.yml", "sources: [nkom_emergency]", "sources: [nope]")
    with pytest.raises(KnowledgeError, match=r"contacts.yml: 'medical_emergency': ukjente kilder"):
        load_knowledge(copy_dir)


def test_unknown_number_placeholder_is_reported(copy_dir: Path):
    replace_once(copy_dir / "topics.yml", "{medical_emergency}", "{ambulance}")
    with pytest.raises(KnowledgeError, match="ukjente nummer-id-er"):
        load_knowledge(copy_dir)


def test_display_and_dial_digits_must_agree(copy_dir: Path):
    replace_once(copy_dir / "contacts.yml", 'display: "116 006"', 'display: "116 007"')
    with pytest.raises(KnowledgeError, match="ikke samme nummer"):
        load_knowledge(copy_dir)


def test_missing_field_is_named(copy_dir: Path):
    replace_once(copy_dir / "topics.yml", "reviewed: 2026-11-26", "reviewed:")
    with pytest.raises(KnowledgeError, match="mangler feltet 'reviewed'"):
        load_knowledge(copy_dir)


def test_duplicate_id_is_rejected(copy_dir: Path):
    replace_once(copy_dir / "contacts.yml", "id: legevakt", "id: medical_emergency")
    with pytest.raises(KnowledgeError, match="finnes to ganger"):
        load_knowledge(copy_dir)
