"""Which inputs give which measures, and why (the guide's proportionality)."""

from __future__ import annotations

import pytest

from bot.consultation.proposal import Answers, propose, risk_level, summary


def ids(answers: Answers, **kwargs) -> list[str]:
    return [item.id for item in propose(answers, **kwargs)]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (Answers(acute_now="yes"), "high"),
        (Answers(risk_signals=("weapon",)), "high"),
        (Answers(risk_signals=("strangling",)), "high"),
        (Answers(risk_signals=("fear",)), "high"),
        (Answers(risk_signals=("escalation", "separation")), "elevated"),
        (Answers(risk_signals=("escalation", "separation", "threats")), "high"),
        (Answers(risk_signals=("none",)), "unclear"),
        (Answers(risk_signals=("unknown",)), "unclear"),
    ],
)
def test_risk_picture(answers: Answers, level: str):
    assert risk_level(answers) == level


def test_acute_danger_comes_first_with_the_duty_to_notify():
    found = ids(Answers(acute_now="yes", wish="talk_only"))
    assert found[0] == "emergency"
    assert "duty_to_notify" in found and "police" in found


def test_staying_home_brings_police_measures_that_fit_the_wish():
    items = propose(
        Answers(acute_now="no", wish="stay_home_protected", risk_signals=("separation",))
    )
    police = next(item for item in items if item.id == "police")
    text = "\n".join(police.lines)
    assert "Mobil voldsalarm" in text and "Besøksforbud" in text
    assert "tre måneder" in text
    assert "safe_place" not in [item.id for item in items]


def test_a_safe_place_wish_gets_safe_place_and_the_local_centre():
    found = ids(
        Answers(wish="safe_place", risk_signals=("none",)), centre_lines=("- X krisesenter",)
    )
    assert found[:2] == ["safe_place", "crisis_centre"]


def test_talking_only_at_low_risk_respects_the_wish():
    found = ids(Answers(acute_now="no", wish="talk_only", risk_signals=("none",), consent="no"))
    assert "police" not in found and "duty_to_notify" not in found
    assert "information" in found and "consent" in found


def test_serious_danger_without_consent_brings_the_duty_to_notify():
    found = ids(Answers(wish="talk_only", risk_signals=("threats",), consent="no"))
    assert "duty_to_notify" in found and "police" in found and "safe_place" in found
    assert "duty_to_notify" not in ids(Answers(risk_signals=("threats",), consent="yes"))


def test_children_bring_the_duty_towards_child_welfare():
    assert "children" in ids(Answers(children_home="yes"))
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
    labels = ["Akutt fare", "Pasientens ønske", "Risikotegn", "Barn i hjemmet", "Foreslåtte tiltak"]
    for label in [*labels, "Samtykke", "Rettslig grunnlag"]:
        assert label in text
    assert "helsepersonelloven § 33" in text and "§ 31" in text
    assert "4601" not in text, "the summary holds no identifying details"
