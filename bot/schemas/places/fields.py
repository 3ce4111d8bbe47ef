"""Field types and checks the place files share: municipality and phone numbers, web addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.validators import str_validator

from bot.schemas.checks import invalid

_URL = re.compile(r"^https?://\S+$")
# 8-digit numbers: mobile and 8xx numbers "NNN NN NNN", others "NN NN NN NN"; service
# numbers: 1xx(x) (emergency), "116 NNN" (harmonised European) and 0NNNN.
_PHONE = re.compile(
    r"^(?:[489]\d{2} \d{2} \d{3}|[23567]\d \d{2} \d{2} \d{2}|1\d{2,3}|116 \d{3}|0\d{4})$"
)

if TYPE_CHECKING:  # to the type checker these are plain str, as the loaded values are
    Number = str
    PhoneNumber = str
    Url = str
else:

    class _Checked(str):
        """Text that must match `pattern`; `message` says what was expected."""

        pattern: ClassVar[re.Pattern[str]]
        message: ClassVar[str]

        @classmethod
        def __get_validators__(cls) -> Iterator[Callable[..., str]]:
            yield str_validator
            yield cls._check

        @classmethod
        def _check(cls, value: str) -> str:
            value = value.strip()
            if not cls.pattern.match(value):
                raise ValueError(cls.message.format(value=value))
            return value

    class Number(_Checked):
        """A municipality number: four digits (as text, "0301")."""

        pattern = re.compile(r"^\d{4}$")
        message = "kommunenummer skal ha fire sifre, fikk '{value}'"

    class PhoneNumber(_Checked):
        """A Norwegian phone number as written to users."""

        pattern = _PHONE
        message = (
            "'{value}' er ikke et norsk telefonnummer skrevet «NN NN NN NN», «NNN NN NNN» "
            "eller som tjenestenummer"
        )

    class Url(_Checked):
        """A web address."""

        pattern = _URL
        message = "skal være en nettadresse, fikk '{value}'"


def sourced(cls: Any, values: dict[str, Any]) -> dict[str, Any]:
    """`source` is a web address unless the fact was only seen `via` another source."""
    source = values.get("source")
    if source is not None and not values.get("via") and not _URL.match(source):
        raise invalid(cls, [(("source",), f"skal være en nettadresse, fikk '{source}'")])
    return values


def strict_bool(cls: Any, value: Any) -> Any:
    """True or false, nothing YAML or pydantic would read as one ("yes", 1)."""
    if not isinstance(value, bool):
        raise ValueError("skal være true eller false")
    return value


def pipe_list(value: Any) -> Any:
    """A CSV cell "a|b" as ("a", "b")."""
    return tuple(part for part in value.split("|") if part) if isinstance(value, str) else value
