"""Tables of regular expressions, tried once the harmless phrases of an `unless` list are blanked.

Every cue table of the project works this way: the danger backstop
("drepe tiden" is not a threat), the consultation's cues ("redd for sprøyter"
is not fear of the abuser) and the practice behaviours. Blanking a phrase,
rather than vetoing the whole message, keeps "han dreper tiden med TV, men
truer med å drepe henne" a match; blanks keep the length, so positions still
point into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A label's pattern found in a text: characters start..end."""

    label: str
    start: int
    end: int


def blank(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """`text` with every match of `patterns` replaced by as many spaces."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def find(
    text: str,
    table: Mapping[str, Sequence[re.Pattern[str]]],
    unless: Iterable[re.Pattern[str]] = (),
) -> list[Found]:
    """Every match of every label's patterns in `text`, once the `unless` phrases are blanked.

    A pattern whose sign word is not at its start marks the word with a group
    named `core` ("{person} … (?P<core>drepe)"): the match is that group.
    """
    text = blank(text, unless)
    found = []
    for label, patterns in table.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                group = "core" if "core" in pattern.groupindex and match.group("core") else 0
                found.append(Found(label, match.start(group), match.end(group)))
    return list(dict.fromkeys(found))  # two patterns may find the same word
