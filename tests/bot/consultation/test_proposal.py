"""Which inputs give which measures, and why (the guide's proportionality)."""

from __future__ import annotations

import re

import pytest

from bot.consultation.proposal import Answers, propose, risk_level, summary


def ids(answers: Answers, **kwargs) -> list[str]:
    return [item.id for item in propose(answers, **kwargs)]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (Answers(acute_now="yes"), "acute"),
        (Answers(risk_signals=("weapon",)), "signs"),
        (Answers(risk_signals=("fear",)), "signs"),
        (Answers(risk_signals=("escalation", "separation", "threats")), "signs"),
        (Answers(risk_signals=("none",)), "unclear"),
        (Answers(risk_signals=("unknown",)), "unclear"),
    ],
)
def test_risk_picture_is_what_was_recorded_not_a_score(answers: Answers, level: str):
    assert risk_level(answers) == level


def test_acute_danger_comes_first_and_the_duty_is_to_be_assessed():
    items = propose(Answers(acute_now="yes", wish="talk_only"))
    assert items[0].id == "emergency"
    duty = next(item for item in items if item.id == "duty_to_notify")
    text = duty.text(1)
    assert text.startswith("1. Vurder")
    assert "nødvendig for å avverge alvorlig skade" in text
    assert "sikkert eller mest sannsynlig" in text
    assert "§ 23 nr. 4" in text and "en rett, ikke en plikt" in text


def test_one_sign_is_never_called_serious_danger():
    items = propose(Answers(acute_now="no", risk_signals=("fear",), consent="no"))
    text = "\n".join(item.text(n) for n, item in enumerate(items, 1))
    assert "alvorlig fare" not in text
    assert "Du har notert: pasienten er redd." in text
    assert not re.search(r"\b(?:du må|du har plikt|du skal) varsle", text, re.IGNORECASE)


def test_every_item_shows_its_source():
    answers = Answers(
        acute_now="yes", wish="safe_place", risk_signals=("weapon",), children_home="yes"
    )
    for item in propose(answers, centre_lines=("- X krisesenter",)):
        assert "\nKilde: " in item.text(1), item.id


def test_staying_home_brings_police_measures_that_fit_the_wish():
    items = propose(
        Answers(acute_now="no", wish="stay_home_protected", risk_signals=("separation",))
    )
    police = next(item for item in items if item.id == "police")
    text = "\n".join(police.lines)
    assert "Mobil voldsalarm" in text and "Besøksforbud" in text
    assert "tre måneder" in text
    assert "safe_place" not in [item.id for item in items], "the wish to stay home is respected"


def test_a_safe_place_wish_gets_safe_place_and_the_local_centre():
    found = ids(
        Answers(wish="safe_place", risk_signals=("none",)), centre_lines=("- X krisesenter",)
    )
    assert found[:2] == ["safe_place", "crisis_centre"]


def test_talking_only_at_low_risk_respects_the_wish():
    found = ids(Answers(acute_now="no", wish="talk_only", risk_signals=("none",), consent="no"))
    assert "police" not in found and "duty_to_notify" not in found
    assert "information" in found and "consent" in found


def test_recorded_signs_without_consent_ask_to_assess_the_duty():
    found = ids(Answers(wish="talk_only", risk_signals=("threats",), consent="no"))
    assert "duty_to_notify" in found and "police" in found and "safe_place" in found
    assert "duty_to_notify" not in ids(Answers(risk_signals=("threats",), consent="yes"))
    assert "duty_to_notify" not in ids(Answers(risk_signals=("none",), consent="no"))


def test_children_bring_section_33_with_its_condition_and_the_helpline():
    children = next(i for i in propose(Answers(children_home="yes")) if i.id == "children")
    text = children.text(1)
    assert "Vurder helsepersonelloven § 33" in text
    assert "grunn til å tro at et barn blir mishandlet" in text
    assert "116 111" in text and "pasientjournalforskriften § 8 b" in text
    assert "children" not in ids(Answers(children_home="no"))


def test_every_item_says_why():
    for item in propose(
        Answers(acute_now="yes", wish="safe_place", risk_signals=("weapon",), children_home="yes")
    ):
        assert item.why, item.id


def test_summary_has_every_heading_and_no_free_text():
    answers = Answers(
        acute_now="no", wish="stay_home_protected", risk_signals=("threats",),
        children_home="yes", municipality="4601", consent="unknown",
    )  # fmt: skip
    text = summary(answers, propose(answers))
    labels = [
        "Akutt fare",
        "Pasientens ønske",
        "Risikotegn oppgitt",
        "Barn i hjemmet",
        "Foreslåtte",
    ]
    for label in [*labels, "Samtykke", "Rettslige spørsmål å vurdere", "Kilde:"]:
        assert label in text
    assert "helsepersonelloven § 33" in text and "§ 31" in text
    assert "ikke vurdert av verktøyet" in text
    assert "varslingsplikt" not in text and "opplysningsplikt til barnevernet" not in text
    assert "4601" not in text, "the summary holds no identifying details"


def test_summary_shows_denied_signs_as_denied_never_as_signs():
    answers = Answers(
        acute_now="no", risk_signals=("fear",), consent="no",
        not_stated=(("weapon", "denied"), ("threats", "past")),
    )  # fmt: skip
    text = summary(answers, propose(answers))
    signs = next(line for line in text.splitlines() if line.startswith("- Risikotegn"))
    assert signs == "- Risikotegn oppgitt i samtalen: pasienten er redd"
    assert "våpen (avkreftet)" in text and "trusler (tidligere, ikke nå)" in text
