from __future__ import annotations

import pytest

from bot.consultation.parse import mentioned, parse_consent, parse_signals, parse_wish, parse_yes_no


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ja", "yes"), ("Jo", "yes"), ("ja da", "yes"), ("jepp", "yes"), ("det stemmer", "yes"),
        ("nei", "no"), ("Neida", "no"), ("ikkje", "no"), ("nei, ingen er i fare nå", "no"),
        ("ingen", "no"), ("vet ikke", "unknown"), ("veit ikkje", "unknown"), ("kanskje", "unknown"),
        ("usikker", "unknown"), ("hopp over", "skipped"), ("neste spørsmål", "skipped"),
        ("hun vil bo hjemme", None), ("hva er voldsalarm", None),
    ],
)  # fmt: skip
def test_yes_no_in_any_natural_form(text: str, answer: str | None):
    assert parse_yes_no(text) == answer


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("Et trygt sted å være i natt", "safe_place"),
        ("hun tør ikke dra hjem", "safe_place"),
        ("hun vil på krisesenter", "safe_place"),
        ("Hun vil bli boende hjemme, men er redd", "stay_home_protected"),
        ("ho vil bli verande heime", "stay_home_protected"),
        ("hun vil anmelde ham", "report"),
        ("hun vil bare snakke", "talk_only"),
        ("ho vil berre prate", "talk_only"),
        ("usikker", "unsure"),
        ("hopp over", "skipped"),
        ("blå", None),
    ],
)
def test_wishes_in_free_text(text: str, wish: str | None):
    assert parse_wish(text) == wish


@pytest.mark.parametrize(
    ("text", "signals"),
    [
        ("han har truet henne og det blir verre", ["threats", "escalation"]),
        ("kvelningsforsøk i fjor, og hun er livredd", ["strangling", "fear"]),
        ("han har våpen", ["weapon"]),
        ("de skal skilles", ["separation"]),
        ("Ingen av disse", ["none"]),
        ("nei", ["none"]),
        ("vet ikke", ["unknown"]),
        ("hopp over", ["skipped"]),
        ("ja", None),
    ],
)
def test_risk_signals_are_picked_out_of_free_text(text: str, signals: list[str] | None):
    assert parse_signals(text) == signals


@pytest.mark.parametrize(
    ("text", "answer"),
    [("ja", "yes"), ("hun har samtykket", "yes"), ("hun vil ikke", "no"), ("nekter", "no"),
     ("Vet ikke", "unknown"), ("hopp over", "skipped")],
)  # fmt: skip
def test_consent_answers(text: str, answer: str):
    assert parse_consent(text) == answer


def test_a_message_can_answer_more_than_it_was_asked():
    assert mentioned("Hun vil bli boende hjemme, men er redd, og barna bor der") == {
        "wish": "stay_home_protected",
        "risk_signals": ["fear"],
        "children_home": "yes",
    }
    assert mentioned("nei") == {}
