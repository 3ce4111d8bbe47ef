"""Start the action server and the Rasa server together; Ctrl-C stops both.

    python -m bot.cli.serve            # both servers, chat page at http://localhost:5005/
    python -m bot.cli.serve --shell    # action server + `rasa shell` in this terminal
    python -m bot.cli.serve --only rasa      # one replica of either server, for a unit
    python -m bot.cli.serve --only actions   # of a cluster (bot/cluster/systemd/)

Settings come from the environment (and a `.env` file if present; see
.env.example). The launcher checks that the ports are free, fills in the
`${...}` values of endpoints.yml, enables only the channels whose settings
are present, waits until both servers answer, and prints the chat URL.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import FrameType

from bot.channels.enabled import log_plan, plan_channels, write_enabled
from bot.schemas.registry import check_all
from bot.settings import PROJECT_ROOT, ConfigError, Secret, Settings

logger = logging.getLogger("sikkerhetsguiden")

BIN = Path(sys.executable).parent
START_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 15.0


class LaunchError(RuntimeError):
    """Something prevents the servers from starting; the message says what to do."""


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines of a .env file (no shell expansion, # comments)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on `port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def check_ports(settings: Settings, *, need_rasa: bool, need_actions: bool = True) -> None:
    """Fail with a clear message when a port is taken."""
    wanted = []
    if need_actions:
        wanted.append(("handlingsserveren (actions)", settings.action_port, "SG_ACTION_PORT"))
    if need_rasa:
        wanted.append(("Rasa-serveren", settings.rasa_port, "SG_RASA_PORT"))
    for label, port, variable in wanted:
        if port_in_use(settings.bind_host, port):
            raise LaunchError(
                f"Port {port} for {label} er allerede i bruk. Stopp det som kjører der "
                f"(f.eks. en tidligere `make run`: `lsof -i :{port}`), eller velg en annen "
                f"port med {variable}=…"
            )


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll `url` until it answers, the process dies or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LaunchError(f"Prosessen stoppet under oppstart (kode {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status < 500:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise LaunchError(f"Fikk ikke svar fra {url} innen {timeout:.0f} sekunder.")


def child_environment(settings: Settings, base: Mapping[str, str]) -> dict[str, str]:
    """Environment for the servers: endpoint values plus quieter third-party logs."""
    env = dict(base)
    env.update(settings.endpoint_environment())
    env["LOG_LEVEL"] = settings.log_level.upper()  # read by rasa and rasa_sdk
    env["RASA_TELEMETRY_ENABLED"] = "false"  # nothing about conversations leaves the machine
    # Rasa's turn lock expires after this many seconds (its default: 60). A replica that
    # dies mid-turn leaves its lock in Redis, and the conversation's next turn, on another
    # replica, waits for it to expire: 15 s instead of a minute (tests/cluster/test_faults.py).
    # Turns take well under a second, also at 200 concurrent conversations (docs/loadtest.md).
    env.setdefault("TICKET_LOCK_LIFETIME", "15")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def action_command(settings: Settings) -> list[str]:
    """Command line of the action server (rasa-sdk's app, closed by default)."""
    return [
        sys.executable, "-m", "bot.cli.actions_server",
        "--host", settings.action_host, "--port", str(settings.action_port),
    ]  # fmt: skip


def rasa_command(settings: Settings, credentials: Path, *, shell: bool) -> list[str]:
    """Command line of the Rasa server (or `rasa shell`)."""
    common = [
        "--model", str(settings.model_path), "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
    ]  # fmt: skip
    rasa = [sys.executable, "-m", "bot.cli.rasa_server"]  # Rasa with bot/patches.py applied
    if shell:
        return [*rasa, "shell", *common]
    command = [
        *rasa, "run", *common, "--credentials", str(credentials),
        "--interface", settings.bind_host, "--port", str(settings.rasa_port),
    ]  # fmt: skip
    if settings.cors_origins:
        command += ["--cors", *settings.cors_origins]
    return command


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Terminate the children, then kill whatever did not stop in time."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def secure_var_dir(var_dir: Path) -> None:
    """var/ holds conversations: 0700, its files 0600, and whatever the servers create too."""
    os.umask(0o077)  # inherited by both servers: tracker.db and logs are born 0600
    var_dir.mkdir(parents=True, exist_ok=True)
    var_dir.chmod(0o700)
    for path in var_dir.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def serve(settings: Settings, env: dict[str, str], *, shell: bool, only: str | None = None) -> int:
    """Start the servers (or `only` one of them) and block until one stops or we are interrupted."""
    want_actions, want_rasa = only in (None, "actions"), only in (None, "rasa") and not shell
    problems = check_all()  # before anything starts (the action server checks again)
    if problems:
        raise LaunchError("feil i datafilene (`make check-data`):\n" + "\n".join(problems))
    if want_rasa and not settings.model_path.is_file():
        raise LaunchError(f"Fant ingen modell i {settings.model_path}. Kjør `make train`.")
    check_ports(settings, need_rasa=want_rasa, need_actions=want_actions)
    secure_var_dir(settings.var_dir)
    plan = plan_channels(PROJECT_ROOT / "credentials.yml", env)
    credentials = settings.var_dir / "credentials.yml"
    write_enabled(plan, credentials)
    log_plan(plan)

    processes: list[subprocess.Popen[bytes]] = []

    def on_signal(signum: int, _: FrameType | None) -> None:
        raise KeyboardInterrupt

    # SIGINT too: a launcher started in the background (nohup, a CI job, `&`)
    # inherits SIGINT as ignored, and Ctrl-C or a supervisor's SIGINT would
    # then leave both servers running.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        if want_actions:
            actions = subprocess.Popen(action_command(settings), env=env, cwd=PROJECT_ROOT)
            processes.append(actions)
            action_host = "127.0.0.1" if settings.action_host == "0.0.0.0" else settings.action_host
            wait_until_up(f"http://{action_host}:{settings.action_port}/health", actions, 120)
            if not want_rasa and not shell:
                logger.info("Handlingsserveren kjører på port %d.", settings.action_port)
                return _watch(processes)
        if shell:
            return subprocess.call(rasa_command(settings, credentials, shell=True), env=env)
        server = subprocess.Popen(
            rasa_command(settings, credentials, shell=False), env=env, cwd=PROJECT_ROOT
        )
        processes.append(server)
        wait_until_up(
            f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/", server, START_TIMEOUT_S
        )
        host = "localhost" if settings.bind_host in ("127.0.0.1", "0.0.0.0") else settings.bind_host
        logger.info("Sikkerhetsguiden kjører.")
        logger.info("  Chat i nettleseren: http://%s:%d/", host, settings.rasa_port)
        logger.info("  REST: POST http://%s:%d/webhooks/rest/webhook", host, settings.rasa_port)
        logger.info("  Stopp med Ctrl-C.")
        return _watch(processes)
    except KeyboardInterrupt:
        logger.info("Stopper serverne …")
        return 0
    finally:
        stop(processes)


def _watch(processes: list[subprocess.Popen[bytes]]) -> int:
    """Block until one of `processes` stops (then the caller stops the rest)."""
    while all(p.poll() is None for p in processes):
        time.sleep(0.5)
    stopped = next(p for p in processes if p.poll() is not None)
    logger.error("En av serverne stoppet (kode %s); stopper resten.", stopped.returncode)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shell", action="store_true", help="rasa shell instead of the server")
    parser.add_argument(
        "--only", choices=("rasa", "actions"), help="start one of the two servers (a replica)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    env = {**read_dotenv(PROJECT_ROOT / ".env"), **os.environ}
    try:
        settings = Settings.from_env(env)
        if settings.action_secret is None and args.only:
            raise LaunchError(
                "--only krever SG_ACTION_SECRET, delt av Rasa-replikaene og handlingsserverne"
            )
        if settings.action_secret is None:  # one per run, shared by the two servers only
            settings = replace(settings, action_secret=Secret(secrets.token_urlsafe(32)))
        return serve(settings, child_environment(settings, env), shell=args.shell, only=args.only)
    except (LaunchError, ConfigError) as e:
        logger.error("Kan ikke starte: %s", e)
        return 2


if __name__ == "__main__":
    sys.exit(main())
