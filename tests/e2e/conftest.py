"""Start the real servers once per test session and talk to them over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.cli.background import free_port

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "sikkerhetsguiden.tar.gz"
START_TIMEOUT_S = 240


@dataclass
class Servers:
    """A running launcher: its ports, log file and process."""

    process: subprocess.Popen[bytes]
    rasa_port: int
    action_port: int
    var_dir: Path
    log: Path
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def say(self, sender: str, message: Any) -> list[dict[str, Any]]:
        """Send one message over REST and return the replies."""
        answer = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        answer.raise_for_status()
        replies: list[dict[str, Any]] = answer.json()
        return replies

    def log_text(self) -> str:
        return self.log.read_text("utf8", errors="replace")


def start_servers(tmp: Path, extra_env: dict[str, str] | None = None) -> Servers:
    if not MODEL.is_file():
        pytest.fail(f"no trained model at {MODEL}; run `make train` first")
    rasa_port, action_port = free_port(), free_port()
    env = {
        **os.environ,
        "SG_RASA_PORT": str(rasa_port),
        "SG_ACTION_PORT": str(action_port),
        "SG_VAR_DIR": str(tmp / "var"),
        "SG_LOG_LEVEL": "info",
        # Every test talks from 127.0.0.1: one address, hundreds of messages a minute.
        "SG_RATE_PER_ADDRESS": "100000",
        "SG_RATE_PER_SENDER": "100000",
        **(extra_env or {}),
    }
    log = tmp / "servers.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli.serve"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    servers = Servers(process, rasa_port, action_port, tmp / "var", log, env)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"servers exited during start-up:\n{servers.log_text()[-3000:]}")
        if "Sikkerhetsguiden kjører" in servers.log_text():
            return servers
        time.sleep(1)
    process.kill()
    pytest.fail(f"servers did not start in {START_TIMEOUT_S}s:\n{servers.log_text()[-3000:]}")


def stop_servers(servers: Servers) -> int:
    servers.process.send_signal(signal.SIGINT)
    return servers.process.wait(timeout=60)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    running = start_servers(tmp_path_factory.mktemp("e2e"))
    yield running
    if running.process.poll() is None:
        stop_servers(running)
