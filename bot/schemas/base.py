"""What every data-file schema shares: strict models, ids, errors naming file, entry, field."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConstrainedStr, Extra, ValidationError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

M = TypeVar("M", bound="Strict")


class DataError(ValueError):
    """A data file is malformed; the message names the file, the entry and the field."""


class Strict(BaseModel):
    """A model that refuses unknown fields (a typo is an error, not a silent default)."""

    class Config:  # noqa: D106 (pydantic 1.10 model settings)
        extra = Extra.forbid
        frozen = True
        anystr_strip_whitespace = True


class Id(ConstrainedStr):
    """An identifier: English snake_case."""

    regex = ID_PATTERN


class Text(ConstrainedStr):
    """Non-empty text."""

    min_length = 1
    strip_whitespace = True


def describe(error: ValidationError, *, path: Path | str, entry_key: str = "id") -> str:
    """One line per problem: file, entry (its id when it has one) and field, in Norwegian."""
    lines = []
    raw = getattr(error, "_sg_raw", None)
    for problem in error.errors():
        location = [str(part) for part in problem["loc"] if part != "__root__"]
        entry = _entry_name(raw, problem["loc"], entry_key)
        where = f"{path}" + (f", {entry}" if entry else "")
        field = ".".join(location) or "(hele filen)"
        lines.append(f"{where}: feltet '{field}': {problem['msg']}")
    return "\n".join(lines)


def _entry_name(raw: Any, loc: Sequence[Any], entry_key: str) -> str:
    """'oppføring 3 (id: foo)' for a location inside a list of entries."""
    node = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            if isinstance(item, Mapping) and item.get(entry_key):
                return f"oppføring {part + 1} ({entry_key}: {item[entry_key]})"
            return f"oppføring {part + 1}"
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            break
    return ""


def parse(model: type[M], raw: Any, *, path: Path | str, entry_key: str = "id") -> M:
    """Validate `raw` (already loaded) as `model`, or raise DataError naming file/entry/field."""
    try:
        return model.parse_obj(raw)
    except ValidationError as e:
        e._sg_raw = raw  # type: ignore[attr-defined]
        raise DataError(describe(e, path=path, entry_key=entry_key)) from None


def load_yaml(model: type[M], path: Path, *, entry_key: str = "id") -> M:
    """Read a YAML file and validate it as `model`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"{path}: kan ikke leses som YAML ({e})") from e
    return parse(model, raw, path=path, entry_key=entry_key)
