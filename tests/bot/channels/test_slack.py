from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.exceptions import InvalidConfigException
from slack_sdk.errors import SlackApiError

from bot.channels.enabled import plan_channels
from bot.channels.slack import SlackChannel
from bot.channels.slack_replies import SlackReplies

ROOT = Path(__file__).resolve().parents[3]
CREDENTIALS = {"slack_token": "xoxb-test", "slack_signing_secret": "sig"}


class RecordingClient:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.error = error

    async def chat_postMessage(self, **kwargs: Any) -> None:  # Slack's method name
        self.calls.append(kwargs)
        if self.error:
            raise self.error


def replies(thread_id: str | None = "1.0", error: Exception | None = None) -> SlackReplies:
    channel = SlackReplies(
        "xoxb-test", api_url="http://127.0.0.1:9/api/", slack_channel="C1", thread_id=thread_id
    )
    channel.client = RecordingClient(error)  # type: ignore[assignment]
    return channel


def calls(channel: SlackReplies) -> list[dict[str, Any]]:
    return channel.client.calls  # type: ignore[attr-defined,no-any-return]


def test_the_project_enables_slack_only_with_token_and_signing_secret():
    credentials = ROOT / "credentials.yml"
    name = "bot.channels.slack.SlackChannel"
    assert name not in plan_channels(credentials, {"SLACK_TOKEN": "x"}).enabled
    env = {"SLACK_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}
    assert name in plan_channels(credentials, env).enabled


def test_the_api_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:8123/api")
    channel = SlackChannel.from_credentials(CREDENTIALS)
    assert isinstance(channel, SlackChannel)
    assert channel.api_url == "http://127.0.0.1:8123/api/"
    output = channel.get_output_channel("C1", "1.0")
    assert isinstance(output, SlackReplies)
    assert output.client.base_url == "http://127.0.0.1:8123/api/"


def test_the_api_url_defaults_to_slack(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    channel = SlackChannel.from_credentials(CREDENTIALS)
    assert isinstance(channel, SlackChannel) and channel.api_url == "https://slack.com/api/"


def test_a_bad_api_url_fails_at_start(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SLACK_API_URL", "slack.com/api")
    with pytest.raises(InvalidConfigException, match="SLACK_API_URL"):
        SlackChannel.from_credentials(CREDENTIALS)


def test_a_missing_signing_secret_is_refused():
    with pytest.raises(InvalidConfigException):
        SlackChannel.from_credentials({"slack_token": "xoxb-test"})


async def test_text_goes_to_the_thread_escaped_and_without_legacy_arguments():
    channel = replies()
    await channel.send_text_message("U1", "A & B\n\nKilde: <x>")
    assert calls(channel) == [
        {"channel": "C1", "text": "A &amp; B", "thread_ts": "1.0"},
        {"channel": "C1", "text": "Kilde: &lt;x&gt;", "thread_ts": "1.0"},
    ]


async def test_buttons_are_sent_as_block_kit():
    channel = replies(thread_id=None)
    buttons = [{"title": f"T{i}", "payload": f"/p{i}"} for i in range(8)]
    await channel.send_text_with_buttons("U1", "Velg", buttons)
    (call,) = calls(channel)
    assert "thread_ts" not in call and "as_user" not in call
    assert call["text"] == "Velg"
    actions = call["blocks"][-1]
    assert [e["value"] for e in actions["elements"]] == [f"/p{i}" for i in range(8)]


async def test_custom_json_keeps_working_without_as_user():
    channel = replies()
    await channel.send_custom_json("U1", {"text": "x"})
    assert calls(channel) == [{"channel": "C1", "text": "x", "thread_ts": "1.0"}]


async def test_a_refused_reply_is_logged_with_slacks_error_code(caplog: pytest.LogCaptureFixture):
    error = SlackApiError("failed", {"ok": False, "error": "channel_not_found"})
    channel = replies(error=error)
    with caplog.at_level(logging.ERROR):
        await channel.send_text_message("U1", "hemmelig tekst")
    assert "channel_not_found" in caplog.text
    assert "hemmelig" not in caplog.text


def test_the_documented_manifest_is_the_manifest_file():
    guide = (ROOT / "docs" / "slack.md").read_text("utf8")
    manifest = (ROOT / "docs" / "slack-manifest.yml").read_text("utf8")
    assert f"```yaml\n{manifest}```" in guide


def test_the_manifest_subscribes_to_what_the_channel_answers():
    manifest = yaml.safe_load((ROOT / "docs" / "slack-manifest.yml").read_text("utf8"))
    settings = manifest["settings"]
    for url in (
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ):
        assert url.startswith("https://") and url.endswith("/webhooks/slack/webhook")
    assert settings["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert settings["interactivity"]["is_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "chat:write",
        "im:history",
    }
