"""Benchmarks: configurations side by side in one run (`make bench`).

For each configuration the model is trained, both servers are started, and a
fixed set of realistic messages is sent over REST. Reported per configuration:
train time, start time, p50/p95/max latency, and resident memory (current and
peak) of the Rasa server and the action server. A second table compares the
two lemma tables of the fallback backend (coverage of our own training data,
memory, build time).

    python -m bot.cli.bench                       # default vs UnexpecTEDIntentPolicy
    python -m bot.cli.bench --messages 50 --configs default
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests
import yaml

from bot.cli.background import background_servers
from bot.settings import PROJECT_ROOT

logger = logging.getLogger("sikkerhetsguiden.bench")

BENCH_DIR = PROJECT_ROOT / "var" / "bench"
MESSAGES_FILE = Path(__file__).with_name("bench_messages.yml")


def _unexpected_intent(config: dict[str, Any]) -> dict[str, Any]:
    config["policies"].append({"name": "UnexpecTEDIntentPolicy", "max_history": 4, "epochs": 40})
    return config


VARIANTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "default": lambda config: config,
    "unexpected_intent": _unexpected_intent,
}


@dataclass
class Result:
    """Measurements for one configuration."""

    name: str
    train_s: float
    start_s: float
    messages: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    rasa_rss_mb: float
    rasa_peak_mb: float
    actions_rss_mb: float
    actions_peak_mb: float


def _memory_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _train(name: str, config: dict[str, Any], env: dict[str, str]) -> tuple[Path, float]:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    config_path = BENCH_DIR / f"config-{name}.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf8")
    started = time.monotonic()
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "--config", str(config_path),
         "--fixed-model-name", f"bench-{name}", "--out", str(BENCH_DIR), "--force"],
        cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return BENCH_DIR / f"bench-{name}.tar.gz", time.monotonic() - started


def _run_servers(name: str, model: Path, messages: list[list[str]]) -> Result:
    with background_servers(model=model) as started:
        url = f"{started.url}/webhooks/rest/webhook"
        latencies = []
        for index, conversation in enumerate(messages):
            for text in conversation:
                before = time.perf_counter()
                answer = requests.post(url, json={"sender": f"bench-{index}", "message": text})
                answer.raise_for_status()
                latencies.append((time.perf_counter() - before) * 1000)
        # The action server is started first, so it is the launcher's first child.
        children = _children(started.launcher.pid)
        (actions_rss, actions_peak), (rasa_rss, rasa_peak) = (_memory_mb(p) for p in children[:2])
    ordered = sorted(latencies)
    return Result(
        name=name,
        train_s=0.0,
        start_s=started.start_s,
        messages=len(latencies),
        p50_ms=statistics.median(ordered),
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))],
        max_ms=ordered[-1],
        rasa_rss_mb=rasa_rss,
        rasa_peak_mb=rasa_peak,
        actions_rss_mb=actions_rss,
        actions_peak_mb=actions_peak,
    )


def load_messages(count: int) -> list[list[str]]:
    """`count` messages as conversations, cycling through the benchmark set."""
    conversations: list[list[str]] = yaml.safe_load(MESSAGES_FILE.read_text("utf8"))[
        "conversations"
    ]
    result: list[list[str]] = []
    total = 0
    while total < count:
        for conversation in conversations:
            take = conversation[: count - total]
            if take:
                result.append(take)
                total += len(take)
    return result


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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--configs", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    base = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text("utf8"))
    messages = load_messages(args.messages)
    results = []
    for name in args.configs.split(","):
        logger.info("==> %s: training", name)
        model, train_s = _train(name, VARIANTS[name](json.loads(json.dumps(base))), env)
        logger.info("==> %s: serving %d messages", name, args.messages)
        result = _run_servers(name, model, messages)
        result.train_s = train_s
        results.append(result)
    header = f"{'config':<18}{'train s':>9}{'start s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    header += f"{'rasa MiB':>10}{'(peak)':>8}{'actions MiB':>13}{'(peak)':>8}"
    logger.info("\n%s", header)
    for r in results:
        logger.info(
            "%-18s%9.1f%9.1f%9.1f%9.1f%9.1f%10.0f%8.0f%13.0f%8.0f",
            r.name, r.train_s, r.start_s, r.p50_ms, r.p95_ms, r.max_ms,
            r.rasa_rss_mb, r.rasa_peak_mb, r.actions_rss_mb, r.actions_peak_mb,
        )  # fmt: skip
    tables = lemma_tables()
    logger.info("\n%-10s%10s%12s%10s%10s%14s", "lemmas", "entries", "memory MiB", "build s",
                "tokens", "lemmatized %")  # fmt: skip
    for row in tables:
        logger.info("%-10s%10d%12.1f%10.2f%10d%14.1f", *row.values())
    out = BENCH_DIR / "results.json"
    out.write_text(
        json.dumps({"servers": [asdict(r) for r in results], "lemmas": tables}, indent=2)
    )
    logger.info("\nResults written to %s", out.relative_to(PROJECT_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
