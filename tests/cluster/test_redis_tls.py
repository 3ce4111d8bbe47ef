"""rediss:// reaches a TLS-only redis-server with the lock store and the Slack ledger."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.cluster.ledger import EventLedger
from bot.cluster.locks import UrlRedisLockStore
from tests.cluster.conftest import RedisServer

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RedisServer, Path]]:
    folder = tmp_path_factory.mktemp("redis-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = RedisServer(folder, tls=(cert, key))
    server.start()
    yield server, cert
    server.stop()


def test_the_lock_store_locks_over_tls(tls_redis: tuple[RedisServer, Path]):
    server, ca = tls_redis
    url = f"rediss://127.0.0.1:{server.port}/0?ssl_ca_certs={ca}"
    store = UrlRedisLockStore(url=url, key_prefix="tlstest", outage_wait_s=0)

    async def turn() -> bool:
        async with store.lock("rest:tls"):
            # The lock is in Redis (not the local fallback): another look sees it.
            return store.get_lock("rest:tls") is not None

    assert asyncio.run(turn())
    assert store._down_since is None  # never fell back to the replica's own lock


def test_plain_redis_to_a_tls_port_is_not_silently_accepted(tls_redis: tuple[RedisServer, Path]):
    server, _ = tls_redis
    client = redis.StrictRedis.from_url(f"redis://127.0.0.1:{server.port}/0", socket_timeout=2)
    with pytest.raises(redis.exceptions.RedisError):
        client.ping()


def test_the_slack_ledger_claims_over_tls(tls_redis: tuple[RedisServer, Path]):
    server, ca = tls_redis
    ledger = EventLedger.from_url(f"rediss://127.0.0.1:{server.port}/0?ssl_ca_certs={ca}")
    assert ledger.claim(["event:TLS1"])
    other_replica = EventLedger.from_url(f"rediss://127.0.0.1:{server.port}/0?ssl_ca_certs={ca}")
    assert not other_replica.claim(["event:TLS1"])
