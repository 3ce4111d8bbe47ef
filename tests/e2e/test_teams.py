"""Teams end to end: activities signed like the Bot Connector's, sent to the real server;
keys, tokens and replies served and recorded by a fake Bot Framework on loopback."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.bot.channels.botframework_keys import SigningKey
from tests.e2e.conftest import Servers, free_port, start_servers, stop_servers
from tests.e2e.fakes import FakeBotFramework

pytestmark = pytest.mark.e2e

APP_ID = "6f1c2d3e-0000-4a5b-8c9d-e2e000000001"
APP_PASSWORD = "e2e-client-secret~0123456789"
BOT = {"id": f"28:{APP_ID}", "name": "Sikkerhetsguiden"}


@pytest.fixture(scope="module")
def bot_framework() -> Iterator[FakeBotFramework]:
    fake = FakeBotFramework(APP_ID, APP_PASSWORD)
    fake.start()
    yield fake
    fake.stop()


def teams_env(metadata_url: str, token_url: str) -> dict[str, str]:
    return {
        "MICROSOFT_APP_ID": APP_ID,
        "MICROSOFT_APP_PASSWORD": APP_PASSWORD,
        "BOTFRAMEWORK_OPENID_METADATA_URL": metadata_url,
        "BOTFRAMEWORK_TOKEN_URL": token_url,
    }


@pytest.fixture(scope="module")
def servers(
    bot_framework: FakeBotFramework, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    env = teams_env(bot_framework.metadata_url, bot_framework.token_url)
    running = start_servers(tmp_path_factory.mktemp("e2e-teams"), env)
    yield running
    if running.process.poll() is None:
        stop_servers(running)


def unique(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:12]


def activity(
    fake: FakeBotFramework, text: str | None, *, conversation: str, **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "id": unique("1700000000"),
        "timestamp": "2026-11-26T08:00:00.000Z",
        "serviceUrl": fake.service_url,
        "channelId": "msteams",
        "from": {"id": unique("29:1"), "name": "Kari Nordmann", "aadObjectId": str(uuid.uuid4())},
        "conversation": {"id": conversation, "conversationType": "personal", "tenantId": "t-1"},
        "recipient": BOT,
        "text": text,
        "textFormat": "plain",
        "locale": "nb-NO",
        "channelData": {"tenant": {"id": "t-1"}},
        **extra,
    }


def post(servers: Servers, body: Any, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.post(
        f"{servers.url}/webhooks/botframework/webhook", json=body, headers=headers, timeout=60
    )


def card_payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [
        button["value"]["payload"]
        for reply in replies
        for card in reply.get("attachments", [])
        for button in card["content"]["buttons"]
    ]


def rest_answer(servers: Servers, message: str) -> list[dict[str, Any]]:
    return servers.say(unique("rest-ref-"), message)


def test_teams_is_enabled_and_nothing_was_fetched_at_start(
    servers: Servers, bot_framework: FakeBotFramework
):
    lines = servers.log_text().splitlines()
    enabled = next(line for line in lines if line.startswith("Channels enabled"))
    assert "TeamsInput" in enabled
    assert bot_framework.metadata_fetches == 0


def test_a_message_is_answered_in_its_conversation_with_buttons(
    servers: Servers, bot_framework: FakeBotFramework
):
    conversation = unique("a:1")
    sent = activity(bot_framework, "Hva er et krisesenter?", conversation=conversation)
    answer = post(servers, sent, bot_framework.token())
    assert answer.status_code == 200
    replies = bot_framework.replies(conversation)
    assert all(r["replyToId"] == sent["id"] and r["from"] == BOT for r in replies)
    assert all(r["recipient"]["id"] == sent["from"]["id"] for r in replies)
    assert "krisesenter" in " ".join(r.get("text", "") for r in replies).lower()
    reference = rest_answer(servers, "Hva er et krisesenter?")
    expected = [button["payload"] for r in reference for button in r.get("buttons", [])]
    assert expected and card_payloads(replies) == expected
    cards = [card for reply in replies for card in reply.get("attachments", [])]
    assert {button["type"] for card in cards for button in card["content"]["buttons"]} == {
        "messageBack"
    }


def test_replies_use_a_token_from_the_token_endpoint(bot_framework: FakeBotFramework):
    assert bot_framework.token_requests, "a reply was sent earlier in this module"
    request = bot_framework.token_requests[0]
    assert request["grant_type"] == "client_credentials"
    assert request["client_id"] == APP_ID and request["client_secret"] == APP_PASSWORD
    assert request["scope"] == "https://api.botframework.com/.default"
    assert bot_framework.refused == 0


def test_a_button_click_with_an_empty_text_is_answered(
    servers: Servers, bot_framework: FakeBotFramework
):
    payload = "/ask_crisis_centre_open"
    expected = rest_answer(servers, payload)[0]["text"].split("\n\n")[0]
    conversation = unique("a:1")
    click = activity(bot_framework, "", conversation=conversation, value={"payload": payload})
    assert post(servers, click, bot_framework.token()).status_code == 200
    replies = bot_framework.replies(conversation)
    assert expected in "\n".join(r.get("text", "") for r in replies)


def test_a_mention_in_a_channel_thread_is_answered_in_that_thread(
    servers: Servers, bot_framework: FakeBotFramework
):
    conversation = f"19:{uuid.uuid4().hex}@thread.tacv2;messageid=1700000000123"
    mention = {"type": "mention", "text": "<at>Sikkerhetsguiden</at>", "mentioned": BOT}
    sent = activity(
        bot_framework,
        "<at>Sikkerhetsguiden</at> Hva er et krisesenter?",
        conversation=conversation,
        entities=[mention],
    )
    assert post(servers, sent, bot_framework.token()).status_code == 200
    assert card_payloads(bot_framework.replies(conversation))


OTHER_KEY = SigningKey("e2e-key-1")  # the fake's key id, another key
UNKNOWN_KEY = SigningKey("e2e-key-unknown")


@pytest.mark.parametrize(
    "forge",
    [
        lambda fake: OTHER_KEY.token(app_id=APP_ID, service_url=fake.service_url),
        lambda fake: UNKNOWN_KEY.token(app_id=APP_ID, service_url=fake.service_url),
        lambda fake: fake.token(app_id="another-bot-app-id"),
        lambda fake: fake.token(lifetime_s=-3600),
        lambda fake: fake.token(issuer="https://sts.windows.net/some-tenant/"),
        lambda fake: fake.token(service_url="https://attacker.example/"),
        lambda fake: None,
        lambda fake: "not-a-jwt",
    ],
    ids=[
        "forged-signature",
        "unknown-key",
        "wrong-audience",
        "expired",
        "wrong-issuer",
        "other-service-url",
        "no-authorization",
        "garbage",
    ],
)
def test_requests_without_a_valid_token_get_401_and_no_reply(
    servers: Servers, bot_framework: FakeBotFramework, forge: Any
):
    conversation = unique("a:1")
    sent = activity(bot_framework, "Hei", conversation=conversation)
    answer = post(servers, sent, forge(bot_framework))
    assert answer.status_code == 401
    assert bot_framework.sent_to(conversation) == []


def test_a_malformed_activity_with_a_valid_token_gets_400(
    servers: Servers, bot_framework: FakeBotFramework
):
    token = bot_framework.token()
    broken = requests.post(
        f"{servers.url}/webhooks/botframework/webhook",
        data=b"{broken",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert broken.status_code == 400
    no_sender = activity(bot_framework, "Hei", conversation=unique("a:1"), **{"from": None})
    assert post(servers, no_sender, token).status_code == 400


def test_non_message_activities_are_acknowledged_without_reply(
    servers: Servers, bot_framework: FakeBotFramework
):
    conversation = unique("a:1")
    update = activity(bot_framework, None, conversation=conversation, type="conversationUpdate")
    assert post(servers, update, bot_framework.token()).status_code == 200
    assert bot_framework.sent_to(conversation) == []


def test_teams_message_text_is_not_logged(servers: Servers, bot_framework: FakeBotFramework):
    marker = f"hemmeligmarkor{uuid.uuid4().hex}"
    conversation = unique("a:1")
    sent = activity(bot_framework, f"pasienten heter {marker}", conversation=conversation)
    assert post(servers, sent, bot_framework.token()).status_code == 200
    bot_framework.replies(conversation)
    assert marker not in servers.log_text()
    assert APP_PASSWORD not in servers.log_text()
    assert bot_framework.access_token not in servers.log_text()


def test_unreachable_signing_keys_do_not_stop_the_server(tmp_path, bot_framework: FakeBotFramework):
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    env = teams_env(f"{closed}/v1/.well-known/openidconfiguration", f"{closed}/token")
    own = start_servers(tmp_path, env)
    try:
        url = f"{own.url}/webhooks/botframework/webhook"
        sent = activity(bot_framework, "Hei", conversation=unique("a:1"))
        assert requests.post(url, json=sent, timeout=30).status_code == 401
        with_token = post(own, sent, bot_framework.token())
        assert with_token.status_code == 503
        assert "Could not fetch the Bot Framework signing keys" in own.log_text()
        assert own.say("e2e-offline", "Hei"), "the other channels keep working"
    finally:
        stop_servers(own)
