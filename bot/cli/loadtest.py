"""Load test with Locust (`make loadtest`): one replica and the cluster, side by side.

For each target — one replica (`bot.cli.serve`, as `make run` starts it) and
the cluster (`bot.cli.cluster`, replicas behind HAProxy) — on free loopback
ports with rate limits lifted:

1. record the reference replies: every scripted conversation once, one
   message at a time, over REST and the web chat (bot/load/reference.py);
2. for each level (1, 10, 50, 200 concurrent conversations) run Locust
   headless (bot/load/locustfile.py), bounded by --run-time and
   --max-messages, and read its statistics and the verdict tally;
3. read the servers' CPU time and memory from /proc (bot/cli/loadgen.py).

Prints a table, writes var/loadtest/results.json, the results part of
docs/loadtest.md and docs/loadtest.png. `--short` is the check `make test`
runs: 10 conversations for 20 s against the cluster, failing on any lost,
out-of-order or wrong reply or error.

    python -m bot.cli.loadtest                          # both targets, 1,10,50,200
    python -m bot.cli.loadtest --targets replica --levels 1,10,50 --run-time 30
    python -m bot.cli.loadtest --short
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.cli import loadgen
from bot.cli import loadtest_report as report
from bot.cli.background import background_servers
from bot.cli.bench import ENV, NO_RATE_LIMITS
from bot.load.verdict import check_loopback
from bot.settings import PROJECT_ROOT

logger = logging.getLogger("sikkerhetsguiden.loadtest")

LOAD_BIN = PROJECT_ROOT / ".venv" / "load" / "bin"
LOCUSTFILE = PROJECT_ROOT / "bot" / "load" / "locustfile.py"
OUT_DIR = PROJECT_ROOT / "var" / "loadtest"
DOC = PROJECT_ROOT / "docs" / "loadtest.md"
PLOT = PROJECT_ROOT / "docs" / "loadtest.png"
LEVELS = (1, 10, 50, 200)
TARGETS = ("replica", "cluster")
SHORT_LEVEL, SHORT_RUN_TIME_S = 10, 20
IDLE_CPU_SHARE = 0.25  # all servers together below a quarter of one core count as idle
IDLE_WAIT_S = 60.0


@dataclass(frozen=True)
class Target:
    """A running target: its URL (loopback) and the server processes to measure."""

    name: str
    url: str
    pids: dict[str, int]


@contextmanager
def replica(extra_env: dict[str, str]) -> Iterator[Target]:
    """One replica: the Rasa server and the action server, as `make run` starts them."""
    with background_servers(extra_env=extra_env) as started:
        yield Target("replica", started.url, {"launcher": started.launcher.pid})


@contextmanager
def cluster(extra_env: dict[str, str]) -> Iterator[Target]:
    """The cluster of bot/cli/cluster.py: replicas behind the load balancer."""
    try:
        from bot.cli.cluster import running_cluster
    except ImportError as e:
        raise RuntimeError(f"the cluster launcher (bot.cli.cluster) is not available: {e}") from e
    with running_cluster(extra_env=extra_env) as running:
        yield Target("cluster", running.url, dict(running.pids))


STARTERS: dict[str, Callable[[dict[str, str]], AbstractContextManager[Target]]] = {
    "replica": replica,
    "cluster": cluster,
}


# --- server processes ----------------------------------------------------------------------


def _parent(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1])


def roots(pids: dict[str, int]) -> list[int]:
    """The pids none of whose ancestors is also listed (so no process tree counts twice)."""
    listed = set(pids.values())
    result = []
    for pid in listed:
        ancestor, inside = pid, False
        try:
            while ancestor > 1 and not inside:
                ancestor = _parent(ancestor)
                inside = ancestor in listed
        except FileNotFoundError:
            pass
        if not inside:
            result.append(pid)
    return sorted(result)


def server_cpu_s(target: Target) -> float:
    """CPU seconds the target's processes and their children have used so far."""
    return sum(loadgen.cpu_seconds(pid) for pid in roots(target.pids))


def server_rss_mib(target: Target) -> float:
    """Resident memory of the target's processes and their children (MiB)."""
    return sum(loadgen.rss_mib(pid) for pid in roots(target.pids))


def wait_idle(target: Target) -> None:
    """Until the servers have worked off what the last level left queued (bounded)."""
    deadline = time.monotonic() + IDLE_WAIT_S
    before = server_cpu_s(target)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = server_cpu_s(target)
        if now - before < IDLE_CPU_SHARE:
            return
        before = now
    logger.warning("    the servers were still busy %.0f s after the level", IDLE_WAIT_S)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- Locust --------------------------------------------------------------------------------


def record_reference(target: Target, path: Path) -> None:
    """Play every conversation once without load and keep the replies (in .venv/load)."""
    subprocess.run(
        [str(LOAD_BIN / "python"), "-m", "bot.load.reference",
         "--host", target.url, "--out", str(path)],
        cwd=PROJECT_ROOT, check=True,
    )  # fmt: skip


def locust_command(
    host: str, users: int, args: argparse.Namespace, reference: Path, prefix: Path
) -> list[str]:
    """The headless Locust run of one level (refuses a host that is not this machine)."""
    return [
        str(LOAD_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "--host", check_loopback(host),
        "-u", str(users), "-r", str(users),
        "--run-time", f"{args.run_time}s",
        "--stop-timeout", f"{math.ceil(args.reply_timeout) + 5}s",
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        "--exit-code-on-error", "0",
        "--reference", str(reference), "--tally", f"{prefix}_tally.json",
        "--max-messages", str(args.max_messages),
        "--reply-timeout", str(args.reply_timeout), "--think", args.think,
    ]  # fmt: skip


def run_level(
    target: Target, users: int, args: argparse.Namespace, reference: Path
) -> report.LevelResult:
    """One Locust run at `users` concurrent conversations, with the servers' CPU and memory."""
    prefix = OUT_DIR / target.name / f"n{users}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    for stale in prefix.parent.glob(f"{prefix.name}_*"):
        stale.unlink()
    command = locust_command(target.url, users, args, reference, prefix)
    server_before, client_before = server_cpu_s(target), _children_cpu_s()
    with (prefix.parent / f"{prefix.name}.log").open("wb") as log:
        subprocess.run(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, check=True,
            timeout=args.run_time + args.reply_timeout + 120,
        )  # fmt: skip
    server_s, client_s = server_cpu_s(target) - server_before, _children_cpu_s() - client_before
    return report.level_result(
        target.name, users,
        report.read_stats(Path(f"{prefix}_stats.csv")),
        report.read_tally(Path(f"{prefix}_tally.json")),
        server_cpu_s=server_s, client_cpu_s=client_s, server_rss_mib=server_rss_mib(target),
    )  # fmt: skip


def measure(name: str, args: argparse.Namespace) -> list[report.LevelResult]:
    """Start target `name`, record its reference, run every level; stop it."""
    results = []
    logger.info("==> %s: starting", name)
    with STARTERS[name]({**ENV, **NO_RATE_LIMITS}) as target:
        check_loopback(target.url)
        reference = OUT_DIR / name / "reference.json"
        reference.parent.mkdir(parents=True, exist_ok=True)
        logger.info("    recording the reference replies (no load)")
        record_reference(target, reference)
        for users in args.levels:
            wait_idle(target)
            logger.info("    %d concurrent conversations, %d s", users, args.run_time)
            result = run_level(target, users, args, reference)
            logger.info(
                "    %5.1f msg/s  p95 %5.0f ms  lost %d  out of order %d  wrong %d  errors %d",
                result.throughput, result.p95_ms, result.lost, result.out_of_order,
                result.wrong, result.errors,
            )  # fmt: skip
            results.append(result)
    return results


# --- command line --------------------------------------------------------------------------


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model or platform.processor()}), {platform.system()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; `--short` fixes targets, levels and run time unless they are given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default=None, help="replica,cluster (default both)")
    parser.add_argument("--levels", default=None, help="concurrent conversations (1,10,50,200)")
    parser.add_argument("--run-time", type=int, default=None, help="seconds per level (60)")
    parser.add_argument("--max-messages", type=int, default=5000, help="turns per level, at most")
    parser.add_argument("--reply-timeout", type=float, default=15.0, help="seconds")
    parser.add_argument("--think", default="1,3", help="think time between turns: MIN,MAX s")
    parser.add_argument("--short", action="store_true", help="the quick check of `make test`")
    args = parser.parse_args(argv)
    targets = args.targets or ("cluster" if args.short else ",".join(TARGETS))
    args.targets = [t.strip() for t in targets.split(",") if t.strip()]
    unknown = [t for t in args.targets if t not in STARTERS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; have {list(STARTERS)}")
    levels = args.levels or (str(SHORT_LEVEL) if args.short else ",".join(map(str, LEVELS)))
    args.levels = sorted({int(n) for n in levels.split(",")})
    if args.run_time is None:
        args.run_time = SHORT_RUN_TIME_S if args.short else 60
    return args


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    if not (LOAD_BIN / "locust").exists():
        logger.error("Locust is not installed in %s: run `make setup`.", LOAD_BIN.parent)
        return 2
    results: list[report.LevelResult] = []
    try:
        for name in args.targets:
            results += measure(name, args)
    except (RuntimeError, ValueError, subprocess.SubprocessError, report.MissingOutput) as e:
        logger.error("Load test failed: %s", e)
        return 2
    meta: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "settings": (
            f"{args.run_time} s per level (at most {args.max_messages} turns), think time "
            f"{args.think.replace(',', '–')} s, reply timeout {args.reply_timeout:.0f} s"
        ),
    }
    logger.info("\n%s\n", report.table(results))
    for text, ok in report.goal_checks(results):
        logger.info("%s  %s", "met   " if ok else "MISSED", text)
    name = "short" if args.short else "results"
    report.write_json(OUT_DIR / f"{name}.json", results, meta)
    if args.short:
        bad = sum(report.problems(r) for r in results)
        answered = sum(r.answered for r in results)
        if bad or not answered:
            logger.error("Load check failed: %d turns lost, misplaced or failed", bad)
            return 1
        return 0
    report.update_doc(DOC, report.markdown(results, meta))
    title = f"make loadtest, {meta['date']}, {meta['machine']}"
    report.plot(results, PLOT, title)
    logger.info("Written: %s, %s, %s", OUT_DIR / f"{name}.json", DOC, PLOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
