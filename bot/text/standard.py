"""Bokmål and Nynorsk: the two written standards every reply exists in.

A conversation has one standard at a time (the slot `written_standard`);
Bokmål until the user writes Nynorsk or asks for it.
"""

from __future__ import annotations

from typing import Literal, cast

Standard = Literal["nb", "nn"]
BOKMAL: Standard = "nb"
NYNORSK: Standard = "nn"
STANDARDS: tuple[Standard, ...] = (BOKMAL, NYNORSK)
DEFAULT: Standard = BOKMAL


def standard_of(value: object) -> Standard:
    """The standard a slot value names; Bokmål for anything else (unset, unknown)."""
    return cast(Standard, value) if value in STANDARDS else DEFAULT
