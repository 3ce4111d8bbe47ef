from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from rasa.shared.exceptions import InvalidConfigException

from bot.channels.enabled import plan_channels
from bot.channels.teams import TeamsInput, activity_text
from bot.channels.teams_replies import card_action, hero_cards

ROOT = Path(__file__).resolve().parents[3]
CREDENTIALS = {"app_id": "app-1", "app_password": "pa55word"}


def test_the_project_enables_teams_only_with_app_id_and_password():
    credentials = ROOT / "credentials.yml"
    name = "bot.channels.teams.TeamsInput"
    assert name not in plan_channels(credentials, {"MICROSOFT_APP_ID": "x"}).enabled
    env = {"MICROSOFT_APP_ID": "x", "MICROSOFT_APP_PASSWORD": "y"}
    assert name in plan_channels(credentials, env).enabled


def test_creating_the_channel_fetches_nothing(monkeypatch: pytest.MonkeyPatch):
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the constructor must not fetch anything")

    monkeypatch.setattr(requests, "get", no_network)
    monkeypatch.setenv("BOTFRAMEWORK_OPENID_METADATA_URL", "http://127.0.0.1:9/openid")
    monkeypatch.setenv("BOTFRAMEWORK_TOKEN_URL", "http://127.0.0.1:9/token")
    channel = TeamsInput.from_credentials(CREDENTIALS)
    assert isinstance(channel, TeamsInput)
    assert channel.name() == "botframework"
    assert channel.keys.metadata_url == "http://127.0.0.1:9/openid"
    assert channel.tokens.token_url == "http://127.0.0.1:9/token"
    assert "pa55word" not in repr(vars(channel)) + repr(vars(channel.tokens))


def test_microsofts_endpoints_are_the_defaults(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BOTFRAMEWORK_OPENID_METADATA_URL", raising=False)
    monkeypatch.setenv("BOTFRAMEWORK_TOKEN_URL", "  ")
    channel = TeamsInput.from_credentials(CREDENTIALS)
    assert isinstance(channel, TeamsInput)
    assert channel.keys.metadata_url.startswith("https://login.botframework.com/")
    assert channel.tokens.token_url.startswith("https://login.microsoftonline.com/")


def test_a_bad_endpoint_url_fails_at_start(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BOTFRAMEWORK_TOKEN_URL", "login.microsoftonline.com/token")
    with pytest.raises(InvalidConfigException, match="BOTFRAMEWORK_TOKEN_URL"):
        TeamsInput.from_credentials(CREDENTIALS)


def test_missing_credentials_are_refused():
    with pytest.raises(Exception, match="credentials"):
        TeamsInput.from_credentials({"app_id": "app-1"})


def activity(**overrides: Any) -> dict[str, Any]:
    return {"type": "message", "text": "hei", "recipient": {"id": "28:bot"}, **overrides}


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({}, "hei"),
        ({"text": "  hva er et\u200b krisesenter?\u0000 "}, "hva er et krisesenter?"),
        ({"text": "", "value": {"payload": "/ask_crisis_centre"}}, "/ask_crisis_centre"),
        ({"text": None, "value": {"payload": "/ask_crisis_centre"}}, "/ask_crisis_centre"),
        ({"value": {"payload": "/ask_crisis_centre"}}, "/ask_crisis_centre"),
        ({"text": "", "value": "/ask_crisis_centre"}, "/ask_crisis_centre"),
        ({"text": "", "value": {"other": 1}}, ""),
        ({"text": "hei", "value": {"payload": ""}}, "hei"),
        ({"text": None}, ""),
    ],
)
def test_the_text_is_a_clicked_payload_or_the_typed_text(overrides: dict[str, Any], text: str):
    assert activity_text(activity(**overrides)) == text


def test_mentions_of_the_bot_are_removed_but_not_of_others():
    mention = {
        "type": "mention",
        "text": "<at>Sikkerhetsguiden</at>",
        "mentioned": {"id": "28:bot", "name": "Sikkerhetsguiden"},
    }
    other = {"type": "mention", "text": "<at>Kari</at>", "mentioned": {"id": "29:kari"}}
    message = activity(
        text="<at>Sikkerhetsguiden</at> spør <at>Kari</at> om krisesenter",
        entities=[mention, other],
    )
    assert activity_text(message) == "spør <at>Kari</at> om krisesenter"


def test_buttons_become_message_back_actions_carrying_the_payload():
    assert card_action({"title": "Krisesenter", "payload": "/ask_crisis_centre"}) == {
        "type": "messageBack",
        "title": "Krisesenter",
        "displayText": "Krisesenter",
        "text": "/ask_crisis_centre",
        "value": {"payload": "/ask_crisis_centre"},
    }


def test_buttons_are_spread_over_hero_cards_of_six():
    buttons = [{"title": f"T{i}", "payload": f"/p{i}"} for i in range(8)]
    cards = hero_cards(buttons)
    assert [c["contentType"] for c in cards] == ["application/vnd.microsoft.card.hero"] * 2
    assert [len(c["content"]["buttons"]) for c in cards] == [6, 2]


def test_the_teams_manifest_names_the_bot_and_its_icons():
    package = ROOT / "docs" / "teams"
    manifest = json.loads((package / "manifest.json").read_text("utf8"))
    assert manifest["id"] == manifest["bots"][0]["botId"]
    assert len(manifest["description"]["short"]) <= 80
    assert len(manifest["name"]["short"]) <= 30
    for command in manifest["bots"][0]["commandLists"][0]["commands"]:
        assert len(command["title"]) <= 32 and len(command["description"]) <= 128
    assert (package / manifest["icons"]["color"]).is_file()
    assert (package / manifest["icons"]["outline"]).is_file()


def test_the_teams_icons_have_the_required_sizes_and_colours():
    package = ROOT / "docs" / "teams"
    with Image.open(package / "color.png") as color:
        assert color.size == (192, 192)
    with Image.open(package / "outline.png") as outline:
        assert outline.size == (32, 32) and outline.mode == "RGBA"
        pixels = outline.getdata()
        assert {p[:3] for p in pixels if p[3]} == {(255, 255, 255)}, "white on transparent"
        assert any(p[3] == 0 for p in pixels)
