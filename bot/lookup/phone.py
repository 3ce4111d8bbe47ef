"""Norwegian phone numbers as written to users."""

from __future__ import annotations

import re

# 8-digit numbers: mobile and 8xx numbers as "NNN NN NNN", others as "NN NN NN NN".
_GROUPED_3_2_3 = re.compile(r"^[489]\d{2} \d{2} \d{3}$")
_GROUPED_2_2_2_2 = re.compile(r"^[23567]\d \d{2} \d{2} \d{2}$")
# Service numbers: three or four digits starting with 1 (emergency numbers),
# "116 NNN" (harmonised European numbers) and five digits starting with 0.
_SERVICE = re.compile(r"^(?:1\d{2,3}|116 \d{3}|0\d{4})$")


def is_norwegian_number(number: str) -> bool:
    """True when `number` is an 8-digit or service number in the usual written form."""
    return bool(
        _GROUPED_3_2_3.match(number) or _GROUPED_2_2_2_2.match(number) or _SERVICE.match(number)
    )


def digits(number: str) -> str:
    """The digits to dial."""
    return re.sub(r"\D", "", number)
