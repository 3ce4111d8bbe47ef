from __future__ import annotations

import pytest

from bot.text import normalise
from bot.text.fold import fold, folded_words, plain
from bot.text.fuzzy import Gazetteer, close_matches, distance, within

NAMES = Gazetteer(
    [
        ("measure", "violence_alarm", "voldsalarm"),
        ("measure", "reverse_alarm", "omvendt voldsalarm"),
        ("place", "Nord-Fron", "Nord-Fron"),
    ]
)


@pytest.mark.parametrize(("a", "b"), [("bærum", "baerum"), ("øvre", "oevre"), ("ås", "aas")])
def test_folding_joins_aeoeaa_spellings(a: str, b: str):
    assert fold(a) == fold(b)


def test_sami_letters_are_written_plain():
    assert plain("Kárášjohka") == "Karasjohka"
    assert folded_words("Nord-Fron kommune") == ("nord-fron", "kommune")


def test_edit_distance_limit():
    assert within("voldsalam", "voldsalarm", 1)
    assert not within("voldsalam", "voldsalarm", 0)
    assert not within("abc", "xyz", 2)


def test_a_replaced_letter_may_cost_two():
    assert distance("bergen", "bergan", 2) == 1
    assert distance("bergen", "bergan", 2, substitution=2) == 2
    assert distance("bergen", "oslo", 2) is None


def test_close_matches_rank_by_letters_in_common():
    candidates = ["lillestrom", "lillesand", "lierne"]
    assert close_matches("lilestrommen", candidates) == ["lillestrom"]
    assert close_matches("xyzzyvik", candidates) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("voldsalarmen", ["violence_alarm"]),
        ("voldsalam hvor lenge", ["violence_alarm"]),
        ("omvendt voldsalarm og voldsalarm", ["reverse_alarm", "violence_alarm"]),
        ("bor i nord fron", []),
        ("bor i Nord-Fron", ["Nord-Fron"]),
    ],
)
def test_the_gazetteer_finds_names_longest_first(text: str, values: list[str]):
    found = NAMES.find(text)
    assert [m.value for m in found] == values
    assert all(text[m.start : m.end] == m.text for m in found)


def test_normalise_collapses_whitespace_and_case():
    assert normalise("  Han  TRUER\n henne ") == "han truer henne"
