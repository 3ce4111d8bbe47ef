"""Bokmål forms in Nynorsk texts, and Nynorsk forms in Bokmål texts.

Every Bilingual text of the data files is checked with the word lists of
bot/nlu/written_standard.yml (forms only one standard has). Names kept as
they are ("Vold- og overgrepslinjen", law titles) and «quotes» of what
someone said are left out of the check; they are listed in that file too.
So are the source titles after "Kilde:"/"Kjelde:".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from bot.schemas.base import Bilingual
from bot.schemas.written_standard import WrittenStandardForms
from bot.text.standard import NYNORSK, STANDARDS, Standard

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # "TV-en" is one word
_QUOTE = re.compile(r"«[^»]*»")
# Citations name their sources by their own titles ("Kjelde: Politiets arbeid med vold …").
_CITATION = re.compile(r"\b(Kilder?|Kjelder?):[^\n]*")
_URL = re.compile(r"\S+\.(?:no|com|org)\S*|https?://\S+")


def bilingual_texts(value: Any, where: str = "") -> Iterator[tuple[str, Bilingual]]:
    """Every Bilingual inside a loaded model (or mapping, list), with where it is."""
    if isinstance(value, Bilingual):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in value.__fields__:
            yield from bilingual_texts(getattr(value, name), f"{where}.{name}".strip("."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from bilingual_texts(item, f"{where}.{key}".strip("."))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from bilingual_texts(getattr(value, item.name), f"{where}.{item.name}".strip("."))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from bilingual_texts(item, f"{where}[{index}]")


def wrong_forms(text: str, standard: Standard, forms: WrittenStandardForms) -> list[str]:
    """The words of `text` that belong to the other standard only."""
    other = set(forms.nb if standard == NYNORSK else forms.nn)
    checked = _URL.sub(" ", _QUOTE.sub(" ", _CITATION.sub(r"\1:", text)))
    for name in forms.kept_names:
        checked = re.sub(re.escape(name), " ", checked, flags=re.IGNORECASE)
    return [word for word in _WORD.findall(checked.lower()) if word in other]


def problems(texts: Iterator[tuple[str, Bilingual]], forms: WrittenStandardForms) -> list[str]:
    """One line per text with a form of the other standard in it."""
    found = []
    for where, text in texts:
        for standard in STANDARDS:
            wrong = wrong_forms(text.to(standard), standard, forms)
            if wrong:
                written = "nynorsk" if standard == NYNORSK else "bokmål"
                other = "bokmåls" if standard == NYNORSK else "nynorsk"
                found.append(f"{where} ({written}): {other}former {', '.join(sorted(set(wrong)))}")
    return found
