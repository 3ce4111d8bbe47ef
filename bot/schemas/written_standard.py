"""The word forms that tell Bokmål from Nynorsk (bot/nlu/written_standard.yml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import validator

from bot.schemas.base import Patterns, Strict, Text
from bot.schemas.checks import invalid, non_empty

PATH = Path("bot/nlu/written_standard.yml")  # below the project root


class Asks(Strict):
    """What a user writes to choose a standard outright ("svar på nynorsk")."""

    nn: Patterns
    nb: Patterns

    _filled = non_empty("nn", "nb")


class WrittenStandardForms(Strict):
    """Forms only Nynorsk has, forms only Bokmål has, and the explicit requests."""

    nn: tuple[Text, ...]
    nb: tuple[Text, ...]
    ask: Asks
    # Names written the same in both standards although they hold a form of one
    # ("Vold- og overgrepslinjen"): left out when texts are checked for wrong forms.
    kept_names: tuple[Text, ...] = ()
    # Words both kinds of writers use whatever their standard ("voldsalarm"):
    # they never count, although a dictionary has them in one standard only.
    neutral: tuple[Text, ...] = ()

    _filled = non_empty("nn", "nb")

    @validator("nn", "nb", "neutral")
    def _one_lower_case_word(cls, forms: tuple[str, ...]) -> tuple[str, ...]:
        for form in forms:
            if form != form.lower() or not form.isalpha():
                raise ValueError(f"'{form}' skal være ett ord med små bokstaver")
        return forms

    @validator("nb")
    def _in_one_standard_only(cls, nb: tuple[str, ...], values: dict) -> tuple[str, ...]:
        both = sorted(set(nb) & set(values.get("nn", ())))
        if both:
            raise invalid(cls, [(("nb",), f"står også under nn: {', '.join(both)}")])
        return nb
