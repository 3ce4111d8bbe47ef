from __future__ import annotations

from pathlib import Path

import yaml

from bot.channels.enabled import plan_channels, write_enabled

CREDENTIALS = """
bot.channels.rest.CheckedRestInput:
slack:
  slack_token: ${SLACK_TOKEN}
  slack_signing_secret: ${SLACK_SIGNING_SECRET}
other:
  nested: {list: ["${OTHER_KEY}"]}
"""


def test_channels_without_their_settings_are_left_out(tmp_path: Path):
    path = tmp_path / "credentials.yml"
    path.write_text(CREDENTIALS, "utf8")
    plan = plan_channels(path, {"SLACK_TOKEN": "xoxb"})
    assert list(plan.enabled) == ["bot.channels.rest.CheckedRestInput"]
    assert plan.disabled == {"slack": ["SLACK_SIGNING_SECRET"], "other": ["OTHER_KEY"]}


def test_channels_with_all_settings_are_enabled_and_written(tmp_path: Path):
    path = tmp_path / "credentials.yml"
    path.write_text(CREDENTIALS, "utf8")
    env = {"SLACK_TOKEN": "tok-1", "SLACK_SIGNING_SECRET": "sig-2", "OTHER_KEY": "key-3"}
    plan = plan_channels(path, env)
    target = tmp_path / "var" / "credentials.yml"
    write_enabled(plan, target)
    written = yaml.safe_load(target.read_text("utf8"))
    assert written["slack"] == {
        "slack_token": "${SLACK_TOKEN}",
        "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
    }
    assert "sig-2" not in target.read_text("utf8"), "secrets stay in the environment"


def test_the_project_credentials_enable_rest_and_web_chat_without_settings():
    root = Path(__file__).resolve().parents[3]
    plan = plan_channels(root / "credentials.yml", {})
    assert "bot.channels.rest.CheckedRestInput" in plan.enabled
    assert "bot.channels.webchat.WebChatInput" in plan.enabled
