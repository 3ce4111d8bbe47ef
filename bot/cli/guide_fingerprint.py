"""Fingerprint the guide so tests can prove answers are in our own words.

    python -m bot.cli.guide_fingerprint ../shared/source/sikkerhetstiltak.txt

Writes the SHA-256 of every run of SHINGLE consecutive words of the guide to
tests/data/guide_shingles.txt. The guide's text itself is not stored in the
repository; the hashes are enough to detect a pasted passage.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.settings import PROJECT_ROOT

SHINGLE = 8
OUTPUT = PROJECT_ROOT / "tests" / "data" / "guide_shingles.txt"
_WORD = re.compile(r"[0-9a-zæøåé§]+")


def shingles(text: str, size: int = SHINGLE) -> Iterator[str]:
    """Hashes of every run of `size` consecutive (lower-case) words."""
    words = _WORD.findall(text.lower())
    for i in range(len(words) - size + 1):
        yield hashlib.sha256(" ".join(words[i : i + size]).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = argv if argv is not None else sys.argv[1:]
    guide = (
        Path(args[0])
        if args
        else PROJECT_ROOT.parent / "shared" / "source" / "sikkerhetstiltak.txt"
    )
    hashes = sorted(set(shingles(guide.read_text("utf8"))))
    OUTPUT.write_text("\n".join(hashes) + "\n", "utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
