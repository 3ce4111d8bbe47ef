from __future__ import annotations

from actions.acute import ActionAcuteDanger
from tests.conftest import make_tracker


async def test_acute_danger_gives_112_first(dispatcher, domain):
    tracker = make_tracker(text="han truer henne med kniv nå", intent="acute_danger")
    events = await ActionAcuteDanger().run(dispatcher, tracker, domain)
    assert events == []
    first = dispatcher.messages[0]
    assert first["response"] == "utter_topic_answer"
    assert first["answer"].startswith("Ring 112 nå")
    assert "helsepersonelloven § 31" in first["answer"]
    assert "Kilde" not in first["answer"] and "Voldsveilederen" in first["sources"]
