import random
from pathlib import Path

import pytest

from bot.load.script import Conversation, load_conversations, pick


def test_the_scripted_conversations_cover_every_kind_with_their_weights():
    conversations = load_conversations()
    kinds = {c.kind for c in conversations}
    assert kinds == {"consultation", "lookup", "knowledge", "small_talk", "danger"}
    assert sum(c.weight for c in conversations) == pytest.approx(100)
    turns = [t for c in conversations for t in c.turns]
    assert "Han truer henne med kniv nå" in turns
    assert "Jeg har en pasient som er utsatt for vold, hva gjør jeg?" in turns


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "conversations.yml"
    path.write_text(body, "utf8")
    return path


def test_a_kind_without_weight_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "weights: {lookup: 1}\nconversations:\n  - {name: a, kind: danger, turns: [hei]}\n",
    )
    with pytest.raises(ValueError, match="no weight"):
        load_conversations(path)


def test_a_duplicate_name_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "weights: {lookup: 1}\nconversations:\n"
        "  - {name: a, kind: lookup, turns: [hei]}\n  - {name: a, kind: lookup, turns: [x]}\n",
    )
    with pytest.raises(ValueError, match="twice"):
        load_conversations(path)


def test_a_kinds_weight_is_shared_by_its_conversations(tmp_path):
    path = _write(
        tmp_path,
        "weights: {lookup: 30, danger: 10}\nconversations:\n"
        "  - {name: a, kind: lookup, turns: [hei]}\n  - {name: b, kind: lookup, turns: [x]}\n"
        "  - {name: c, kind: danger, turns: [y, z]}\n",
    )
    assert [c.weight for c in load_conversations(path)] == [15, 15, 10]


def test_pick_follows_the_weights():
    never = Conversation("never", "k", ("a",), 0.0)
    always = Conversation("always", "k", ("b",), 1.0)
    rng = random.Random(1)
    assert {pick([never, always], rng).name for _ in range(50)} == {"always"}
