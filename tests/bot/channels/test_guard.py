from __future__ import annotations

import pytest

from bot.channels.guard import (
    MAX_MESSAGE_CHARS,
    InputRejected,
    check_rest_body,
    check_sender,
    clean_text,
)


def test_valid_body_is_cleaned():
    message = check_rest_body({"sender": "web-1", "message": "  hei\u0000\u0007 ", "metadata": {}})
    assert (message.sender, message.text, message.metadata) == ("web-1", "hei", {})


def test_a_missing_sender_is_refused_not_shared():
    # Rasa falls back to one shared "default" conversation; here a caller must name its own.
    with pytest.raises(InputRejected, match="sender") as raised:
        check_rest_body({"message": "hei"})
    assert raised.value.status == 400


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ([], 400, "JSON object"),
        ("hei", 400, "JSON object"),
        ({"sender": "a"}, 400, "missing"),
        ({"sender": "a", "message": 123}, 400, "string"),
        ({"sender": "a", "message": None}, 400, "string"),
        ({"sender": "", "message": "hei"}, 400, "sender"),
        ({"sender": "a b<script>", "message": "hei"}, 400, "sender"),
        ({"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)}, 413, "longer"),
        ({"sender": "a", "message": "hei", "metadata": "x"}, 400, "metadata"),
    ],
)
def test_bad_bodies_are_rejected_with_a_reason(body, status: int, reason: str):
    with pytest.raises(InputRejected) as caught:
        check_rest_body(body)
    assert caught.value.status == status
    assert reason in caught.value.reason


def test_control_characters_are_dropped_but_line_breaks_kept():
    assert clean_text("a\x1b[31mb\nc\u200bd") == "a[31mb\ncd"


def test_long_sender_is_rejected():
    with pytest.raises(InputRejected):
        check_sender("x" * 200)
