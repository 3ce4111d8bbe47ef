"""Checks of our own that pydantic does not make, reported as pydantic reports its errors."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError, validator
from pydantic.error_wrappers import ErrorWrapper

# A problem found by a check of our own: where in the file (as pydantic locates
# its errors) and what is wrong, in Norwegian.
Problem = tuple[tuple[int | str, ...], str]


def invalid(model: Any, problems: Sequence[Problem]) -> ValidationError:
    """Our own problems as pydantic reports its errors (raise it from a validator).

    `model` is the model class (`cls` in a validator, which type checkers take
    for an instance).
    """
    return ValidationError([ErrorWrapper(ValueError(msg), loc=loc) for loc, msg in problems], model)


def non_empty(*fields: str) -> Any:
    """A validator refusing an empty list in any of `fields`."""

    def check(cls: type[BaseModel], value: Sequence[Any]) -> Sequence[Any]:
        if not value:
            raise ValueError("kan ikke være tom")
        return value

    return validator(*fields, allow_reuse=True)(check)


def unique_ids(*fields: str, key: str = "id", twice: str = "'{}' finnes to ganger") -> Any:
    """A validator: the entries listed in `fields` differ in `key` (their id by default)."""

    def check(cls: type[BaseModel], entries: Sequence[Any]) -> Sequence[Any]:
        values = [getattr(entry, key) for entry in entries]
        problems = [
            ((index, key), twice.format(value))
            for index, value in enumerate(values)
            if value in values[:index]
        ]
        if problems:
            raise invalid(cls, problems)
        return entries

    return validator(*fields, allow_reuse=True)(check)


def unknown_ids(
    entries: Sequence[Any], field: str, known: Collection[str], what: str, *, at: str | None = None
) -> list[Problem]:
    """A problem for every id in `field` of an entry that is not in `known`."""
    prefix = (at,) if at else ()
    return [
        ((*prefix, index, field), f"ukjent {what} '{value}'")
        for index, entry in enumerate(entries)
        for value in getattr(entry, field)
        if value not in known
    ]
