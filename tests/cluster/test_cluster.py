"""Correct with several replicas: a turn may land on any replica; nothing lost or doubled."""

from __future__ import annotations

import json
import time
import uuid
from types import SimpleNamespace

import pytest
import requests

from bot.cli.cluster import Cluster
from tests.cluster.conftest import SLACK_SECRET, replica_url, say, stored_user_texts
from tests.e2e.fakes import FakeSlack
from tests.e2e.test_webchat_socket import ChatClient

pytestmark = pytest.mark.cluster

CONSULTATION = [
    "har en dame her som forteller om vold fra samboeren, hva gjør jeg",
    "nei",
    "hun vil bare snakke",
    "han har ikke truet henne, det er ingen våpen i huset og hun er ikke redd",
    "nei",
    "hopp over",
    "nei",
    "Kan du lage et notat til journalen?",
]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_the_balancer_spreads_conversations_over_both_replicas(cluster: Cluster):
    nodes = set()
    for _ in range(6):
        answer = requests.get(f"{cluster.url}/webhooks/rest/", timeout=10)
        assert answer.ok
        nodes.add(answer.cookies.get("SG_NODE"))
    assert nodes == {"r1", "r2"}


def test_a_consultation_continues_whichever_replica_answers(cluster: Cluster):
    """Every other turn on the other replica: the same answers, journal draft included."""
    one, alternating = unique("one"), unique("alt")
    urls = [replica_url(cluster, "rasa1"), replica_url(cluster, "rasa2")]
    for number, text in enumerate(CONSULTATION):
        reference = say(urls[0], one, text)
        hopping = say(urls[number % 2], alternating, text)
        assert reference.answered and hopping.answered, text
        assert hopping.shown == reference.shown, f"turn {number + 1} differs: {text}"
    assert "våpen" in hopping.shown.lower()  # the journal draft kept the denied weapon
    assert stored_user_texts(cluster, alternating) == CONSULTATION


def test_the_web_chat_over_long_polling_sticks_to_one_replica(cluster: Cluster):
    """Socket.IO polling breaks if its requests reach two replicas; the cookie pins them."""
    import asyncio

    async def chat() -> tuple[str, list[str]]:
        # "localhost", not 127.0.0.1: aiohttp's cookie jar ignores cookies of bare IP hosts,
        # as a browser's would not.
        client = ChatClient(cluster.url.replace("127.0.0.1", "localhost"))
        await client.connect()
        session = await client.start_session()
        texts = []
        for message in ("Hei", "Hva er et krisesenter?", "Hvordan får man voldsalarm?"):
            replies = await client.say(message)
            assert replies, message
            texts.append(replies[0]["text"])
        await client.sio.disconnect()
        return session, texts

    session, texts = asyncio.run(chat())
    assert "Sikkerhetsguiden" in texts[0]
    for replica in ("rasa1", "rasa2"):  # the history reads the shared tracker store
        history = requests.get(
            f"{replica_url(cluster, replica)}/webhooks/webchat/history",
            headers={"Authorization": f"Bearer {session}"},
            timeout=10,
        )
        assert history.ok
        said = [m.get("text") for m in history.json()["messages"]]
        assert "Hvordan får man voldsalarm?" in said and texts[2] in said


def _slack_post(url: str, envelope: dict[str, object], retry: int | None = None) -> int:
    from tests.e2e.test_slack import post

    headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    answer = post(
        SimpleNamespace(url=url),  # type: ignore[arg-type]
        json.dumps(envelope).encode(),
        secret=SLACK_SECRET,
        headers=headers if retry else None,
    )
    return answer.status_code


def test_a_slack_retry_on_the_other_replica_is_not_answered_twice(
    cluster: Cluster, slack: FakeSlack
):
    from tests.e2e.test_slack import event

    channel = unique("D").upper()
    envelope = event("Hva er et krisesenter?", channel=channel, user=unique("U").upper())
    assert _slack_post(replica_url(cluster, "rasa1"), envelope) == 200
    assert _slack_post(replica_url(cluster, "rasa2"), envelope, retry=1) == 200
    assert _slack_post(cluster.url, envelope, retry=2) == 200
    first = slack.replies(channel)
    time.sleep(3)
    assert len(slack.posts_to(channel)) == len(first)


def test_a_slack_retry_whose_first_delivery_was_lost_is_answered(
    cluster: Cluster, slack: FakeSlack
):
    from tests.e2e.test_slack import event

    channel = unique("D").upper()
    envelope = event("Hva er besøksforbud?", channel=channel, user=unique("U").upper())
    assert _slack_post(replica_url(cluster, "rasa2"), envelope, retry=1) == 200
    replies = slack.replies(channel)
    assert "besøksforbud" in json.dumps(replies, ensure_ascii=False).lower()


def test_the_balancer_refuses_a_body_over_its_limit(cluster: Cluster):
    huge = b'{"sender": "x", "message": "' + b"a" * 1_100_000 + b'"}'
    answer = requests.post(
        f"{cluster.url}/webhooks/rest/webhook",
        data=huge,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 413


def test_the_chat_page_and_acute_danger_through_the_balancer(cluster: Cluster):
    page = requests.get(f"{cluster.url}/", timeout=10)
    assert page.ok and "<html" in page.text.lower()
    turn = say(cluster.url, unique("danger"), "Han truer henne med kniv nå")
    assert turn.answered and "112" in turn.replies[0]["text"]


def test_the_widget_talks_over_websocket_through_the_balancer(cluster: Cluster, tmp_path):
    """The real chat page in Chromium: WebSocket upgrade through HAProxy, and a reload resumes."""
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.browser import Watch, ask, launch, messages, require_browser_tools

    require_browser_tools()
    url = cluster.url.replace("127.0.0.1", "localhost")
    sockets: list[str] = []
    with sync_playwright() as driver:
        context = launch(driver, tmp_path / "profile")
        watch = Watch()
        watch.attach(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("websocket", lambda socket: sockets.append(socket.url))
        page.goto(url + "/")
        ask(page, "Hva er et krisesenter?")
        expect(page.locator(".msg.bot").first).to_contain_text("krisesenter")
        before = messages(page)
        page.reload()
        expect(page.locator(".log .msg")).to_have_count(len(before))
        assert messages(page) == before
        context.close()
    assert any("/socket.io/" in s and "transport=websocket" in s for s in sockets), sockets
    assert watch.errors == [], watch.errors
