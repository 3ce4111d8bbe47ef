"""Replicas refuse settings that would lose or interleave turns, whoever starts them."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.settings import PROJECT_ROOT


def _run(module: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SG_")}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_rasa_replica_refuses_sqlite_and_the_in_memory_lock_with_several_replicas():
    """The check is in the Rasa process itself, so a unit file or `rasa run` cannot skip it."""
    started = _run("bot.cli.rasa_server", "run", "--help", SG_REPLICAS="2")
    assert started.returncode != 0
    assert "SG_REPLICAS=2" in started.stderr
    assert "SG_TRACKER_DB_URL" in started.stderr and "SG_REDIS_URL" in started.stderr


def test_one_server_of_a_replica_pair_needs_the_shared_action_secret(tmp_path):
    started = _run("bot.cli.serve", "--only", "rasa", SG_VAR_DIR=str(tmp_path))
    assert started.returncode == 2
    assert "SG_ACTION_SECRET" in started.stderr
