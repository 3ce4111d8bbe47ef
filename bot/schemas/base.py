"""What every data-file schema is built from: strict models, ids, text, patterns.

Validators of our own are in bot/schemas/checks.py; reading a file and
reporting its errors in bot/schemas/reading.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConstrainedStr, Extra, root_validator

from bot.text.standard import NYNORSK, Standard

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Regular expressions, compiled when the file is read (a bad one is a data error).
Patterns = tuple[re.Pattern, ...]  # not Pattern[str]: pydantic 1.10 refuses the parameter


class Strict(BaseModel):
    """A model that refuses unknown fields (a typo is an error, not a silent default)."""

    class Config:  # noqa: D106 (pydantic 1.10 model settings)
        extra = Extra.forbid
        frozen = True
        anystr_strip_whitespace = True


if TYPE_CHECKING:  # to the type checker both are plain str, as the loaded values are
    Id = str
    Text = str
else:

    class Id(ConstrainedStr):
        """An identifier: English snake_case."""

        regex = ID_PATTERN

    class Text(ConstrainedStr):
        """Non-empty text."""

        min_length = 1
        strip_whitespace = True


class Bilingual(Strict):
    """A shown text in both written standards, side by side: `{nb: "…", nn: "…"}`.

    Both say the same: the same {placeholders}, digits and § references
    (checked here), so facts, numbers and sources stay shared.
    """

    nb: Text
    nn: Text

    def to(self, standard: Standard) -> str:
        """The text in `standard`."""
        return self.nn if standard == NYNORSK else self.nb

    @root_validator(skip_on_failure=True)
    def _same_facts(cls, values: dict[str, str]) -> dict[str, str]:
        nb, nn = values["nb"], values["nn"]
        for what, pattern in _SHARED.items():
            one, other = sorted(pattern.findall(nb)), sorted(pattern.findall(nn))
            if one != other:
                raise ValueError(f"bokmål og nynorsk har ulike {what}: {one} / {other}")
        return values


# What the two versions of a text must share.
_SHARED = {
    "plassholdere": re.compile(r"\{\w+\}"),
    "tall": re.compile(r"\d+"),
    "paragrafer": re.compile(r"§+\s*\d+(?:\s?[a-z]\b)?"),
}
