from __future__ import annotations

import pytest

from bot.knowledge import knowledge
from bot.nlu.entities import measure_gazetteer
from bot.text.fuzzy import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return measure_gazetteer(knowledge())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hvordan får man voldsalarm?", "violence_alarm"),
        ("voldsalarmen", "violence_alarm"),
        ("voldsalam hvor lenge", "violence_alarm"),
        ("kva er valdsalarm", "violence_alarm"),
        ("trygghetsalarm", "violence_alarm"),
        ("Hva er omvendt voldsalarm?", "reverse_alarm"),
        ("fotlenke", "reverse_alarm"),
        ("elektronisk kontroll ved kontaktforbud", "reverse_alarm"),
        ("Hva skal til for besøksforbud?", "visiting_ban"),
        ("besoksforbud", "visiting_ban"),
        ("besøksforbudd", "visiting_ban"),
        ("kontaktforbod", "visiting_ban"),
        ("Besøksforbud i eget hjem – hva er det?", "home_ban"),
        ("besoksforbud eget hjem", "home_ban"),
        ("hvor lenge kan han nektes å bo i sitt eget hjem", "home_ban"),
        ("Hva er adressesperre?", "address_block"),
        ("kode 6", "address_block"),
        ("adresse sperre", "address_block"),
        ("navnebytte", "name_change"),
        ("vakthold", "guarding"),
        ("oppholdstillatelse", "immigration"),
    ],
)
def test_measures_are_found_however_they_are_written(gazetteer: Gazetteer, text: str, value: str):
    found = gazetteer.find(text, "measure")
    assert [m.value for m in found] == [value]
    assert text[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize("text", ["hvordan er været", "alarm", "hun er redd", "kode", "hei"])
def test_nothing_is_found_in_unrelated_text(gazetteer: Gazetteer, text: str):
    assert gazetteer.find(text) == []


def test_longer_name_wins_over_the_name_inside_it(gazetteer: Gazetteer):
    found = gazetteer.find("omvendt voldsalarm og voldsalarm")
    assert [m.value for m in found] == ["reverse_alarm", "violence_alarm"]
