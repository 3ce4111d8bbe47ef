"""The placeholders redaction leaves in a message, and blanking them for the NLU.

"tlf [telefonnummer]" must not make the classifier think the user asks for a
phone number: NorwegianSpacyNLP blanks placeholders before tokenising, keeping
character offsets. Light on purpose (no presidio import): the NLU loads it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

PATTERN_FILE = Path(__file__).with_name("patterns.yml")


@functools.lru_cache(maxsize=1)
def placeholder_pattern() -> re.Pattern[str]:
    """Any placeholder of patterns.yml, in any case."""
    with PATTERN_FILE.open(encoding="utf8") as handle:
        values = yaml.safe_load(handle)["placeholders"].values()
    return re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)


def blank_placeholders(text: str) -> str:
    """`text` with every placeholder replaced by spaces of the same length."""
    return placeholder_pattern().sub(lambda m: " " * len(m.group(0)), text)
