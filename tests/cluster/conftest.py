"""A cluster (2 Rasa + 2 action replicas behind HAProxy) on the real PostgreSQL and Redis.

The cluster gets a database of its own on the machine's PostgreSQL (dropped
afterwards) and a Redis server of its own on a free port, so that the fault
tests can stop and restart Redis without touching anything else on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import redis
import requests

from bot.cli.background import free_port
from bot.cli.cluster import Cluster, running_cluster
from tests.e2e.conftest import MODEL
from tests.e2e.fakes import FakeSlack

SLACK_TOKEN = "xoxb-cluster-0000-token"
SLACK_SECRET = "cluster-slack-signing-secret"


class RedisServer:
    """A redis-server of our own (Debian's binary), nothing kept on disk; can be stopped."""

    def __init__(self, workdir: Path, *, tls: tuple[Path, Path] | None = None) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.tls = tls
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        command = [binary, "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        if self.tls:
            cert, key = self.tls
            command += ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", str(cert),
                        "--tls-key-file", str(key), "--tls-auth-clients", "no"]  # fmt: skip
        else:
            command += ["--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not self.tls:
            client = redis.StrictRedis.from_url(self.url)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    client.ping()
                    return
                except redis.exceptions.ConnectionError:
                    time.sleep(0.05)
            raise RuntimeError("redis-server did not start")
        time.sleep(0.5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture(scope="session")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(SLACK_TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def cluster(own_redis: RedisServer, slack: FakeSlack) -> Iterator[Cluster]:
    if not MODEL.is_file():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    env = {
        "SG_REDIS_URL": own_redis.url,
        "SLACK_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
        # Every test talks from 127.0.0.1: one address, hundreds of messages a minute.
        "SG_RATE_PER_ADDRESS": "100000",
        "SG_RATE_PER_SENDER": "100000",
        "SG_LOG_LEVEL": "info",
    }
    with running_cluster(env) as running:
        yield running


@dataclass
class Turn:
    """One message and what the user saw."""

    sender: str
    text: str
    sent_at: float
    seconds: float
    status: int  # 0: no HTTP answer at all
    replies: list[dict[str, Any]]

    @property
    def answered(self) -> bool:
        return self.status == 200 and bool(self.replies)

    @property
    def shown(self) -> str:
        return " ".join(str(r.get("text", "")) for r in self.replies)


def say(url: str, sender: str, text: str, *, timeout: float = 60) -> Turn:
    """Send one REST message and record what came back."""
    started = time.monotonic()
    try:
        answer = requests.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
            timeout=timeout,
        )  # fmt: skip
        status = answer.status_code
        body = (
            answer.json()
            if answer.headers.get("content-type", "").startswith("application/json")
            else []
        )
    except requests.RequestException:
        status, body = 0, []
    replies = body if isinstance(body, list) else [{"text": str(body)}]
    return Turn(sender, text, started, time.monotonic() - started, status, replies)


def stored_user_texts(cluster: Cluster, sender: str) -> list[str]:
    """The user messages stored for REST conversation `sender`, in stored order."""
    connection = psycopg2.connect(cluster.env["SG_TRACKER_DB_URL"])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                (f"rest:{sender}",),
            )
            import json

            return [str(json.loads(row[0]).get("text")) for row in cursor.fetchall()]
    finally:
        connection.close()


def replica_url(cluster: Cluster, name: str) -> str:
    """A Rasa replica's own URL, bypassing the load balancer."""
    return f"http://127.0.0.1:{cluster.ports[name]}"
