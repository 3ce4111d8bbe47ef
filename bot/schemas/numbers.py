"""Phone numbers in texts: written `{contact_id}`, checked against contacts.yml and filled in.

Texts say "ring {police_emergency}", never the digits, so a number is written
once (data/knowledge/contacts.yml). Other `{names}` in a text are the code's to fill.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from bot.schemas.checks import Problem


def unknown_numbers(loc: tuple[int | str, ...], text: str, known: Collection[str]) -> list[Problem]:
    """A problem for every `{name}` in `text` that is not a contact id in `known`."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as e:
        return [(loc, f"ugyldig klamme i teksten ({e})")]
    return [
        (loc, f"ukjent nummer-id {{{name}}} (se contacts.yml)")
        for name in sorted(names - set(known))
    ]


def number_problems(raw: Any, known: Collection[str]) -> list[Problem]:
    """A problem for every `{name}` in the texts of YAML data that is not in `known`."""
    return [problem for loc, text in _texts(raw) for problem in unknown_numbers(loc, text, known)]


def _texts(
    raw: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every text in YAML data, with its location."""
    if isinstance(raw, str):
        yield loc, raw
    elif isinstance(raw, Mapping):
        for key, value in raw.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            yield from _texts(value, (*loc, index))


class _Keep(dict[str, str]):
    """Numbers by contact id; any other `{name}` is left for the code to fill in."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_numbers(raw: Any, numbers: Mapping[str, str]) -> Any:
    """YAML data with every `{contact_id}` in its texts replaced by the number."""
    if isinstance(raw, str):
        return raw.format_map(_Keep(numbers))
    if isinstance(raw, Mapping):
        return {key: fill_numbers(value, numbers) for key, value in raw.items()}
    if isinstance(raw, list):
        return [fill_numbers(value, numbers) for value in raw]
    return raw
