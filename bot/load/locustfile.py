r"""Locust users for `make loadtest`: people talking to the assistant, over REST and the web chat.

    .venv/load/bin/locust -f bot/load/locustfile.py --headless -u 10 -r 10 --run-time 30s \\
        --host http://127.0.0.1:5005 --reference var/loadtest/reference.json

Runs in .venv/load (Locust, python-socketio's client, PyYAML; no Rasa). Each
user plays scripted conversations (bot/load/conversations.yml) one after the
other, each with a fresh conversation id, sending a turn only when the
previous reply has come and after a think time. Every turn is one Locust
request: type "rest" or "webchat", named after the conversation's kind.
A reply that is not the turn's reference reply (bot/load/verdict.py) is a
Locust failure: LostReply, OutOfOrderReply, WrongReply or ReplyError; after
one the user starts a new conversation (its state is no longer known).

Options added to Locust's: --reference (JSON from bot/load/reference.py;
recorded at the start when missing), --tally (JSON of the verdict counts,
written when the test stops), --max-messages (stop after that many turns),
--reply-timeout, --think. Only loopback hosts are accepted.
"""

from __future__ import annotations

import json
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
from locust import User, events, task
from locust.env import Environment

# Locust imports this file by path, and .venv/load does not have the project installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.load.clients import ClientFailed, RestClient, SocketClient
from bot.load.reference import ReferenceFailed, record
from bot.load.script import Conversation, load_conversations, pick
from bot.load.verdict import (
    Reference,
    Verdict,
    check_loopback,
    dump_references,
    load_references,
)

logger = logging.getLogger("sikkerhetsguiden.load")


class LostReply(Exception):
    """No complete reply within the reply timeout."""


class OutOfOrderReply(Exception):
    """The reply is another turn's reference reply."""


class WrongReply(Exception):
    """A reply the reference does not know."""


class ReplyError(Exception):
    """The transport failed (HTTP error, closed socket, `sg_error`)."""


FAILURES: dict[Verdict, type[Exception]] = {
    Verdict.LOST: LostReply,
    Verdict.OUT_OF_ORDER: OutOfOrderReply,
    Verdict.WRONG: WrongReply,
    Verdict.ERROR: ReplyError,
}


@dataclass
class Plan:
    """What every user shares: the script, the references, the options and the tally."""

    host: str
    conversations: list[Conversation]
    options: Any
    think: tuple[float, float]
    references: dict[str, Reference] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    turns: int = 0
    quitting: bool = False


_plan: Plan | None = None


def plan() -> Plan:
    """The shared plan (set when Locust initialises)."""
    if _plan is None:
        raise RuntimeError("the locustfile was not initialised by Locust")
    return _plan


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument("--reference", default="", help="reference replies (bot/load/reference.py)")
    parser.add_argument("--tally", default="", help="write the verdict counts here (JSON)")
    parser.add_argument("--max-messages", type=int, default=0, help="stop after this many turns")
    parser.add_argument("--reply-timeout", type=float, default=15.0, help="seconds per reply")
    parser.add_argument("--think", default="1,3", help="think time between turns: MIN,MAX s")


@events.init.add_listener
def _init(environment: Environment, **_: Any) -> None:
    global _plan
    options = environment.parsed_options
    try:
        host = check_loopback(environment.host or "")
    except ValueError as e:
        logger.error("%s (pass --host http://127.0.0.1:PORT)", e)
        sys.exit(2)
    try:
        low, high = (float(x) for x in str(options.think).split(","))
    except ValueError:
        logger.error("--think wants MIN,MAX in seconds, e.g. 1,3")
        sys.exit(2)
    _plan = Plan(host, load_conversations(), options, (low, high))


@events.test_start.add_listener
def _references(environment: Environment, **_: Any) -> None:
    shared = plan()
    path = Path(shared.options.reference) if shared.options.reference else None
    if path and path.exists():
        shared.references = load_references(path.read_text("utf8"))
        return
    logger.info("Recording the reference replies (every conversation once, no load)")
    try:
        shared.references = record(shared.host, shared.conversations)
    except (ReferenceFailed, ClientFailed, OSError):
        # Without a reference no reply can be judged: stop rather than count noise.
        logger.exception("No reference recorded; stopping")
        shared.quitting = True
        gevent.spawn(environment.runner.quit)
        return
    if path:
        path.write_text(dump_references(shared.references), "utf8")


@events.test_stop.add_listener
def _write_tally(environment: Environment, **_: Any) -> None:
    shared = plan()
    if shared.options.tally:
        counts = {"turns": shared.turns, **shared.tally}
        Path(shared.options.tally).write_text(json.dumps(counts, indent=1, sort_keys=True))


class _Person(User):
    """One person: a conversation at a time, a turn at a time, waiting for each reply."""

    abstract = True
    channel = ""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self._rng = random.Random()
        self._client: RestClient | SocketClient | None = None
        self._conversation: Conversation | None = None
        self._id = ""
        self._turn = 0

    def wait_time(self) -> float:
        """A think time between turns, from --think."""
        return self._rng.uniform(*plan().think)

    def _make_client(self) -> RestClient | SocketClient:
        raise NotImplementedError

    @task
    def turn(self) -> None:
        """Send the next message of the current conversation (starting one when needed)."""
        shared = plan()
        if shared.quitting:
            return
        if self._client is None:
            self._client = self._make_client()
        if self._conversation is None:
            try:
                self._id = self._client.new_conversation()
            except ClientFailed as e:
                self._fire("session", 0.0, 0, Verdict.ERROR, str(e))
                return
            self._conversation, self._turn = pick(shared.conversations, self._rng), 0
        conversation, index = self._conversation, self._turn
        reference = shared.references[self.channel]
        expected = reference.expected(conversation.name, index)
        started = time.perf_counter()
        reply = self._client.send(self._id, conversation.turns[index], expected.count)
        elapsed_ms = (time.perf_counter() - started) * 1000
        verdict = reference.classify(conversation.name, index, reply)
        detail = reply.error or f"{conversation.name} turn {index + 1}"
        self._fire(conversation.kind, elapsed_ms, len(reply.messages), verdict, detail)
        self._turn += 1
        if verdict is not Verdict.OK or self._turn == len(conversation.turns):
            self._conversation = None
        shared.turns += 1
        if shared.options.max_messages and shared.turns >= shared.options.max_messages:
            shared.quitting = True
            # In a greenlet of its own: quit() stops this user too.
            gevent.spawn(self.environment.runner.quit)

    def _fire(self, name: str, ms: float, length: int, verdict: Verdict, detail: str) -> None:
        plan().tally[f"{self.channel}.{verdict.value}"] += 1
        failure = FAILURES.get(verdict)
        self.environment.events.request.fire(
            request_type=self.channel,
            name=name,
            response_time=ms,
            response_length=length,
            exception=failure(detail) if failure else None,
            context={},
        )

    def on_stop(self) -> None:
        """Close the connection."""
        if self._client is not None:
            self._client.close()


class WebChatPerson(_Person):
    """Someone in the web chat widget (Socket.IO over a websocket)."""

    weight = 2
    channel = "webchat"

    def _make_client(self) -> SocketClient:
        return SocketClient(plan().host, plan().options.reply_timeout)


class RestPerson(_Person):
    """A client of the REST channel (an integration, or a script)."""

    weight = 1
    channel = "rest"

    def _make_client(self) -> RestClient:
        return RestClient(plan().host, plan().options.reply_timeout)
