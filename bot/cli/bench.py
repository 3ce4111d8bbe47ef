"""Benchmarks side by side in one run (`make bench`), against stock Rasa.

Servers: the project (Rasa server + action server, as `make run` starts
them) and a stock `rasa init` bot served by the same Rasa, built once in
var/bench/ and cached. They are measured interleaved — project, stock,
project — so drift on a shared machine shows as a difference between the two
project runs. For each run:

- cold start: launch to the first reply to a real message;
- sequential latency p50/p95/p99 (one conversation at a time);
- throughput, p50/p95/p99 and lost (error or empty) replies with 1, 10 and 50
  concurrent conversations (bot/cli/loadgen.py);
- server CPU time per message (Rasa, and the action server), from /proc;
- resident memory after the load.

It prints a table, writes var/bench/results.json and plots latency and
throughput against concurrency to docs/bench.png. Targets are checked here,
never in timed tests (docs/bench.md).

    python -m bot.cli.bench                         # project, stock, project
    python -m bot.cli.bench --long                  # + 5,000 messages at 50 conversations
    python -m bot.cli.bench --runs project,two-workers,stock
    python -m bot.cli.bench --configs default,unexpected_intent   # retrain and compare configs
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from bot.cli import loadgen
from bot.cli.background import START_TIMEOUT_S, background_servers, free_port
from bot.settings import PROJECT_ROOT

logger = logging.getLogger("sikkerhetsguiden.bench")

BENCH_DIR = PROJECT_ROOT / "var" / "bench"
MESSAGES_FILE = Path(__file__).with_name("bench_messages.yml")
PLOT_FILE = PROJECT_ROOT / "docs" / "bench.png"
RASA = Path(sys.executable).parent / "rasa"
LEVELS = (1, 10, 50)
ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
# All simulated users share one address: the per-address limit would turn the load into 429s.
NO_RATE_LIMITS = {"SG_RATE_PER_ADDRESS": str(10**7), "SG_RATE_PER_SENDER": str(10**5)}

# What stock `rasa init` understands (its own English training data).
STOCK_CONVERSATIONS = [
    ["hello", "I am feeling sad", "yes", "goodbye"],
    ["hi there", "great, thanks", "bye"],
    ["are you a bot?", "good morning", "very unhappy", "no", "see you later"],
    ["hey", "I am happy", "ok bye"],
]

# Goals of issue 12, checked against the measured figures.
GOAL_CPU_MS = 45.0
GOAL_COLD_START_S = 25.0
GOAL_THROUGHPUT_FACTOR = 2.0


@dataclass
class Run:
    """One server measured: the same figures for the project and for stock Rasa."""

    name: str
    cold_start_s: float = 0.0
    sequential: dict[str, Any] = field(default_factory=dict)
    levels: list[dict[str, Any]] = field(default_factory=list)
    long: dict[str, Any] | None = None
    rss_mib: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Served:
    """A server being measured: its REST URL and the processes to read CPU and memory from."""

    url: str
    pids: dict[str, int]
    started_at: float


def load_conversations() -> list[list[str]]:
    """The project's benchmark conversations (realistic staff messages, in order)."""
    data: dict[str, list[list[str]]] = yaml.safe_load(MESSAGES_FILE.read_text("utf8"))
    return data["conversations"]


def load_messages(count: int) -> list[list[str]]:
    """`count` messages as conversations, cycling through the benchmark set."""
    result: list[list[str]] = []
    total = 0
    while total < count:
        for conversation in load_conversations():
            take = conversation[: count - total]
            if take:
                result.append(take)
                total += len(take)
    return result


def _first_reply(url: str, started_at: float, message: str) -> float:
    """Seconds from launch until `message` gets a non-empty reply."""
    while True:
        if time.monotonic() - started_at > START_TIMEOUT_S:
            raise RuntimeError(f"no reply within {START_TIMEOUT_S:.0f} s of the launch")
        try:
            answer = requests.post(
                f"{url}/webhooks/rest/webhook",
                json={"sender": "bench-cold-start", "message": message},
                timeout=30,
            )
            if answer.ok and answer.json():
                return time.monotonic() - started_at
        except requests.RequestException:
            pass
        time.sleep(0.2)


# --- the servers -------------------------------------------------------------------------


def stock_project() -> Path:
    """A stock `rasa init` bot for this Rasa version, trained once and cached in var/bench/."""
    import rasa

    directory = BENCH_DIR / f"stock-rasa-{rasa.__version__}"
    if not list((directory / "models").glob("*.tar.gz")):
        logger.info("==> building the stock `rasa init` bot in %s (once)", directory)
        building = directory.with_name(directory.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)  # rasa init wants the folder to exist
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(building)],
            cwd=building, env={**os.environ, **ENV}, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(directory, ignore_errors=True)
        building.rename(directory)
    return directory


@contextmanager
def serve_stock() -> Iterator[Served]:
    """`rasa run` of the stock bot on a free port, as its users would start it."""
    directory = stock_project()
    port = free_port()
    started_at = time.monotonic()
    process = subprocess.Popen(
        [str(RASA), "run", "--port", str(port), "--model", "models", "--interface", "127.0.0.1"],
        cwd=directory, env={**os.environ, **ENV},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield Served(f"http://127.0.0.1:{port}", {"rasa": process.pid}, started_at)
    finally:
        process.terminate()
        process.wait(timeout=60)


@contextmanager
def serve_project(model: Path, extra_env: dict[str, str] | None = None) -> Iterator[Served]:
    """The project's servers as `make run` starts them (own state, free ports)."""
    started_at = time.monotonic()
    env = {**ENV, **NO_RATE_LIMITS, **(extra_env or {})}
    with background_servers(model=model, extra_env=env) as started:
        launcher = started.launcher.pid
        # The launcher starts the action server first, then the Rasa server.
        children = [
            int(c) for c in Path(f"/proc/{launcher}/task/{launcher}/children").read_text().split()
        ]
        yield Served(started.url, {"rasa": children[1], "actions": children[0]}, started_at)


def _redis_db() -> str | None:
    """A Redis URL for the two-worker run, or None when no Redis answers on 127.0.0.1:6379."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return "redis://127.0.0.1:6379/13"
    except OSError:
        return None


def _runs(model: Path) -> dict[str, Callable[[], Any]]:
    runs: dict[str, Callable[[], Any]] = {
        "project": lambda: serve_project(model),
        "stock": serve_stock,
    }
    redis = _redis_db()
    if redis:
        # Two Sanic workers need a lock store all workers share (Rasa refuses otherwise).
        runs["two-workers"] = lambda: serve_project(
            model, {"SG_WORKERS": "2", "SG_REDIS_URL": redis}
        )
    return runs


# --- measuring ---------------------------------------------------------------------------


def measure(
    name: str, served: Served, conversations: list[list[str]], args: argparse.Namespace
) -> Run:
    """Everything for one server, in a fixed order."""
    run = Run(name)
    run.cold_start_s = _first_reply(served.url, served.started_at, conversations[0][0])
    url = f"{served.url}/webhooks/rest/webhook"

    def level(concurrency: int, messages: int, tag: str) -> loadgen.LevelResult:
        return loadgen.run_level(
            url, conversations, concurrency=concurrency, messages=messages,
            prefix=f"{name}-{tag}", pids=served.pids,
        )  # fmt: skip

    level(4, 40, "warm")  # first-use costs are the cold start's, not the load's
    run.sequential = level(1, args.sequential, "seq").summary()
    for concurrency in LEVELS:
        messages = max(args.per_level, 10 * concurrency)
        run.levels.append(level(concurrency, messages, f"n{concurrency}").summary())
    if args.long:
        run.long = level(50, 5000, "long").summary()
    run.rss_mib = {label: round(loadgen.rss_mib(pid), 0) for label, pid in served.pids.items()}
    return run


# --- reporting ---------------------------------------------------------------------------


def table(runs: list[Run]) -> str:
    """The side-by-side table as text."""
    head = (
        f"{'run':<14}{'cold s':>7}{'seq p50':>8}{'p95':>6}{'p99':>6}"
        + "".join(f"{'N=' + str(n) + ' msg/s':>12}{'p95':>7}" for n in LEVELS)
        + f"{'lost':>6}{'CPU ms/msg':>12}{'actions':>9}{'RSS MiB':>9}{'actions':>9}"
    )
    lines = [head, "-" * len(head)]
    for run in runs:
        seq = run.sequential
        lost = sum(level["lost"] for level in run.levels) + (run.long or {}).get("lost", 0)
        busiest = run.levels[-1]["cpu_ms_per_message"]
        row = f"{run.name:<14}{run.cold_start_s:>7.1f}{seq['p50_ms']:>8.0f}"
        row += f"{seq['p95_ms']:>6.0f}{seq['p99_ms']:>6.0f}"
        for level in run.levels:
            row += f"{level['throughput']:>12.1f}{level['p95_ms']:>7.0f}"
        row += f"{lost:>6d}{busiest.get('rasa', 0):>12.1f}{busiest.get('actions', 0):>9.1f}"
        row += f"{run.rss_mib.get('rasa', 0):>9.0f}{run.rss_mib.get('actions', 0):>9.0f}"
        lines.append(row)
    lines.append(
        "CPU ms/msg: server CPU time per message at N=50 (all processes of the server); "
        "RSS after the load."
    )
    return "\n".join(lines)


def goals(runs: list[Run]) -> list[str]:
    """Issue 12's goals against this run's figures (project runs against the stock run)."""
    stock = next((r for r in runs if r.name == "stock"), None)
    lines = []
    for run in runs:
        if run.name == "stock":
            continue
        cpu = run.levels[-1]["cpu_ms_per_message"].get("rasa", 0)
        checks = [
            (f"Rasa CPU/msg {cpu:.1f} ms ≤ {GOAL_CPU_MS:.0f}", cpu <= GOAL_CPU_MS),
            (
                f"cold start {run.cold_start_s:.1f} s ≤ {GOAL_COLD_START_S:.0f}",
                run.cold_start_s <= GOAL_COLD_START_S,
            ),
        ]
        if stock:
            ours, theirs = run.sequential["p50_ms"], stock.sequential["p50_ms"]
            checks.append((f"sequential p50 {ours:.0f} ≤ stock {theirs:.0f} ms", ours <= theirs))
            ours, theirs = run.levels[-1]["throughput"], stock.levels[-1]["throughput"]
            checks.append(
                (f"N=50 throughput {ours:.1f} ≥ {GOAL_THROUGHPUT_FACTOR:.0f} × stock {theirs:.1f}",
                 ours >= GOAL_THROUGHPUT_FACTOR * theirs)
            )  # fmt: skip
        if run.long:
            checks.append((f"lost in 5,000 at N=50: {run.long['lost']}", run.long["lost"] == 0))
        for text, ok in checks:
            lines.append(f"{run.name:<14}{'met ' if ok else 'MISSED'}  {text}")
    return lines


def plot(runs: list[Run], path: Path = PLOT_FILE) -> None:
    """Latency (p50, p95) and throughput against concurrency, one line per run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for index, run in enumerate(runs):
        levels = [level["concurrency"] for level in run.levels]
        colour = "tab:grey" if run.name == "stock" else f"C{index}"
        label = "stock rasa init" if run.name == "stock" else f"{run.name} (run {index + 1})"
        latency.plot(
            levels, [lv["p50_ms"] for lv in run.levels], "o-", color=colour, label=f"{label} p50"
        )
        latency.plot(
            levels, [lv["p95_ms"] for lv in run.levels], "s--", color=colour, label=f"{label} p95"
        )
        throughput.plot(
            levels, [lv["throughput"] for lv in run.levels], "o-", color=colour, label=label
        )
    latency.set(xscale="log", yscale="log", ylabel="latency (ms)", title="Reply latency")
    throughput.set(xscale="log", ylabel="messages per second", title="Throughput")
    for axis in (latency, throughput):
        axis.set_xlabel("concurrent conversations")
        axis.set_xticks(list(LEVELS), [str(n) for n in LEVELS])
        axis.grid(True, alpha=0.3)
    latency.legend(fontsize=7)
    throughput.legend(fontsize=7)
    figure.suptitle(
        "make bench: Sikkerhetsguiden vs stock rasa init, same Rasa, same machine", fontsize=10
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- configurations and lemma tables (retraining; only when asked) -------------------------


def _unexpected_intent(config: dict[str, Any]) -> dict[str, Any]:
    config["policies"].append({"name": "UnexpecTEDIntentPolicy", "max_history": 4, "epochs": 40})
    return config


VARIANTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "default": lambda config: config,
    "unexpected_intent": _unexpected_intent,
}


def _train(name: str, config: dict[str, Any]) -> tuple[Path, float]:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    config_path = BENCH_DIR / f"config-{name}.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf8")
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--config", str(config_path),
         "--fixed-model-name", f"bench-{name}", "--out", str(BENCH_DIR), "--force"],
        cwd=PROJECT_ROOT, env={**os.environ, **ENV}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return BENCH_DIR / f"bench-{name}.tar.gz", time.monotonic() - started


def compare_configs(names: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Train each configuration and measure it as a project run (train time included)."""
    base = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text("utf8"))
    rows = []
    for name in names:
        logger.info("==> config %s: training", name)
        model, train_s = _train(name, VARIANTS[name](json.loads(json.dumps(base))))
        with serve_project(model) as served:
            run = measure(f"config-{name}", served, load_conversations(), args)
        rows.append({"config": name, "train_s": round(train_s, 1), **run.__dict__})
        logger.info(
            "%-20s train %6.1f s  cold %5.1f s  seq p50 %5.0f ms  N=50 %5.1f msg/s  RSS %5.0f MiB",
            name, train_s, run.cold_start_s, run.sequential["p50_ms"],
            run.levels[-1]["throughput"], run.rss_mib.get("rasa", 0),
        )  # fmt: skip
    return rows


def lemma_tables() -> list[dict[str, Any]]:
    """Coverage of our training data and memory of both lemma tables."""
    import re

    from bot.nlu.lemmas import MERGED_TABLE, SMALL_TABLE, LookupLemmatizer, lemma_table

    words = []
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        words += re.findall(r"[a-zæøå]+", path.read_text("utf8").lower())
    rows = []
    for kind in (SMALL_TABLE, MERGED_TABLE):
        lemma_table.cache_clear()
        tracemalloc.start()
        before = time.perf_counter()
        table = lemma_table(kind)
        build_s = time.perf_counter() - before
        memory = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        lemmatizer = LookupLemmatizer(table)
        changed = sum(1 for word in words if lemmatizer.lemmatize(word) != word)
        rows.append(
            {
                "table": kind,
                "entries": len(table),
                "memory_mb": round(memory, 1),
                "build_s": round(build_s, 2),
                "tokens": len(words),
                "tokens_lemmatized_pct": round(100 * changed / max(1, len(words)), 1),
            }
        )
    return rows


# --- command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        default="project,stock,project",
        help="servers in order: project, stock, two-workers",
    )
    parser.add_argument(
        "--model", type=Path, default=PROJECT_ROOT / "models" / "sikkerhetsguiden.tar.gz"
    )
    parser.add_argument("--sequential", type=int, default=200, help="messages one at a time")
    parser.add_argument("--per-level", type=int, default=300, help="messages per concurrency level")
    parser.add_argument("--long", action="store_true", help="also 5,000 messages at N=50")
    parser.add_argument("--configs", default="", help="retrain and compare these configurations")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.model.exists():
        logger.error("No model at %s: run `make train` first.", args.model)
        return 2
    available = _runs(args.model)
    unknown = [name for name in args.runs.split(",") if name not in available]
    if unknown:
        logger.error("Unknown or unavailable run(s): %s (have: %s)", unknown, sorted(available))
        return 2
    runs = []
    for name in args.runs.split(","):
        conversations = STOCK_CONVERSATIONS if name == "stock" else load_conversations()
        logger.info("==> %s", name)
        with available[name]() as served:
            runs.append(measure(name, served, conversations, args))
        logger.info("    %s", runs[-1].levels[-1])
    logger.info("\n%s\n", table(runs))
    for line in goals(runs):
        logger.info("%s", line)
    results: dict[str, Any] = {"runs": [run.__dict__ for run in runs]}
    if args.configs:
        results["configs"] = compare_configs(args.configs.split(","), args)
    results["lemmas"] = lemma_tables()
    logger.info("\n%-10s%10s%12s%10s%10s%14s", "lemmas", "entries", "memory MiB", "build s",
                "tokens", "lemmatized %")  # fmt: skip
    for row in results["lemmas"]:
        logger.info("%-10s%10d%12.1f%10.2f%10d%14.1f", *row.values())
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / "results.json"
    out.write_text(json.dumps(results, indent=2))
    if not args.no_plot:
        plot(runs)
        logger.info("\nPlot written to %s", PLOT_FILE.relative_to(PROJECT_ROOT))
    logger.info("Results written to %s", out.relative_to(PROJECT_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
