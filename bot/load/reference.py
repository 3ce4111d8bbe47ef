"""Record the reference replies: every scripted conversation once, one message at a time.

    .venv/load/bin/python -m bot.load.reference --host http://127.0.0.1:5005 --out ref.json

Plays each conversation of bot/load/conversations.yml over REST, then over the
web chat's Socket.IO (waiting for as many messages as REST gave, then for any
more until none has come for half a second), and writes per channel and turn
the number of bot messages and the first one's fingerprint
(bot/load/verdict.py). The load run then checks every reply against it.
`make loadtest` runs this before the load levels of each target; the
locustfile records one itself when run by hand without `--reference`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.load.clients import ClientFailed, RestClient, SocketClient
from bot.load.script import Conversation, load_conversations
from bot.load.verdict import Expected, Reference, check_loopback, dump_references, expected_of

logger = logging.getLogger("sikkerhetsguiden.load.reference")

REPLY_TIMEOUT_S = 30.0
# Socket.IO has no end-of-reply marker. Rasa's Socket.IO output sends each paragraph
# of a text as a message of its own, so the web chat gets at least as many messages
# as REST: wait for REST's count, then for more until none has come for this long.
SOCKET_GRACE_S = 0.5


class ReferenceFailed(RuntimeError):
    """A turn got no usable reply without load: the target is not fit to be measured."""


def record(
    host: str, conversations: Sequence[Conversation], timeout: float = REPLY_TIMEOUT_S
) -> dict[str, Reference]:
    """The reference of each channel, played against `host` (a loopback URL)."""
    host = check_loopback(host)
    rest = RestClient(host, timeout)
    socket = SocketClient(host, timeout)
    rest_turns: dict[str, list[Expected]] = {}
    socket_turns: dict[str, list[Expected]] = {}
    try:
        for conversation in conversations:
            sender = rest.new_conversation()
            session = socket.new_conversation()
            rest_turns[conversation.name], socket_turns[conversation.name] = [], []
            for index, text in enumerate(conversation.turns):
                where = f"{conversation.name} turn {index + 1}"
                reply = rest.send(sender, text)
                if reply.error or not reply.messages:
                    raise ReferenceFailed(f"REST, {where}: {reply.error or 'no reply'}")
                expected = expected_of(reply.messages)
                rest_turns[conversation.name].append(expected)
                reply = socket.send(session, text, expected.count, grace=SOCKET_GRACE_S)
                if reply.error or not reply.messages:
                    raise ReferenceFailed(f"web chat, {where}: {reply.error or 'no reply'}")
                socket_turns[conversation.name].append(expected_of(reply.messages))
    finally:
        rest.close()
        socket.close()
    return {rest.channel: Reference(rest_turns), socket.channel: Reference(socket_turns)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="the server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")
    parser.add_argument("--timeout", type=float, default=REPLY_TIMEOUT_S)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    conversations = load_conversations()
    try:
        references = record(args.host, conversations, args.timeout)
    except (ReferenceFailed, ClientFailed, ValueError) as e:
        logger.error("No reference recorded: %s", e)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump_references(references), "utf8")
    turns = sum(len(c.turns) for c in conversations)
    logger.info("Reference of %d conversations, %d turns per channel", len(conversations), turns)
    return 0


if __name__ == "__main__":
    sys.exit(main())
