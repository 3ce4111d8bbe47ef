"""The Rasa patch: same verdicts as Rasa's own check, and a guard against Rasa changing it."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import patches

VALID = {
    "events": [{"event": "slot", "name": "last_topic", "value": "children"}],
    "responses": [{"response": "utter_topic_answer", "answer": "Svar"}],
}
INVALID = [
    {"events": [{"name": "no event key"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [], "responses": "not a list"},
]


def test_rasa_still_has_the_function_the_patch_replaces():
    """Fails after a Rasa upgrade that changes _validate_action_result: re-check the patch
    (is the upstream still rebuilding the validator per call?) and update the hash."""
    assert patches.original_source_sha256() == patches.PATCHED_SOURCE_SHA256


@pytest.mark.parametrize("response", [VALID, {"events": [], "responses": []}, {}])
def test_a_valid_response_passes_both(response):
    action = RemoteAction("action_x", None)
    assert patches._ORIGINAL(action, response) is True
    assert patches._validate_action_result(action, response) is True


@pytest.mark.parametrize("response", INVALID)
def test_an_invalid_response_fails_both_with_the_same_message(response):
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError) as original:
        patches._ORIGINAL(action, response)
    with pytest.raises(ValidationError) as patched:
        patches._validate_action_result(action, response)
    assert patched.value.message == original.value.message


def test_apply_replaces_the_method_once(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", patches._ORIGINAL)
    patches.apply()
    patches.apply()
    assert RemoteAction._validate_action_result is patches._validate_action_result
