"""A cluster on one machine: Rasa and action replicas behind HAProxy, on PostgreSQL and Redis.

    python -m bot.cli.cluster start     # make cluster: returns once every replica answers
    python -m bot.cli.cluster stop      # make cluster-stop: stops exactly what start started
    python -m bot.cli.cluster status

The same environment variables as `make run` (.env.example), plus:

- `SG_CLUSTER_PORT` (8080): the load balancer, serving the URLs `make run` serves;
- `SG_REPLICAS` (2): Rasa replicas; `SG_ACTION_REPLICAS` (2): action servers;
- `SG_TRACKER_DB_URL` / `SG_REDIS_URL`: when unset, a database of its own is
  created on the local PostgreSQL (`SG_CLUSTER_PG_ADMIN_URL`, default
  postgresql://postgres@127.0.0.1:5432/postgres) and a free Redis database
  number is claimed on redis://127.0.0.1:6379; `stop` drops both again.

HAProxy runs bot/cluster/haproxy.cfg, the file docs/deployment.md gives an
operator. What was started is written to var/cluster/state.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
import redis
import requests
from psycopg2 import sql

from bot.channels.enabled import log_plan, plan_channels
from bot.cli.background import free_port
from bot.cli.serve import LaunchError, port_in_use, read_dotenv, secure_var_dir
from bot.settings import PROJECT_ROOT, ConfigError, Settings

logger = logging.getLogger("sikkerhetsguiden")

HAPROXY_CONFIG = PROJECT_ROOT / "bot" / "cluster" / "haproxy.cfg"
DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379"
REDIS_OWNER_KEY = "sikkerhetsguiden:cluster-owner"
MAX_BODY_BYTES = 1_048_576
START_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 20.0


@dataclass
class Cluster:
    """What `start` started: enough for `stop` to undo exactly that."""

    url: str
    run_dir: str
    pids: dict[str, int] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    database: str | None = None  # created by us, dropped by stop
    pg_admin_url: str | None = None
    redis_url: str | None = None  # a database number claimed by us, flushed by stop
    env: dict[str, str] = field(default_factory=dict, repr=False)  # never written to disk
    commands: dict[str, tuple[list[str], dict[str, str]]] = field(
        default_factory=dict, repr=False
    )  # what each process was started with (respawn), never written to disk

    def state(self) -> dict[str, Any]:
        """The part written to state.json (no secrets)."""
        return {
            "url": self.url,
            "run_dir": self.run_dir,
            "pids": self.pids,
            "ports": self.ports,
            "database": self.database,
            "pg_admin_url": self.pg_admin_url,
            "redis_url": self.redis_url,
        }


def _replicas(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip() or str(default)
    if not raw.isdigit() or not 1 <= int(raw) <= 2:
        # bot/cluster/haproxy.cfg names two servers per backend (docs/deployment.md: more).
        raise ConfigError(f"{name} må være 1 eller 2 med haproxy.cfg slik den er, fikk {raw!r}")
    return int(raw)


def create_database(admin_url: str, name: str) -> str:
    """Create database `name` on the server of `admin_url`; its SQLAlchemy URL."""
    connection = psycopg2.connect(admin_url)
    try:
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(admin_url: str, name: str) -> None:
    """Drop database `name`, ending any session still connected to it."""
    connection = psycopg2.connect(admin_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        connection.close()


def claim_redis_database(base_url: str, token: str) -> str:
    """Claim an empty Redis database number (1–15) for this run; its URL."""
    for number in range(1, 16):
        client = redis.StrictRedis.from_url(f"{base_url}/{number}")
        try:
            if client.dbsize() == 0 and client.set(REDIS_OWNER_KEY, token, nx=True):
                return f"{base_url}/{number}"
        finally:
            client.close()
    raise LaunchError(f"Fant ingen tom Redis-database (1–15) på {base_url}; sett SG_REDIS_URL.")


def release_redis_database(url: str) -> None:
    """Empty the Redis database claimed for this run."""
    client = redis.StrictRedis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def _spawn(command: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `command` in a session of its own (so stop can end its whole group)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, env=dict(env), cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip


def _launch(
    cluster: Cluster, name: str, command: list[str], env: dict[str, str]
) -> subprocess.Popen[bytes]:
    process = _spawn(command, env, Path(cluster.run_dir) / f"{name}.log")
    cluster.pids[name] = process.pid
    cluster.commands[name] = (command, env)
    return process


def respawn(cluster: Cluster, name: str) -> subprocess.Popen[bytes]:
    """Start process `name` again as it was started (after it died or was killed)."""
    command, env = cluster.commands[name]
    _reap(cluster.pids[name])
    process = _launch(cluster, name, command, env)
    _write_state(Path(cluster.run_dir), cluster)
    return process


def _wait(url: str, deadline: float, what: str, process: subprocess.Popen[bytes]) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LaunchError(f"{what} stoppet under oppstart (kode {process.returncode}).")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise LaunchError(f"{what} svarte ikke på {url} innen {START_TIMEOUT_S:.0f} s.")


def _haproxy_binary() -> str:
    for candidate in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise LaunchError("Fant ikke haproxy. Kjør `make haproxy` (Debian-pakken haproxy).")


def start(environ: Mapping[str, str], run_dir: Path) -> Cluster:
    """Start the whole cluster; returns once every replica answers through the balancer."""
    settings = Settings.from_env(environ)
    rasa_n = _replicas(environ, "SG_REPLICAS", 2)
    action_n = _replicas(environ, "SG_ACTION_REPLICAS", 2)
    cluster_port = int(environ.get("SG_CLUSTER_PORT", "").strip() or 8080)
    if port_in_use(settings.bind_host, cluster_port):
        raise LaunchError(
            f"Port {cluster_port} er i bruk (kjører klyngen allerede? `make cluster-stop`), "
            "eller velg en annen med SG_CLUSTER_PORT=…"
        )
    if not settings.model_path.is_file():
        raise LaunchError(f"Fant ingen modell i {settings.model_path}. Kjør `make train`.")
    haproxy = _haproxy_binary()
    secure_var_dir(run_dir)
    token = secrets.token_hex(4)
    host = "localhost" if settings.bind_host in ("127.0.0.1", "0.0.0.0") else settings.bind_host
    cluster = Cluster(url=f"http://{host}:{cluster_port}", run_dir=str(run_dir))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        env = {**environ}
        if settings.tracker_db_url is None:
            cluster.pg_admin_url = environ.get("SG_CLUSTER_PG_ADMIN_URL") or DEFAULT_PG_ADMIN
            cluster.database = f"sikkerhetsguiden_cluster_{token}"
            env["SG_TRACKER_DB_URL"] = create_database(cluster.pg_admin_url, cluster.database)
        if settings.redis is None:
            cluster.redis_url = claim_redis_database(DEFAULT_REDIS, token)
            env["SG_REDIS_URL"] = cluster.redis_url
        env["SG_REPLICAS"] = str(rasa_n)
        env["SG_PROXIES"] = "1"  # HAProxy's X-Forwarded-For names the client
        ports = {f"rasa{i}": free_port() for i in range(1, rasa_n + 1)}
        ports |= {f"actions{i}": free_port() for i in range(1, action_n + 1)}
        ports["actions-lb"] = free_port()
        ports["stats"] = free_port()
        cluster.ports = {"public": cluster_port, **ports}
        env.setdefault("SG_ACTION_SECRET", secrets.token_urlsafe(32))  # shared, this run only
        env["SG_ACTION_URL"] = f"http://127.0.0.1:{ports['actions-lb']}/webhook"
        settings = Settings.from_env(env)  # checks SG_REPLICAS against the stores
        log_plan(plan_channels(PROJECT_ROOT / "credentials.yml", env))
        cluster.env = env
        deadline = time.monotonic() + START_TIMEOUT_S
        # Each replica is `serve --only …`, exactly what the systemd units run.
        serve = [sys.executable, "-m", "bot.cli.serve", "--only"]
        waiting: list[tuple[str, str, subprocess.Popen[bytes]]] = []
        replicas = [
            ("actions", i, f"Handlingsserver {i}", "/health",
             {"SG_ACTION_PORT": str(ports[f"actions{i}"]), "SG_ACTION_HOST": "127.0.0.1"})
            for i in range(1, action_n + 1)
        ] + [
            ("rasa", i, f"Rasa-replika {i}", "/webhooks/rest/",
             {"SG_RASA_PORT": str(ports[f"rasa{i}"]), "SG_BIND_HOST": "127.0.0.1"})
            for i in range(1, rasa_n + 1)
        ]  # fmt: skip
        for role, i, label, health, own in replicas:
            name = f"{role}{i}"
            one = {**env, **own, "SG_VAR_DIR": str(run_dir / name)}
            process = _launch(cluster, name, [*serve, role], one)
            processes.append(process)
            waiting.append((label, f"http://127.0.0.1:{ports[name]}{health}", process))
        lb_env = {
            **env,
            "SG_BIND_HOST": settings.bind_host,
            "SG_CLUSTER_PORT": str(cluster_port),
            "SG_CLUSTER_ACTION_PORT": str(ports["actions-lb"]),
            "SG_CLUSTER_STATS_PORT": str(ports["stats"]),
            "SG_RATE_PER_ADDRESS": str(settings.address_messages_per_minute),
            "SG_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
        }
        for i in (1, 2):  # a backend of one replica names it twice
            lb_env[f"SG_RASA_{i}"] = f"127.0.0.1:{ports[f'rasa{min(i, rasa_n)}']}"
            lb_env[f"SG_ACTIONS_{i}"] = f"127.0.0.1:{ports[f'actions{min(i, action_n)}']}"
        balancer = _launch(cluster, "haproxy", [haproxy, "-db", "-f", str(HAPROXY_CONFIG)], lb_env)
        processes.append(balancer)
        _write_state(run_dir, cluster)
        for what, url, process in waiting:
            _wait(url, deadline, what, process)
        public = f"http://127.0.0.1:{cluster_port}"
        _wait(f"{public}/webhooks/rest/", deadline, "Lastbalansereren", balancer)
        # A replica that passed its first check is throttled for slowstart's 10 s;
        # return when all get their full share.
        wait_until_balanced(cluster, deadline - time.monotonic())
        return cluster
    except BaseException:
        stop(cluster)
        raise


def balancer_servers(cluster: Cluster) -> dict[str, str]:
    """Each server behind the balancer and its state: "UP", "UP 40%" (slowstart), "DOWN".

    Read from HAProxy's loopback status page (/stats;csv); empty when it does not answer.
    """
    try:
        answer = requests.get(f"http://127.0.0.1:{cluster.ports['stats']}/stats;csv", timeout=2)
        answer.raise_for_status()
    except (requests.RequestException, KeyError):
        return {}
    rows = csv.DictReader(io.StringIO(answer.text.lstrip("# ")))
    servers = {}
    for row in rows:
        if row["svname"] in ("FRONTEND", "BACKEND"):
            continue
        throttle = row.get("throttle") or ""
        servers[row["svname"]] = f"{row['status']} {throttle}%" if throttle else row["status"]
    return servers


def wait_until_balanced(cluster: Cluster, timeout: float) -> None:
    """Until every server behind the balancer is up at full weight (slowstart over)."""
    deadline = time.monotonic() + timeout
    servers: dict[str, str] = {}
    while time.monotonic() < deadline:
        servers = balancer_servers(cluster)
        if servers and all(state == "UP" for state in servers.values()):
            return
        time.sleep(0.5)
    states = ", ".join(f"{name} {state}" for name, state in servers.items()) or "ingen svar"
    raise LaunchError(f"Ikke alle replikaene er oppe i lastbalansereren ({states}).")


def _write_state(run_dir: Path, cluster: Cluster) -> None:
    path = run_dir / "state.json"
    path.write_text(json.dumps(cluster.state(), indent=2), encoding="utf8")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ours(pid: int) -> bool:
    """True when `pid` still runs what the cluster started (not a reused process id)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return b"bot.cli.serve" in command or b"haproxy" in command


def stop(cluster: Cluster) -> None:
    """Stop every process `cluster` started, then drop its database and Redis data."""
    for pid in cluster.pids.values():
        if not _ours(pid):
            continue
        try:
            os.killpg(pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            continue
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for pid in cluster.pids.values():
        while _alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if _alive(pid):
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        _reap(pid)
    if cluster.database and cluster.pg_admin_url:
        drop_database(cluster.pg_admin_url, cluster.database)
    if cluster.redis_url:
        release_redis_database(cluster.redis_url)
    state = Path(cluster.run_dir) / "state.json"
    state.unlink(missing_ok=True)


def _reap(pid: int) -> None:
    """Collect a child of this process that ended (no zombie left for _alive to see)."""
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def load_state(run_dir: Path) -> Cluster | None:
    """The cluster recorded in `run_dir`, if any."""
    path = run_dir / "state.json"
    if not path.is_file():
        return None
    return Cluster(**json.loads(path.read_text(encoding="utf8")))


@contextmanager
def running_cluster(
    extra_env: Mapping[str, str] | None = None, *, run_dir: Path | None = None
) -> Iterator[Cluster]:
    """A cluster on free ports with its own database, stopped afterwards (tests, load tests)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sikkerhetsguiden-cluster-") as scratch:
        env = {
            **os.environ,
            "SG_CLUSTER_PORT": str(free_port()),
            "SG_VAR_DIR": scratch,
            "SG_LOG_LEVEL": "warning",
            **(extra_env or {}),
        }
        cluster = start(env, run_dir or Path(scratch) / "cluster")
        cluster.url = cluster.url.replace("localhost", "127.0.0.1")
        try:
            yield cluster
        finally:
            stop(cluster)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    env = {**read_dotenv(PROJECT_ROOT / ".env"), **os.environ}
    try:
        run_dir = Settings.from_env(env).var_dir / "cluster"
    except ConfigError as e:
        logger.error("Kan ikke starte: %s", e)
        return 2
    existing = load_state(run_dir)
    if args.command == "stop":
        if existing is None:
            logger.info("Ingen klynge startet fra %s.", run_dir)
            return 0
        stop(existing)
        logger.info("Klyngen er stoppet; databasen og Redis-dataene den laget er slettet.")
        return 0
    if args.command == "status":
        if existing is None:
            logger.info("Ingen klynge kjører.")
            return 1
        for name, pid in existing.pids.items():
            logger.info("  %-10s pid %-7d %s", name, pid, "kjører" if _alive(pid) else "STOPPET")
        for name, state in balancer_servers(existing).items():
            logger.info("  %-10s i lastbalansereren: %s", name, state)
        return 0 if all(_alive(pid) for pid in existing.pids.values()) else 1
    if existing is not None and any(_alive(pid) for pid in existing.pids.values()):
        logger.error(
            "En klynge kjører allerede (%s). Stopp den med `make cluster-stop`.", existing.url
        )
        return 2
    try:
        cluster = start(env, run_dir)
    except (LaunchError, ConfigError) as e:
        logger.error("Kan ikke starte klyngen: %s", e)
        return 2
    except (psycopg2.Error, redis.exceptions.RedisError) as e:
        logger.error("Kan ikke starte klyngen: PostgreSQL eller Redis svarer ikke (%s)", e)
        return 2
    logger.info("Sikkerhetsguiden kjører som klynge (%s).", ", ".join(cluster.pids))
    logger.info("  Chat i nettleseren: %s/", cluster.url)
    logger.info("  REST: POST %s/webhooks/rest/webhook", cluster.url)
    logger.info("  Logger: %s   Stopp: make cluster-stop", run_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
