"""A sign that is denied, asked about, supposed or over is never read as present."""

from __future__ import annotations

import pytest

from bot.cli import assertion_report
from bot.consultation import parse
from bot.nlu import assertion, danger
from bot.nlu.assertion import Status


def statuses(text: str) -> dict[str, Status]:
    """Risk signs and children as the consultation reads them."""
    found = assertion.statuses(parse.read(text, "signals"))
    children = assertion.statuses(parse.read(text, "children"))
    if children:
        found["children"] = next(iter(children.values()))
    found.pop("none", None)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "han har ikke truet henne, det er ingen våpen i huset og hun er ikke redd",
            {"threats": Status.DENIED, "weapon": Status.DENIED, "fear": Status.DENIED},
        ),
        ("ingen våpen, men hun er livredd", {"weapon": Status.DENIED, "fear": Status.PRESENT}),
        ("han har aldri truet henne", {"threats": Status.DENIED}),
        (
            "han har ikkje truga ho, og det er ingen våpen",
            {"threats": Status.DENIED, "weapon": Status.DENIED},
        ),
        ("verken trusler eller kvelning", {"threats": Status.DENIED, "strangling": Status.DENIED}),
        ("har han våpen?", {"weapon": Status.ASKED}),
        ("vet ikke om det er barn der", {"children": Status.ASKED}),
        ("ingen kniv, men har han andre våpen?", {"weapon": Status.DENIED}),
        ("hvis han kommer tilbake med kniv", {"weapon": Status.HYPOTHETICAL}),
        ("han truet henne for ti år siden, ikke siden", {"threats": Status.PAST}),
        ("det ble verre i fjor, men har roet seg nå", {"escalation": Status.PAST}),
        ("hun tør ikke dra hjem", {"fear": Status.PRESENT}),
        ("han vil ikke slutte å true henne", {"threats": Status.PRESENT}),
        (
            "ikke bare trusler, han har også kniv",
            {"threats": Status.PRESENT, "weapon": Status.PRESENT},
        ),
        ("hun sier han har truet henne", {"threats": Status.PRESENT}),
        ("nå har han kniv", {"weapon": Status.PRESENT}),
        (
            "han har sagt han skal drepe henne hvis hun går fra ham",
            {"threats": Status.PRESENT, "separation": Status.HYPOTHETICAL},
        ),
    ],
)
def test_what_a_message_says_about_each_sign(text: str, expected: dict[str, Status]):
    found = statuses(text)
    for sign, status in expected.items():
        assert found.get(sign) is status, f"{sign} in {text!r}: {found}"


def test_a_weapon_question_clause_does_not_hide_a_denial_before_it():
    mentions = parse.read("ingen kniv, men har han andre våpen?", "signals")
    assert [(m.text, m.status) for m in mentions if m.label == "weapon"] == [
        ("kniv", Status.DENIED),
        ("våpen", Status.ASKED),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ingen er i fare nå",
        "hun er ikke i akutt fare",
        "hvis du er i fare, ring 112",
        "hva gjør jeg hvis han kommer tilbake med kniv?",
        "han truet med å drepe henne for ti år siden, ikke siden",
        "han har ikke truet med å drepe henne",
    ],
)
def test_danger_that_is_not_stated_is_no_alarm(text: str):
    assert danger.detect(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "han har ikke drukket men han står utenfor døra med kniv nå",
        "han står utenfor med kniv nå hva gjør jeg",
        "hun er ikke hjemme, han truer med å drepe henne i kveld",
        "barna er hjemme og han slår nå",
        "han har sparket inn døra og er inne nå",
    ],
)
def test_danger_after_an_unrelated_negation_still_gives_the_alarm(text: str):
    assert danger.detect(text), text


def test_the_labelled_set_meets_the_goal():
    """Precision and recall ≥ 0.95 per sign, and every danger sentence caught."""
    scores = assertion_report.score(assertion_report.load(assertion_report.DEFAULT_SET))
    for sign, result in scores.items():
        assert result.precision >= assertion_report.GOAL, (sign, result.errors)
        assert result.recall >= assertion_report.GOAL, (sign, result.errors)
    assert scores[assertion_report.DANGER].false_negative == 0


def test_all_labelled_sets_pooled_meet_the_goal():
    """Over all 2,202 labelled sentences: precision and recall ≥ 0.95 for every sign."""
    paths = sorted(assertion_report.DEFAULT_SET.parent.glob("assertion_*.yml"))
    assert len(paths) >= 6
    pooled = assertion_report.pool(
        [assertion_report.score(assertion_report.load(p)) for p in paths]
    )
    for sign, result in pooled.items():
        assert result.precision >= assertion_report.GOAL, (sign, result.errors)
        assert result.recall >= assertion_report.GOAL, (sign, result.errors)


def test_no_text_or_no_sign_reads_as_nothing():
    assert assertion.read("", [assertion.Found("weapon", 0, 3)]) == []
    assert assertion.read("han har kniv", []) == []


@pytest.mark.parametrize(
    "name",
    [
        "assertion_set",
        "assertion_holdout",
        "assertion_final",
        "assertion_untouched",
        "assertion_fresh",
        "assertion_sixth",
    ],
)
def test_every_danger_sentence_of_every_labelled_set_gets_the_alarm(name: str):
    path = assertion_report.DEFAULT_SET.with_name(f"{name}.yml")
    danger_now = assertion_report.score(assertion_report.load(path))[assertion_report.DANGER]
    assert danger_now.false_negative == 0, danger_now.errors
