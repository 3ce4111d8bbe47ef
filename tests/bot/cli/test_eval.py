from __future__ import annotations

from pathlib import Path

from bot.cli.eval import Turn, check_turn, combined_reply, load_cases

NO_LOOKUPS = {"centre_for": lambda place: [place], "district_for": lambda place: [place]}


def test_cases_and_conversations_are_read(tmp_path: Path):
    path = tmp_path / "cases.yml"
    path.write_text(
        "cases:\n  - {id: a1, topic: t, text: hei, must: ['hei']}\n"
        "conversations:\n  - id: c1\n    topic: u\n    turns:\n"
        "      - {user: x, must: ['y']}\n      - {user: z, centre_for: Bergen}\n",
        "utf8",
    )
    cases = load_cases(path)
    assert [c.id for c in cases] == ["a1", "c1"]
    assert cases[1].turns[1].centre_for == "Bergen"


def test_reply_combines_texts_and_button_titles():
    reply = combined_reply(
        [{"text": "a"}, {"text": "b", "buttons": [{"title": "C", "payload": "/c"}]}]
    )
    assert reply == "a\nb\nC"


def test_must_must_not_and_lookups_are_checked_case_insensitively():
    turn = Turn(user="x", must=[r"\b112\b"], must_not=["pizza"], centre_for="Bergen")
    assert check_turn(turn, "Ring 112. Bergen krisesenter", NO_LOOKUPS) == []
    problems = check_turn(turn, "PIZZA", NO_LOOKUPS)
    assert len(problems) == 3
