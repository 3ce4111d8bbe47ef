from __future__ import annotations

from actions.basics import ActionGreet
from tests.conftest import make_tracker


async def test_greeting_fills_in_the_emergency_number(dispatcher, domain):
    await ActionGreet().run(dispatcher, make_tracker(text="hei", intent="greet"), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_greet"
    assert message["police_emergency"] == "112"
    assert "{police_emergency}" in domain["responses"]["utter_greet"][0]["text"]
