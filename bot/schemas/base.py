"""What every data-file schema is built from: strict models, ids, text, patterns.

Validators of our own are in bot/schemas/checks.py; reading a file and
reporting its errors in bot/schemas/reading.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConstrainedStr, Extra

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
