from __future__ import annotations

import pytest

from bot.channels.webchat_history import (
    MAX_HISTORY_MESSAGES,
    bearer_session_id,
    clean_buttons,
    history_messages,
    is_session_id,
    new_session_id,
)

SESSION = "A" * 43


def test_new_session_ids_are_well_formed_and_never_repeat():
    ids = {new_session_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(is_session_id(i) for i in ids)


@pytest.mark.parametrize(
    "value",
    [
        None,
        123,
        "",
        "default",
        "e2e-greet",
        "A" * 42,
        "A" * 44,
        "A" * 42 + "/",
        "A" * 42 + " ",
        ["A" * 43],
    ],
)
def test_guessable_or_malformed_ids_are_not_session_ids(value):
    assert not is_session_id(value)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"Bearer {SESSION}", SESSION),
        (f"bearer  {SESSION} ", SESSION),
        (None, None),
        ("", None),
        (SESSION, None),
        (f"Basic {SESSION}", None),
        ("Bearer default", None),
    ],
)
def test_the_session_id_comes_from_a_bearer_header(header, expected):
    assert bearer_session_id(header) == expected


def test_only_buttons_with_string_title_and_payload_are_kept():
    raw = [
        {"title": "Ja", "payload": "/affirm"},
        {"title": 1, "payload": "/x"},
        {"title": "Uten payload"},
        "knapp",
    ]
    assert clean_buttons(raw) == [{"title": "Ja", "payload": "/affirm"}]
    assert clean_buttons("knapper") == []


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def bot(text: str | None, buttons: list | None = None) -> dict:
    return {"event": "bot", "text": text, "data": {"buttons": buttons} if buttons else {}}


BUTTONS = [{"title": "Oversikt over krisesentre", "payload": "/ask_crisis_centre_list"}]


def test_history_has_user_and_bot_messages_in_order_and_skips_other_events():
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        user("Hei"),
        {"event": "action", "name": "action_greet"},
        bot("Hei! Jeg er Sikkerhetsguiden."),
        {"event": "slot", "name": "measure", "value": None},
    ]
    assert history_messages(events) == [
        {"sender": "user", "text": "Hei", "buttons": []},
        {"sender": "bot", "text": "Hei! Jeg er Sikkerhetsguiden.", "buttons": []},
    ]


def test_bot_text_is_split_like_the_socket_output_with_buttons_on_the_last_part():
    messages = history_messages([bot("Svar.\n- punkt\n\nKilde: veilederen", BUTTONS)])
    assert messages == [
        {"sender": "bot", "text": "Svar.\n- punkt", "buttons": []},
        {"sender": "bot", "text": "Kilde: veilederen", "buttons": BUTTONS},
    ]


def test_a_clicked_button_shows_its_title_not_its_payload():
    events = [bot("Hva vil du vite?", BUTTONS), user("/ask_crisis_centre_list"), user("/greet")]
    shown = [m["text"] for m in history_messages(events) if m["sender"] == "user"]
    assert shown == ["Oversikt over krisesentre", "/greet"]


def test_buttons_without_text_and_odd_events_do_not_break_the_history():
    events = [
        bot(None, BUTTONS),
        bot(""),
        user(None),
        {"event": "bot", "data": "x", "text": "Ok"},
        {},
    ]
    assert history_messages(events) == [
        {"sender": "bot", "text": "", "buttons": BUTTONS},
        {"sender": "bot", "text": "Ok", "buttons": []},
    ]


def test_history_is_capped_to_the_latest_messages():
    events = [user(f"melding {i}") for i in range(MAX_HISTORY_MESSAGES + 5)]
    messages = history_messages(events)
    assert len(messages) == MAX_HISTORY_MESSAGES
    assert messages[-1]["text"] == f"melding {MAX_HISTORY_MESSAGES + 4}"
