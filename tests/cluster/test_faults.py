"""Faults under steady load: what users see, and that no conversation loses a stored turn.

Each test keeps conversations talking to the load balancer, injects one fault,
sends a danger message during it, recovers, and then checks every conversation:
each answered turn is stored in the shared tracker store in the order it was
sent, and the conversation goes on in context (a follow-up that needs the turn
before it is answered). What users saw (unanswered turns, error texts, the
slowest reply) is written to results/cluster-faults.json and docs/deployment.md.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from bot.cli.cluster import Cluster, respawn, wait_until_balanced
from tests.cluster.conftest import RedisServer, Turn, say, stored_user_texts

pytestmark = pytest.mark.cluster

RESULTS = Path(__file__).resolve().parents[2] / "results" / "cluster-faults.json"
CONVERSATIONS = 8
SCRIPT = [
    "Hva er et krisesenter?",
    "Hvordan får man voldsalarm?",
    "Hvilket krisesenter hører Tromsø til?",
    "og politidistriktet?",
    "Hva er besøksforbud?",
    "Kan jeg gi opplysninger til politiet?",
]
DANGER = "Han truer henne med kniv nå"
THINK_S = 0.3
STEADY_S = 3.0
AFTER_S = 6.0
SLOW_S = 3.0


class SteadyLoad:
    """Conversations talking to `url` in threads, one message at a time, until stopped."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.senders = [f"{name}-{n}-{uuid.uuid4().hex[:6]}" for n in range(CONVERSATIONS)]
        self.turns: list[Turn] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._talk, args=(s,)) for s in self.senders]

    def _talk(self, sender: str) -> None:
        number = 0
        while not self._stop.is_set():
            turn = say(self.url, sender, SCRIPT[number % len(SCRIPT)], timeout=30)
            with self._lock:
                self.turns.append(turn)
            number += 1
            time.sleep(THINK_S)

    def __enter__(self) -> SteadyLoad:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(item in remaining for item in part)


def under_fault(
    cluster: Cluster, name: str, inject: Callable[[], None], recover: Callable[[], None]
) -> dict[str, Any]:
    """Run `inject` and `recover` under steady load; check every conversation; report."""
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    with SteadyLoad(cluster.url, slug) as load:
        time.sleep(STEADY_S)
        fault_at = time.monotonic()
        inject()
        danger = say(cluster.url, f"{slug}-danger-{uuid.uuid4().hex[:6]}", DANGER, timeout=30)
        recover()
        recovered_at = time.monotonic()
        time.sleep(AFTER_S)
    window = [t for t in load.turns if fault_at - 1 <= t.sent_at <= recovered_at + AFTER_S]
    failed = [t for t in window if not t.answered]
    report = {
        "fault": name,
        "turns": len(load.turns),
        "turns_during_fault": len(window),
        "unanswered": len(failed),
        "what_users_saw": sorted({f"{t.status}: {t.shown[:120]}" for t in failed}),
        "slowest_reply_s": round(max((t.seconds for t in window), default=0), 2),
        "slow_turns": [  # sent (s after the fault), waited (s), HTTP status
            (round(t.sent_at - fault_at, 1), round(t.seconds, 1), t.status)
            for t in window
            if t.seconds > SLOW_S
        ],
        "fault_to_recovered_s": round(recovered_at - fault_at, 1),
        "danger_reply_s": round(danger.seconds, 2),
        "danger_first_reply": danger.replies[0].get("text", "")[:80] if danger.replies else "",
    }
    _record(report)

    assert danger.answered and "112" in danger.replies[0]["text"], report
    for sender in load.senders:
        sent = [t.text for t in load.turns if t.sender == sender]
        answered = [t.text for t in load.turns if t.sender == sender and t.answered]
        stored = stored_user_texts(cluster, sender)
        assert is_subsequence(answered, stored), f"{sender}: an answered turn was not stored"
        assert is_subsequence(stored, sent), f"{sender}: stored out of order"
        # The conversation goes on, in context: the follow-up needs the question before it.
        assert say(cluster.url, sender, "Hvilket krisesenter hører Bodø til?").answered
        follow_up = say(cluster.url, sender, "og politidistriktet?")
        assert follow_up.answered and "Nordland" in follow_up.shown, (sender, follow_up.shown)
    return report


def _record(report: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    reports = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    reports[report["fault"]] = report
    RESULTS.write_text(json.dumps(reports, indent=2, ensure_ascii=False))
    print(json.dumps(report, ensure_ascii=False))  # shown with -rA / -s


def test_an_action_server_killed_under_load(cluster: Cluster):
    def inject() -> None:
        os.killpg(cluster.pids["actions1"], signal.SIGKILL)  # the server, not only its launcher
        time.sleep(4)

    def recover() -> None:
        respawn(cluster, "actions1")
        wait_until_balanced(cluster, 240)  # up, and slowstart over, for the next test

    report = under_fault(cluster, "action server killed", inject, recover)
    assert report["unanswered"] == 0, report  # HAProxy sends the calls to the other one


def test_postgres_sessions_terminated_under_load(cluster: Cluster):
    database = cluster.env["SG_TRACKER_DB_URL"].rsplit("/", 1)[1]

    def terminate() -> None:
        admin = psycopg2.connect(cluster.pg_admin_url or "postgresql://postgres@127.0.0.1/postgres")
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (database,),
                )
                assert cursor.fetchone()[0] >= 1  # the replicas were connected
        finally:
            admin.close()

    def inject() -> None:
        terminate()
        time.sleep(2)
        terminate()

    report = under_fault(cluster, "PostgreSQL sessions terminated", inject, lambda: None)
    assert report["unanswered"] == 0, report  # pool_pre_ping reconnects before a turn


def test_redis_stopped_for_a_few_seconds_under_load(cluster: Cluster, own_redis: RedisServer):
    def inject() -> None:
        own_redis.stop()

    def recover() -> None:
        time.sleep(5)
        own_redis.start()

    report = under_fault(cluster, "Redis stopped for 5 s", inject, recover)
    assert report["unanswered"] == 0, report  # the replicas' own locks carry the outage


def test_a_rasa_replica_killed_under_load(cluster: Cluster):
    def inject() -> None:
        os.killpg(cluster.pids["rasa1"], signal.SIGKILL)
        time.sleep(4)

    def recover() -> None:
        respawn(cluster, "rasa1")
        wait_until_balanced(cluster, 240)

    report = under_fault(cluster, "Rasa replica killed", inject, recover)
    # Requests in flight are sent again to the other replica; a conversation whose turn
    # held the dead replica's lock waits for it to expire (TICKET_LOCK_LIFETIME, 15 s).
    # Only a turn in flight at the kill may wait long (in CI, once, past the 30 s client
    # timeout); every turn sent after it is answered promptly.
    late = [(sent, waited) for sent, waited, _ in report["slow_turns"] if sent > 1.0]
    assert all(waited < 10 for _, waited in late), report
    assert report["unanswered"] <= CONVERSATIONS, report
