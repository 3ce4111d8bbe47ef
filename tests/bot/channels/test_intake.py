"""What every channel does before the assistant sees a message: namespace, redaction, note."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.intake import (
    MAX_METADATA_BYTES,
    METADATA_KEY,
    Intake,
    capped_metadata,
    conversation_id,
    notice,
)


class Store:
    """A tracker store holding one conversation's events."""

    def __init__(self, events: list[Any] | None = None) -> None:
        self.events = events or []

    async def retrieve(self, sender_id: str) -> DialogueStateTracker:
        return DialogueStateTracker.from_events(sender_id, self.events)


def intake_with(store: Store | None = None) -> Intake:
    intake = Intake("rest")
    intake._app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))  # type: ignore[assignment]
    return intake


async def deliver(
    intake: Intake, text: str, sender: str = "alice"
) -> tuple[UserMessage, list[dict[str, Any]]]:
    received: list[UserMessage] = []

    async def assistant(message: UserMessage) -> None:
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "svar")

    collector = CollectingOutputChannel()
    await intake.deliver(UserMessage(text, collector, sender, input_channel="rest"), assistant)
    return received[0], collector.messages


def test_each_channel_has_its_own_namespace():
    assert conversation_id("rest", "slack:U1") == "rest:slack:U1"
    assert conversation_id("slack", "U1") != conversation_id("rest", "U1")


async def test_the_assistant_gets_the_namespaced_sender_and_the_channel_the_plain_one():
    message, replies = await deliver(intake_with(Store()), "hei")
    assert message.sender_id == "rest:alice"
    assert [r["recipient_id"] for r in replies] == ["alice"]


async def test_personal_data_is_replaced_before_the_assistant_sees_it_and_the_user_is_told():
    message, replies = await deliver(intake_with(Store()), "Kari Berg ringer fra 91234567")
    assert message.text == "[navn] ringer fra [telefonnummer]"
    assert message.metadata[METADATA_KEY] == ["PHONE_NUMBER", "PERSON"]
    assert [r["text"] for r in replies] == ["svar", notice(("PHONE_NUMBER", "PERSON"))]
    assert "telefonnummer og navn" in replies[-1]["text"]


async def test_the_note_comes_once_per_conversation():
    earlier = UserUttered("[navn] er redd", metadata={METADATA_KEY: ["PERSON"]})
    _, replies = await deliver(intake_with(Store([earlier])), "Kari Berg er redd")
    assert [r["text"] for r in replies] == ["svar"]


async def test_a_message_without_personal_data_gets_no_note():
    message, replies = await deliver(intake_with(Store()), "hvor er krisesenteret i Bodø?")
    assert message.text == "hvor er krisesenteret i Bodø?"
    assert METADATA_KEY not in message.metadata
    assert [r["text"] for r in replies] == ["svar"]


def test_oversized_client_metadata_is_dropped():
    assert capped_metadata({"a": "x" * MAX_METADATA_BYTES}) == {}
    assert capped_metadata({"a": 1}) == {"a": 1}
    assert capped_metadata(None) == {}


async def test_a_message_the_assistant_cannot_answer_gets_a_note_not_silence():
    async def silent(message: UserMessage) -> None:
        return None

    collector = CollectingOutputChannel()
    await intake_with(Store()).deliver(UserMessage("hei", collector, "alice"), silent)
    [reply] = collector.messages
    assert reply["text"].startswith("Svarene mine er utilgjengelige")
    assert "ring 112" in reply["text"]
