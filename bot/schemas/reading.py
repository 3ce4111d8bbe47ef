"""Reading a data file into its model, with errors that name file, entry and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.schemas.checks import Problem, invalid

M = TypeVar("M", bound=BaseModel)

# pydantic's own messages in Norwegian; a type not listed keeps pydantic's words.
MESSAGES = {
    "value_error.missing": "mangler",
    "value_error.extra": "ukjent felt (skrivefeil?)",
    "value_error.str.regex": "ugyldig id (bruk engelsk snake_case)",
    "value_error.any_str.min_length": "kan ikke være tom",
    "value_error.regex_pattern": "ugyldig regulært uttrykk",
    "value_error.date": "ugyldig dato (skriv ÅÅÅÅ-MM-DD)",
    "value_error.const": "skal være en av {permitted}",
    "value_error.number.not_ge": "skal være minst {limit_value}",
    "value_error.number.not_le": "skal være høyst {limit_value}",
    "type_error.none.not_allowed": "kan ikke være tom",
    "type_error.integer": "skal være et heltall",
    "type_error.str": "skal være tekst",
    "type_error.list": "skal være en liste",
    "type_error.tuple": "skal være en liste",
    "type_error.dict": "skal være en mapping",
}


class DataError(ValueError):
    """A data file is malformed; the message names the file, the entry and the field."""


def describe(
    error: ValidationError, *, path: Path | str, raw: Any = None, entry_key: str = "id"
) -> str:
    """One line per problem: file, entry (its id when it has one) and field, in Norwegian."""
    lines = []
    for problem in error.errors():
        loc = [part for part in problem["loc"] if part != "__root__"]
        entry, rest = _entry(raw, loc, entry_key)
        field = ".".join(str(part) for part in rest) or (
            "(hele oppføringen)" if entry else "(hele filen)"
        )
        template = MESSAGES.get(problem["type"])
        ctx = {
            k: ", ".join(map(str, v)) if isinstance(v, tuple) else v
            for k, v in problem.get("ctx", {}).items()
        }
        message = template.format(**ctx) if template else problem["msg"]
        lines.append(f"{path}" + (f", {entry}" if entry else "") + f": feltet '{field}': {message}")
    return "\n".join(lines)


def _entry(raw: Any, loc: Sequence[Any], entry_key: str) -> tuple[str, Sequence[Any]]:
    """'checkpoints nr. 3 (id: foo)' for a location inside a list of entries, and the rest."""
    node = raw
    for depth, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            if not isinstance(item, Mapping):
                break
            name = ".".join(str(p) for p in loc[:depth]) + f" nr. {part + 1}"
            if item.get(entry_key):
                name += f" ({entry_key}: {item[entry_key]})"
            return name.strip(), loc[depth + 1 :]
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            break
    return "", loc


def parse(model: type[M], raw: Any, *, path: Path | str, entry_key: str = "id") -> M:
    """Validate `raw` (already loaded) as `model`, or raise DataError naming file/entry/field."""
    try:
        return model.parse_obj(raw)
    except ValidationError as e:
        raise DataError(describe(e, path=path, raw=raw, entry_key=entry_key)) from None


def refuse(
    model: type[BaseModel],
    raw: Any,
    problems: Sequence[Problem],
    *,
    path: Path | str,
    entry_key: str = "id",
) -> None:
    """Raise DataError for problems a model cannot see alone (ids another file must have)."""
    if problems:
        error = invalid(model, problems)
        raise DataError(describe(error, path=path, raw=raw, entry_key=entry_key))


def read_yaml(path: Path) -> Any:
    """The content of a YAML file, or DataError naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"{path}: kan ikke leses som YAML ({e})") from e


def load_yaml(model: type[M], path: Path, *, entry_key: str = "id") -> M:
    """Read a YAML file and validate it as `model`."""
    return parse(model, read_yaml(path), path=path, entry_key=entry_key)
