"""Play conversation cases against the bot over REST and report (`make eval`).

The case format is the one of ../shared/eval/dev_questions.yml: `cases` are
single messages, each the first message of a fresh conversation;
`conversations` are several turns in one conversation. For every turn each
regex in `must` has to match the combined reply (all texts and button titles,
case-insensitive) and no regex in `must_not` may. `centre_for: KOMMUNE` and
`district_for: KOMMUNE` require the crisis centre / police district that the
project's own data gives for that municipality.

    python -m bot.cli.eval                          # tests/eval/*.yml, starts the bot if needed
    python -m bot.cli.eval cases.yml --url http://localhost:5005 --transcript
    python -m bot.cli.eval ../shared/eval/dev_questions.yml --min-pass 0.9
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from bot.settings import PROJECT_ROOT

logger = logging.getLogger("sikkerhetsguiden.eval")

DEFAULT_FILES = sorted((PROJECT_ROOT / "tests" / "eval").glob("*.yml"))


@dataclass
class Turn:
    """One user message and what the reply must (not) contain."""

    user: str
    must: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)
    centre_for: str | None = None
    district_for: str | None = None


@dataclass
class Case:
    """A conversation of one or more turns."""

    id: str
    topic: str
    turns: list[Turn]
    source: str


@dataclass
class Outcome:
    """Result of one case: the first failing turn, if any, with the reply."""

    case: Case
    passed: bool
    failed_turn: int | None = None
    problems: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)


def _turn(raw: dict[str, Any], text_key: str) -> Turn:
    return Turn(
        user=str(raw[text_key]),
        must=list(raw.get("must") or []),
        must_not=list(raw.get("must_not") or []),
        centre_for=raw.get("centre_for"),
        district_for=raw.get("district_for"),
    )


def load_cases(path: Path) -> list[Case]:
    """Read the cases and conversations of one file."""
    data = yaml.safe_load(path.read_text("utf8")) or {}
    cases = [
        Case(str(c["id"]), str(c.get("topic", "")), [_turn(c, "text")], path.name)
        for c in data.get("cases") or []
    ]
    cases += [
        Case(
            str(c["id"]), str(c.get("topic", "")), [_turn(t, "user") for t in c["turns"]], path.name
        )
        for c in data.get("conversations") or []
    ]
    return cases


def combined_reply(messages: list[dict[str, Any]]) -> str:
    """All texts and button titles of a reply, as one string."""
    parts: list[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(str(message["text"]))
        parts += [str(b.get("title", "")) for b in message.get("buttons") or []]
    return "\n".join(parts)


Expectation = Callable[[str], list[str]]  # municipality → acceptable regexes


def expectations() -> dict[str, Expectation]:
    """Regexes for `centre_for` and `district_for`, from the project's own data."""
    from bot.places.expect import centre_patterns, district_patterns

    return {"centre_for": centre_patterns, "district_for": district_patterns}


def check_turn(turn: Turn, reply: str, expect: dict[str, Expectation]) -> list[str]:
    """Problems with one reply (empty when it passes)."""
    problems = [f"mangler /{p}/" for p in turn.must if not re.search(p, reply, re.IGNORECASE)]
    problems += [f"har /{p}/" for p in turn.must_not if re.search(p, reply, re.IGNORECASE)]
    for key in ("centre_for", "district_for"):
        place = getattr(turn, key)
        if place:
            options = expect[key](place)
            if not any(re.search(p, reply, re.IGNORECASE) for p in options):
                problems.append(f"{key} {place}: forventet en av {options}")
    return problems


def run_case(url: str, case: Case, expect: dict[str, Expectation]) -> Outcome:
    """Play one case in a fresh conversation."""
    sender = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
    outcome = Outcome(case=case, passed=True)
    for index, turn in enumerate(case.turns):
        answer = requests.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": sender, "message": turn.user},
            timeout=60,
        )
        answer.raise_for_status()
        reply = combined_reply(answer.json())
        outcome.replies.append(reply)
        problems = check_turn(turn, reply, expect)
        if problems and outcome.passed:
            outcome.passed, outcome.failed_turn, outcome.problems = False, index, problems
    return outcome


def report(outcomes: list[Outcome], *, transcript: bool) -> float:
    """Print failures, a per-topic table and the pass rate; return the rate."""
    for outcome in outcomes:
        if transcript:
            for turn, reply in zip(outcome.case.turns, outcome.replies, strict=False):
                logger.info("[%s] Bruker: %s\n[%s] Guide:  %s\n", outcome.case.id, turn.user,
                            outcome.case.id, reply.replace("\n", "\n         "))  # fmt: skip
        if not outcome.passed:
            assert outcome.failed_turn is not None
            turn = outcome.case.turns[outcome.failed_turn]
            logger.info(
                "FEIL %s (%s, %s) tur %d: %r\n  %s\n  svar: %s\n",
                outcome.case.id, outcome.case.topic, outcome.case.source, outcome.failed_turn + 1,
                turn.user, "; ".join(outcome.problems),
                outcome.replies[outcome.failed_turn].replace("\n", " | ")[:600],
            )  # fmt: skip
    by_topic: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        by_topic[outcome.case.topic].append(outcome.passed)
    logger.info("%-20s %7s %7s", "tema", "bestått", "av")
    for topic, results in sorted(by_topic.items()):
        logger.info("%-20s %7d %7d", topic, sum(results), len(results))
    passed = sum(o.passed for o in outcomes)
    rate = passed / len(outcomes) if outcomes else 0.0
    logger.info("\nBestått: %d av %d (%.1f %%)", passed, len(outcomes), 100 * rate)
    return rate


def _reachable(url: str) -> bool:
    try:
        return requests.get(f"{url}/webhooks/rest/", timeout=2).ok
    except requests.RequestException:
        return False


def running_bot(url: str | None) -> Iterator[str]:
    """Yield the URL of a running bot, starting one for the duration if needed."""
    if url:
        yield url
        return
    default = "http://127.0.0.1:5005"
    if _reachable(default):
        yield default
        return
    from bot.cli.background import background_servers

    with background_servers() as started:
        yield started.url


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--url", help="bot to test (default: localhost:5005, started if needed)")
    parser.add_argument("--min-pass", type=float, default=0.0, help="fail below this pass rate")
    parser.add_argument("--transcript", action="store_true", help="print every turn and reply")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cases = [case for path in args.files for case in load_cases(path)]
    expect = expectations()
    for url in running_bot(args.url):
        outcomes = [run_case(url, case, expect) for case in cases]
        rate = report(outcomes, transcript=args.transcript)
        return 0 if rate >= args.min_pass else 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
