from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.channels.slack_events import (
    MAX_BUTTONS_PER_BLOCK,
    button_blocks,
    escape,
    interaction_payload,
    message_from_event,
    message_from_interaction,
    sign,
    signature_problem,
    unescape,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_700_000_000.0


def envelope(**event: Any) -> dict[str, Any]:
    base = {"type": "message", "user": "U1", "text": "hei", "channel": "D1", "ts": "1.0"}
    return {
        "type": "event_callback",
        "event_id": "Ev1",
        "authorizations": [{"user_id": "UBOT"}],
        "event": {**base, "channel_type": "im", **event},
    }


def test_slacks_documented_example_signature():
    # The worked example from Slack's "Verifying requests from Slack".
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
        b"channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&"
        b"command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        b"commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
        b"trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert (
        sign(SECRET, "1531420618", body)
        == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


def test_a_valid_fresh_signature_passes():
    body = b'{"type":"event_callback"}'
    stamp = str(int(NOW) - 60)
    assert signature_problem(SECRET, stamp, sign(SECRET, stamp, body), body, now=NOW) is None


@pytest.mark.parametrize(
    ("timestamp", "signature", "reason"),
    [
        (None, None, "unsigned"),
        (str(int(NOW)), None, "unsigned"),
        (None, "v0=abc", "unsigned"),
        ("12a", "v0=abc", "malformed"),
        ("-5", "v0=abc", "malformed"),
        (str(int(NOW) - 301), "SIGN", "stale"),
        (str(int(NOW) + 301), "SIGN", "stale"),
        (str(int(NOW)), "v0=" + "0" * 64, "bad signature"),
        (str(int(NOW)), "v0=ø", "bad signature"),
    ],
)
def test_bad_signatures_are_named(timestamp, signature, reason: str):
    body = b"{}"
    if signature == "SIGN":
        signature = sign(SECRET, timestamp, body)
    problem = signature_problem(SECRET, timestamp, signature, body, now=NOW)
    assert problem is not None and reason in problem


def test_a_signature_for_another_body_or_secret_fails():
    stamp = str(int(NOW))
    good = sign(SECRET, stamp, b"{}")
    assert signature_problem(SECRET, stamp, good, b"{ }", now=NOW) == "bad signature"
    assert signature_problem("other", stamp, good, b"{}", now=NOW) == "bad signature"


def test_a_direct_message_is_answered_top_level():
    message = message_from_event(envelope(), own_channel=None, use_threads=False)
    assert message is not None
    assert (message.text, message.user, message.channel) == ("hei", "U1", "D1")
    assert message.reply_thread is None
    assert message.bot_users == ("UBOT",)
    assert message.dedupe_keys == ("message:D1:1.0", "event:Ev1")


def test_a_direct_message_in_a_thread_is_answered_in_that_thread():
    message = message_from_event(envelope(thread_ts="0.5"), own_channel=None, use_threads=False)
    assert message is not None and message.reply_thread == "0.5"


def test_use_threads_threads_top_level_direct_messages_too():
    message = message_from_event(envelope(), own_channel=None, use_threads=True)
    assert message is not None and message.reply_thread == "1.0"


def test_a_mention_in_a_channel_gets_a_thread():
    event = envelope(type="app_mention", channel="C1", channel_type=None, text="<@UBOT> hei")
    message = message_from_event(event, own_channel=None, use_threads=False)
    assert message is not None and (message.channel, message.reply_thread) == ("C1", "1.0")


@pytest.mark.parametrize(
    "event",
    [
        {"bot_id": "B1"},
        {"subtype": "channel_join"},
        {"subtype": "message_changed"},
        {"text": ""},
        {"user": None},
        {"type": "reaction_added"},
        {"channel_type": "channel", "channel": "C9"},  # a channel message without a mention
    ],
)
def test_events_that_are_not_user_messages_for_us_are_skipped(event: dict[str, Any]):
    assert message_from_event(envelope(**event), own_channel=None, use_threads=False) is None


def test_messages_in_the_configured_channel_are_answered():
    event = envelope(channel_type="channel", channel="C9")
    assert message_from_event(event, own_channel="C9", use_threads=False) is not None


def click(**overrides: Any) -> dict[str, Any]:
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "message": {"ts": "2.0", "thread_ts": "1.0"},
        "actions": [{"type": "button", "value": "/ask_crisis_centre"}],
    }
    return {**payload, **overrides}


def test_a_button_click_is_its_value_in_the_message_thread():
    message = message_from_interaction(click(), use_threads=False)
    assert message is not None
    assert (message.text, message.user, message.channel) == ("/ask_crisis_centre", "U1", "C1")
    assert message.reply_thread == "1.0"


@pytest.mark.parametrize(
    "overrides",
    [
        {"type": "view_submission"},
        {"actions": []},
        {"actions": [{"type": "button", "url": "https://example.no"}]},  # link button
        {"user": "U1"},
        {"channel": None},
    ],
)
def test_interactions_without_a_value_are_skipped(overrides: dict[str, Any]):
    assert message_from_interaction(click(**overrides), use_threads=False) is None


def test_the_interaction_payload_is_read_from_the_form():
    body = urlencode({"payload": json.dumps(click())}).encode()
    assert interaction_payload(body)["actions"][0]["value"] == "/ask_crisis_centre"
    with pytest.raises(ValueError):
        interaction_payload(b"other=1")
    with pytest.raises(ValueError):
        interaction_payload(b"payload=%5B%5D")  # a list, not an object


def test_escaping_round_trips():
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert unescape(escape("a < b & c > d &amp;")) == "a < b & c > d &amp;"


def test_buttons_become_block_kit_actions():
    buttons = [{"title": "Krisesenter", "payload": "/ask_crisis_centre"}]
    assert button_blocks("Svar", buttons) == [
        {"type": "section", "text": {"type": "plain_text", "text": "Svar"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Krisesenter"},
                    "value": "/ask_crisis_centre",
                    "action_id": "button_0",
                }
            ],
        },
    ]


def test_more_than_five_buttons_are_kept_and_split_into_blocks_of_25():
    buttons = [{"title": f"Tiltak {i}", "payload": f"/ask_measure_{i}"} for i in range(30)]
    blocks = button_blocks("Velg", buttons)
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [MAX_BUTTONS_PER_BLOCK, 5]


def test_long_text_and_titles_fit_slacks_limits():
    blocks = button_blocks("x" * 7000, [{"title": "t" * 100, "payload": "/p"}])
    sections = [b for b in blocks if b["type"] == "section"]
    assert [len(s["text"]["text"]) for s in sections] == [3000, 3000, 1000]
    assert len(blocks[-1]["elements"][0]["text"]["text"]) == 75
