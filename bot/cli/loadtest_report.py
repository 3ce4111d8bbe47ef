"""Figures of `make loadtest`: Locust's CSV and the verdict tally in, table, doc and plot out.

Used by bot/cli/loadtest.py. Locust writes `<prefix>_stats.csv` (one row per
request name and an "Aggregated" row with the percentiles over all turns,
failed ones included); the locustfile writes the tally of verdicts
(`<channel>.<verdict>` → count, plus "turns").
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.load.verdict import CHANNELS, Verdict

GOAL_CONCURRENCY = 50
GOAL_P95_MS = 1000.0
DOC_START = "<!-- loadtest:results -->"
DOC_END = "<!-- /loadtest:results -->"
TARGET_LABELS = {"replica": "one replica", "cluster": "cluster"}


class MissingOutput(RuntimeError):
    """Locust wrote no statistics (it failed before or during the run)."""


@dataclass(frozen=True)
class Stats:
    """Locust's "Aggregated" row: every turn of both channels."""

    requests: int
    failures: int
    requests_per_s: float
    failures_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(frozen=True)
class LevelResult:
    """One target at one concurrency level."""

    target: str
    concurrency: int
    turns: int
    answered: int
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    lost: int
    out_of_order: int
    wrong: int
    errors: int
    server_cpu_ms_per_message: float
    client_cpu_ms_per_message: float
    server_rss_mib: float


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_stats(path: Path) -> Stats:
    """The "Aggregated" row of a Locust `_stats.csv`."""
    if not path.exists():
        raise MissingOutput(f"Locust wrote no {path.name}")
    with path.open(newline="", encoding="utf8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return Stats(
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    requests_per_s=_number(row["Requests/s"]),
                    failures_per_s=_number(row["Failures/s"]),
                    p50_ms=_number(row["50%"]),
                    p95_ms=_number(row["95%"]),
                    p99_ms=_number(row["99%"]),
                )
    raise MissingOutput(f"{path.name} has no Aggregated row")


def read_tally(path: Path) -> dict[str, int]:
    """The locustfile's verdict counts, summed over channels: "turns", "ok", "lost", …."""
    if not path.exists():
        raise MissingOutput(f"Locust wrote no {path.name}")
    raw: dict[str, int] = json.loads(path.read_text("utf8"))
    totals = {verdict.value: 0 for verdict in Verdict}
    totals["turns"] = int(raw.get("turns", 0))
    for key, count in raw.items():
        channel, _, verdict = key.partition(".")
        if channel in CHANNELS and verdict in totals:
            totals[verdict] += int(count)
    return totals


def level_result(
    target: str,
    concurrency: int,
    stats: Stats,
    tally: Mapping[str, int],
    *,
    server_cpu_s: float,
    client_cpu_s: float,
    server_rss_mib: float,
) -> LevelResult:
    """One level's figures; throughput counts only replies that matched the reference."""
    turns = tally["turns"]
    return LevelResult(
        target=target,
        concurrency=concurrency,
        turns=turns,
        answered=tally[Verdict.OK.value],
        throughput=round(stats.requests_per_s - stats.failures_per_s, 2),
        p50_ms=stats.p50_ms,
        p95_ms=stats.p95_ms,
        p99_ms=stats.p99_ms,
        lost=tally[Verdict.LOST.value],
        out_of_order=tally[Verdict.OUT_OF_ORDER.value],
        wrong=tally[Verdict.WRONG.value],
        # Failed session starts are errors without a turn; Locust counts them as requests.
        errors=tally[Verdict.ERROR.value],
        server_cpu_ms_per_message=round(server_cpu_s * 1000 / max(1, turns), 1),
        client_cpu_ms_per_message=round(client_cpu_s * 1000 / max(1, turns), 1),
        server_rss_mib=round(server_rss_mib),
    )


def problems(result: LevelResult) -> int:
    """Lost, out-of-order, wrong and failed turns together."""
    return result.lost + result.out_of_order + result.wrong + result.errors


def table(results: Sequence[LevelResult]) -> str:
    """Levels as rows, targets side by side, as fixed-width text."""
    targets = list(dict.fromkeys(r.target for r in results))
    levels = sorted({r.concurrency for r in results})
    by_key = {(r.target, r.concurrency): r for r in results}
    cells = f"{'msg/s':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
    cells += f"{'lost':>6}{'order':>6}{'wrong':>6}{'err':>5}"
    width = len(cells)
    lines = [f"{'':>6} " + " | ".join(f"{TARGET_LABELS.get(t, t):<{width}}" for t in targets)]
    lines.append(f"{'N':>6} " + " | ".join(cells for _ in targets))
    for level in levels:
        row = []
        for target in targets:
            r = by_key.get((target, level))
            if r is None:
                row.append(" " * width)
                continue
            row.append(
                f"{r.throughput:>7.1f}{r.p50_ms:>7.0f}{r.p95_ms:>7.0f}{r.p99_ms:>7.0f}"
                f"{r.lost:>6d}{r.out_of_order:>6d}{r.wrong:>6d}{r.errors:>5d}"
            )
        lines.append(f"{level:>6} " + " | ".join(row))
    return "\n".join(lines)


def goal_checks(results: Sequence[LevelResult]) -> list[tuple[str, bool]]:
    """The goal at 50 concurrent conversations, per target: nothing lost or misplaced, p95 ≤ 1 s."""
    checks = []
    for r in results:
        if r.concurrency != GOAL_CONCURRENCY:
            continue
        label = TARGET_LABELS.get(r.target, r.target)
        checks += [
            (f"{label}: lost {r.lost}, errors {r.errors} (goal 0)", r.lost + r.errors == 0),
            (
                f"{label}: out of order {r.out_of_order}, wrong {r.wrong} (goal 0)",
                r.out_of_order + r.wrong == 0,
            ),
            (f"{label}: p95 {r.p95_ms:.0f} ms (goal ≤ {GOAL_P95_MS:.0f})", r.p95_ms <= GOAL_P95_MS),
        ]
    return checks


def markdown(results: Sequence[LevelResult], meta: Mapping[str, Any]) -> str:
    """The generated part of docs/loadtest.md: settings, table, goal check."""
    targets = list(dict.fromkeys(r.target for r in results))
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; {meta['settings']}.",
        "",
        "| target | N | answered msg/s | p50 ms | p95 ms | p99 ms | lost | out of order | wrong "
        "| errors | server CPU ms/msg | Locust CPU ms/msg | server RSS MiB |",
        "| --- |" + " ---: |" * 12,
    ]
    for target in targets:
        for r in (r for r in results if r.target == target):
            lines.append(
                f"| {TARGET_LABELS.get(target, target)} | {r.concurrency} | {r.throughput:.1f} "
                f"| {r.p50_ms:.0f} | {r.p95_ms:.0f} | {r.p99_ms:.0f} | {r.lost} "
                f"| {r.out_of_order} | {r.wrong} | {r.errors} | {r.server_cpu_ms_per_message:.0f} "
                f"| {r.client_cpu_ms_per_message:.0f} | {r.server_rss_mib:.0f} |"
            )
    checks = goal_checks(results)
    lines += ["", f"Goal at N = {GOAL_CONCURRENCY}:", ""]
    if not checks:
        lines.append(f"- not measured (no level {GOAL_CONCURRENCY} in this run)")
    for text, ok in checks:
        lines.append(f"- {'met' if ok else '**missed**'}: {text}")
    return "\n".join(lines)


def update_doc(path: Path, block: str) -> None:
    """Replace the text between the result markers of `path` with `block` (appended if absent)."""
    text = path.read_text("utf8") if path.exists() else ""
    generated = f"{DOC_START}\n{block}\n{DOC_END}"
    if DOC_START in text and DOC_END in text:
        head, rest = text.split(DOC_START, 1)
        text = head + generated + rest.split(DOC_END, 1)[1]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + generated + "\n"
    path.write_text(text, "utf8")


def write_json(path: Path, results: Sequence[LevelResult], meta: Mapping[str, Any]) -> None:
    """All figures and the run's settings as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**meta, "levels": [asdict(r) for r in results]}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), "utf8")


def plot(results: Sequence[LevelResult], path: Path, title: str) -> None:
    """Throughput and p95 against concurrency, one line per target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (throughput, latency) = plt.subplots(1, 2, figsize=(11, 4.2))
    levels = sorted({r.concurrency for r in results})
    for index, target in enumerate(dict.fromkeys(r.target for r in results)):
        mine = sorted((r for r in results if r.target == target), key=lambda r: r.concurrency)
        label = TARGET_LABELS.get(target, target)
        x = [r.concurrency for r in mine]
        throughput.plot(x, [r.throughput for r in mine], "o-", color=f"C{index}", label=label)
        latency.plot(x, [r.p95_ms for r in mine], "s-", color=f"C{index}", label=f"{label} p95")
    latency.axhline(GOAL_P95_MS, color="tab:grey", linestyle=":", label="goal p95 ≤ 1 s")
    throughput.set(xscale="log", ylabel="answered messages per second", title="Throughput")
    latency.set(xscale="log", yscale="log", ylabel="p95 latency (ms)", title="Reply latency (p95)")
    for axis in (throughput, latency):
        axis.set_xlabel("concurrent conversations")
        axis.set_xticks(levels, [str(n) for n in levels])
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
