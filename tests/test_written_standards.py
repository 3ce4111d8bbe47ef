"""Every shown text in Bokmål and Nynorsk: both versions exist, agree, and keep their standard."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.nlu.written_standard import forms
from bot.schemas.base import Bilingual
from bot.schemas.registry import check_all
from bot.schemas.standards import problems, wrong_forms

ROOT = Path(__file__).resolve().parent.parent
NYNORSK_VARIATION = [{"type": "slot", "name": "written_standard", "value": "nn"}]
PLACEHOLDER = re.compile(r"\{\w+\}")


@functools.lru_cache(maxsize=1)
def _responses() -> dict[str, list[dict[str, Any]]]:
    with (ROOT / "domain.yml").open(encoding="utf8") as handle:
        responses: dict[str, list[dict[str, Any]]] = yaml.safe_load(handle)["responses"]
    return responses


def _pairs(name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    variations = _responses()[name]
    nb = [v for v in variations if "condition" not in v]
    nn = [v for v in variations if "condition" in v]
    assert len(nb) == len(nn), f"{name}: {len(nb)} Bokmål and {len(nn)} Nynorsk variations"
    return list(zip(nb, nn, strict=True))


@pytest.mark.parametrize("name", sorted(_responses()))
def test_every_response_has_a_nynorsk_variation_saying_the_same(name):
    for nb, nn in _pairs(name):
        assert nn["condition"] == NYNORSK_VARIATION
        assert sorted(PLACEHOLDER.findall(nb["text"])) == sorted(PLACEHOLDER.findall(nn["text"]))
        assert re.findall(r"\d+", nb["text"]) == re.findall(r"\d+", nn["text"])
        nb_buttons, nn_buttons = nb.get("buttons", []), nn.get("buttons", [])
        assert len(nb_buttons) == len(nn_buttons)
        for one, other in zip(nb_buttons, nn_buttons, strict=True):
            if one["payload"].startswith("/"):  # an intent: the same in both
                assert one["payload"] == other["payload"]


@pytest.mark.parametrize("name", sorted(_responses()))
def test_no_response_mixes_the_standards(name):
    table = forms()
    for nb, nn in _pairs(name):
        for standard, variation in (("nb", nb), ("nn", nn)):
            shown = [variation["text"], *(b["title"] for b in variation.get("buttons", []))]
            wrong = [w for text in shown for w in wrong_forms(text, standard, table)]
            assert wrong == [], f"{name} ({standard})"


def test_the_data_files_have_no_text_in_the_wrong_standard():
    assert [line for line in check_all() if "skriftform" in line] == []


@pytest.mark.parametrize(
    ("nb", "nn", "wrong"),
    [
        ("Hun vil ikke melde.", "Ho vil ikke melde.", "ikke"),  # Bokmål in the Nynorsk
        ("Hun vil ikkje melde.", "Ho vil ikkje melde.", "ikkje"),  # and the reverse
        ("Hva gjør jeg nå?", "Hva gjer eg no?", "hva"),
    ],
)
def test_the_check_would_flag_a_form_of_the_other_standard(nb, nn, wrong):
    found = problems(iter([("x", Bilingual(nb=nb, nn=nn))]), forms())
    assert len(found) == 1 and wrong in found[0]


def test_names_and_quotes_keep_their_own_form():
    text = "Ring Vold- og overgrepslinjen. Ho sa «det var bare en dytt»."
    assert wrong_forms(text, "nn", forms()) == []


@pytest.mark.parametrize(
    ("nb", "nn"),
    [
        ("Ring {police_emergency}.", "Ring."),  # a number left out
        ("Ring 112.", "Ring 113."),
        ("etter helsepersonelloven § 31", "etter helsepersonelloven § 33"),
    ],
)
def test_the_two_versions_of_a_text_must_share_facts(nb, nn):
    with pytest.raises(ValueError):
        Bilingual(nb=nb, nn=nn)
