"""Play conversations against a Rasa REST channel at a fixed concurrency and time every reply.

Used by `make bench` (bot/cli/bench.py). Each simulated user owns one
conversation id and waits for the reply before sending its next message, as a
person in the chat would; `concurrency` users run at once. A reply that is an
HTTP error, a timeout or an empty list counts as lost: every message the
benchmark sends expects an answer.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

REPLY_TIMEOUT_S = 60.0


@dataclass
class LevelResult:
    """What one concurrency level measured."""

    concurrency: int
    messages: int
    wall_s: float
    latencies_ms: list[float] = field(repr=False)
    lost: int
    cpu_ms_per_message: dict[str, float]

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return (self.messages - self.lost) / self.wall_s if self.wall_s else 0.0

    def percentile(self, share: float) -> float:
        """Latency at `share` (0.5, 0.95, 0.99) in ms, nearest rank."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    def summary(self) -> dict[str, float | int | dict[str, float]]:
        """The figures a report shows."""
        return {
            "concurrency": self.concurrency,
            "messages": self.messages,
            "throughput": round(self.throughput, 1),
            "p50_ms": round(self.percentile(0.5), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
            "lost": self.lost,
            "cpu_ms_per_message": {k: round(v, 1) for k, v in self.cpu_ms_per_message.items()},
        }


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (Sanic workers, the launcher's servers)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            for child in children.read_text().split():
                found += _tree(int(child))
    return found


def _stat_of_tree(pid: int, read: Callable[[int], float]) -> float:
    """`read` summed over a process and its descendants (those that ended are skipped)."""
    total = 0.0
    for member in _tree(pid):
        try:
            total += read(member)
        except FileNotFoundError:
            continue
    return total


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process and its descendants have used so far (Linux /proc)."""
    return _stat_of_tree(pid, _cpu)


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its descendants in MiB (shared pages count per process)."""
    return _stat_of_tree(pid, _rss)


async def _user(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    conversation: Sequence[str],
    latencies: list[float],
    lost: list[str],
) -> None:
    for text in conversation:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as answer:
                body = await answer.json(content_type=None) if answer.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            body = None
        latencies.append((time.perf_counter() - started) * 1000)
        if not body:
            lost.append(sender)


async def _play(
    url: str,
    conversations: Sequence[Sequence[str]],
    concurrency: int,
    messages: int,
    prefix: str,
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    lost: list[str] = []
    # Conversations cycle until `messages` are planned; each gets its own id.
    plan: list[tuple[str, Sequence[str]]] = []
    total = 0
    for index, conversation in enumerate(itertools.cycle(conversations)):
        if total >= messages:
            break
        take = list(conversation[: messages - total])
        plan.append((f"{prefix}-{index}", take))
        total += len(take)
    queue: asyncio.Queue[tuple[str, Sequence[str]]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)

    timeout = aiohttp.ClientTimeout(total=REPLY_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:

        async def worker() -> None:
            while not queue.empty():
                sender, conversation = queue.get_nowait()
                await _user(session, url, sender, conversation, latencies, lost)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, len(lost), wall


def run_level(
    url: str,
    conversations: Sequence[Sequence[str]],
    *,
    concurrency: int,
    messages: int,
    prefix: str,
    pids: dict[str, int],
) -> LevelResult:
    """Send `messages` messages with `concurrency` users; read CPU of `pids` and their children."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    latencies, lost, wall = asyncio.run(_play(url, conversations, concurrency, messages, prefix))
    sent = len(latencies)
    cpu = {
        name: (cpu_seconds(pid) - before[name]) * 1000 / max(1, sent) for name, pid in pids.items()
    }
    return LevelResult(concurrency, sent, wall, latencies, lost, cpu)
