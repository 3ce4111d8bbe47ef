"""What `make cluster` takes on the shared services, it gives back."""

from __future__ import annotations

import psycopg2
import pytest
import redis

from bot.cli.cluster import (
    DEFAULT_PG_ADMIN,
    DEFAULT_REDIS,
    claim_redis_database,
    create_database,
    drop_database,
    release_redis_database,
)

pytestmark = pytest.mark.cluster


def test_two_runs_never_share_a_redis_database_and_each_empties_its_own():
    first = claim_redis_database(DEFAULT_REDIS, "run-a")
    second = claim_redis_database(DEFAULT_REDIS, "run-b")
    try:
        assert first != second
        redis.StrictRedis.from_url(first).set("sikkerhetsguiden:lock:x", "1")
    finally:
        release_redis_database(first)
        release_redis_database(second)
    assert redis.StrictRedis.from_url(first).dbsize() == 0


def test_the_database_is_created_and_dropped_even_while_connected():
    url = create_database(DEFAULT_PG_ADMIN, "sikkerhetsguiden_launcher_test")
    still_open = psycopg2.connect(url)  # a replica that did not close its pool
    try:
        drop_database(DEFAULT_PG_ADMIN, "sikkerhetsguiden_launcher_test")
    finally:
        still_open.close()
    admin = psycopg2.connect(DEFAULT_PG_ADMIN)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_database WHERE datname = 'sikkerhetsguiden_launcher_test'"
            )
            assert cursor.fetchone()[0] == 0
    finally:
        admin.close()
