"""Slack end to end: signed Events API and interactivity requests to the real server,
replies checked at a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from bot.channels.slack_events import sign
from tests.e2e.conftest import Servers, start_servers, stop_servers
from tests.e2e.fakes import FakeSlack

pytestmark = pytest.mark.e2e

TOKEN = "xoxb-e2e-0000-token"
SECRET = "e2e-slack-signing-secret"
BOT_USER = "UE2EBOT"
QUIET_S = 3.0  # how long "no reply" is waited for


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def servers(slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {
        "SLACK_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
    }
    running = start_servers(tmp_path_factory.mktemp("e2e-slack"), env)
    yield running
    if running.process.poll() is None:
        stop_servers(running)


def unique(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


def event(
    text: str,
    *,
    channel: str,
    user: str,
    ts: str | None = None,
    kind: str = "message",
    **extra: Any,
) -> dict[str, Any]:
    ts = ts or f"{time.time():.6f}"
    body = {"type": kind, "user": user, "text": text, "channel": channel, "ts": ts, **extra}
    if kind == "message":
        body.setdefault("channel_type", "im")
    return {
        "token": "legacy-verification-token",
        "team_id": "TE2E",
        "api_app_id": "AE2E",
        "type": "event_callback",
        "event_id": unique("Ev"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "TE2E", "user_id": BOT_USER, "is_bot": True}],
        "event": body,
    }


def post(
    servers: Servers,
    body: bytes,
    *,
    content_type: str = "application/json",
    secret: str | None = SECRET,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    sent = {"Content-Type": content_type, **(headers or {})}
    if secret is not None:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        sent |= {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sign(secret, stamp, body)}
    return requests.post(
        f"{servers.url}/webhooks/slack/webhook", data=body, headers=sent, timeout=30
    )


def send_event(servers: Servers, envelope: dict[str, Any], **kwargs: Any) -> requests.Response:
    return post(servers, json.dumps(envelope).encode(), **kwargs)


def click(
    servers: Servers, value: str, *, channel: str, user: str, thread_ts: str
) -> requests.Response:
    action = {
        "type": "button",
        "action_id": "button_0",
        "block_id": "b",
        "value": value,
        "text": {"type": "plain_text", "text": "Knapp"},
        "action_ts": f"{time.time()}",
    }
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "kari"},
        "team": {"id": "TE2E"},
        "channel": {"id": channel, "name": "directmessage"},
        "container": {"type": "message", "message_ts": "1.2", "thread_ts": thread_ts},
        "message": {"type": "message", "ts": "1.2", "thread_ts": thread_ts, "bot_id": "BFAKE"},
        "actions": [action],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return post(servers, body, content_type="application/x-www-form-urlencoded")


def button_values(post: dict[str, Any]) -> list[str]:
    blocks = post.get("blocks") or []
    if isinstance(blocks, str):  # form-encoded calls carry JSON strings
        blocks = json.loads(blocks)
    return [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def button_payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for reply in replies for b in reply.get("buttons", [])]


def all_text(posts: list[dict[str, Any]]) -> str:
    return "\n".join(str(p.get("text", "")) for p in posts)


def rest_answer(servers: Servers, message: str) -> list[dict[str, Any]]:
    return servers.say(unique("rest-ref-"), message)


def test_slack_is_listed_as_enabled(servers: Servers):
    assert "SlackChannel" in next(
        line for line in servers.log_text().splitlines() if line.startswith("Channels enabled")
    )


def test_url_verification_echoes_the_challenge(servers: Servers):
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    body = {"token": "x", "challenge": challenge, "type": "url_verification"}
    answer = send_event(servers, body)
    assert answer.status_code == 200
    assert answer.text == challenge


def test_a_direct_message_in_a_thread_is_answered_there_with_buttons(
    servers: Servers, slack: FakeSlack
):
    channel, thread = unique("D"), "1700000000.000100"
    envelope = event("Hva er et krisesenter?", channel=channel, user=unique("U"), thread_ts=thread)
    assert send_event(servers, envelope).status_code == 200
    replies = slack.replies(channel)
    assert all(reply.get("thread_ts") == thread for reply in replies)
    assert "krisesenter" in all_text(replies).lower()
    expected = button_payloads(rest_answer(servers, "Hva er et krisesenter?"))
    assert expected, "the reference answer has follow-up buttons"
    assert [v for r in replies for v in button_values(r)] == expected
    assert slack.refused == 0, "every call carried the bot token"


def test_a_mention_in_a_channel_is_answered_in_a_thread_on_it(servers: Servers, slack: FakeSlack):
    channel, ts = unique("C"), f"{time.time():.6f}"
    text = f"<@{BOT_USER}> Hva er et krisesenter?"
    envelope = event(text, channel=channel, user=unique("U"), ts=ts, kind="app_mention")
    assert send_event(servers, envelope).status_code == 200
    replies = slack.replies(channel)
    assert {reply.get("thread_ts") for reply in replies} == {ts}
    assert any(button_values(reply) for reply in replies)


def test_more_than_five_buttons_all_arrive(servers: Servers, slack: FakeSlack):
    question = "Hvilke beskyttelsestiltak har politiet?"
    expected = button_payloads(rest_answer(servers, question))
    assert len(expected) > 5, "the reference answer should have more than five buttons"
    channel = unique("D")
    send_event(servers, event(question, channel=channel, user=unique("U")))
    replies = slack.replies(channel)
    assert [v for r in replies for v in button_values(r)] == expected


def test_a_button_click_arrives_as_its_payload(servers: Servers, slack: FakeSlack):
    payload = "/ask_crisis_centre_open"
    expected = rest_answer(servers, payload)[0]["text"].split("\n\n")[0]
    channel, thread = unique("D"), "1700000000.000200"
    answer = click(servers, payload, channel=channel, user=unique("U"), thread_ts=thread)
    assert answer.status_code == 200
    replies = slack.replies(channel)
    assert all(reply.get("thread_ts") == thread for reply in replies)
    assert expected in all_text(replies)


def test_a_retry_whose_first_delivery_never_arrived_is_answered(servers: Servers, slack: FakeSlack):
    channel = unique("D")
    envelope = event("Hva er et krisesenter?", channel=channel, user=unique("U"))
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert send_event(servers, envelope, headers=retry).status_code == 200
    assert "krisesenter" in all_text(slack.replies(channel)).lower()


def test_a_retried_or_repeated_event_is_answered_once(servers: Servers, slack: FakeSlack):
    channel = unique("D")
    envelope = event("Hva er et krisesenter?", channel=channel, user=unique("U"))
    assert send_event(servers, envelope).status_code == 200
    first = len(slack.replies(channel))
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert send_event(servers, envelope, headers=retry).status_code == 200
    assert send_event(servers, envelope).status_code == 200  # same event_id, no retry header
    as_mention = {**envelope["event"], "type": "app_mention"}
    mention = {**envelope, "event_id": unique("Ev"), "event": as_mention}
    assert send_event(servers, mention).status_code == 200  # same message as a mention event
    time.sleep(QUIET_S)
    assert len(slack.posts_to(channel)) == first


@pytest.mark.parametrize(
    "forgery",
    [
        {"secret": "not-the-signing-secret"},
        {"age_s": 6 * 60},
        {"age_s": -6 * 60},
        {"secret": None},
    ],
    ids=["forged-signature", "stale-timestamp", "future-timestamp", "unsigned"],
)
def test_requests_not_signed_by_slack_are_refused(
    servers: Servers, slack: FakeSlack, forgery: dict[str, Any]
):
    forgery = dict(forgery)
    if "age_s" in forgery:
        # Computed now, not at collection: the suite may run for minutes before this test.
        forgery["timestamp"] = int(time.time()) - forgery.pop("age_s")
    channel = unique("D")
    answer = send_event(servers, event("Hei", channel=channel, user=unique("U")), **forgery)
    assert answer.status_code == 401
    time.sleep(QUIET_S)
    assert slack.posts_to(channel) == []


def test_an_unsigned_button_click_is_refused(servers: Servers, slack: FakeSlack):
    channel = unique("D")
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": channel},
        "actions": [{"type": "button", "value": "/greet"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    answer = post(servers, body, content_type="application/x-www-form-urlencoded", secret=None)
    assert answer.status_code == 401
    time.sleep(QUIET_S)
    assert slack.posts_to(channel) == []


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"other=1", "application/x-www-form-urlencoded", 400),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded", 400),
        (b"hei", "text/plain", 415),
    ],
)
def test_malformed_signed_requests_get_a_4xx(
    servers: Servers, body: bytes, content_type: str, status: int
):
    assert post(servers, body, content_type=content_type).status_code == status


def test_the_bots_own_messages_and_joins_are_not_answered(servers: Servers, slack: FakeSlack):
    channel = unique("D")
    send_event(servers, event("Et svar", channel=channel, user=BOT_USER, bot_id="BFAKE"))
    send_event(servers, event("<@U1> ble med", channel=channel, user="U1", subtype="channel_join"))
    time.sleep(QUIET_S)
    assert slack.posts_to(channel) == []


def test_slack_message_text_is_not_logged(servers: Servers, slack: FakeSlack):
    marker = f"hemmeligmarkor{uuid.uuid4().hex}"
    channel = unique("D")
    send_event(servers, event(f"pasienten heter {marker}", channel=channel, user=unique("U")))
    slack.replies(channel)
    assert marker not in servers.log_text()
