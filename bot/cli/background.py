"""Start both servers in the background for a command (eval, bench, demos)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from bot.settings import PROJECT_ROOT

START_TIMEOUT_S = 300.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Started:
    """Servers started in the background."""

    url: str
    launcher: subprocess.Popen[bytes]
    start_s: float


@contextmanager
def background_servers(
    *, model: Path | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[Started]:
    """Run `bot.cli.serve` on free ports with its own state; stop it afterwards."""
    rasa_port, action_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="sikkerhetsguiden-") as var_dir:
        env = {
            **os.environ,
            "SG_RASA_PORT": str(rasa_port),
            "SG_ACTION_PORT": str(action_port),
            "SG_VAR_DIR": var_dir,
            "SG_LOG_LEVEL": "warning",
            **({"SG_MODEL": str(model)} if model else {}),
            **(extra_env or {}),
        }
        url = f"http://127.0.0.1:{rasa_port}"
        started = time.monotonic()
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bot.cli.serve"], cwd=PROJECT_ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            while True:
                if launcher.poll() is not None:
                    raise RuntimeError(
                        "the servers stopped during start-up (run `make run` to see why)"
                    )
                if time.monotonic() - started > START_TIMEOUT_S:
                    raise RuntimeError(f"the servers did not start within {START_TIMEOUT_S:.0f} s")
                try:
                    if requests.get(f"{url}/webhooks/rest/", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            yield Started(url=url, launcher=launcher, start_s=time.monotonic() - started)
        finally:
            launcher.terminate()
            launcher.wait(timeout=60)
