from __future__ import annotations

import pytest

from bot.consultation.turn import Turn, interpret, next_failures


def places(text: str) -> str | None:
    return {"bergen": "4601", "bodø": "1804"}.get(text.strip().lower())


def run(requested, text, intent="inform", confidence=0.9, current=None):
    return interpret(requested, text, intent, confidence, current or {}, resolve_place=places)


def test_plain_answer_fills_the_requested_question():
    turn = run("acute_now", "nei")
    assert (turn.values, turn.answered) == ({"acute_now": "no"}, True)


def test_danger_mid_form_is_flagged_and_answers_the_acute_question():
    turn = run("acute_now", "han truer henne med kniv nå", intent="acute_danger")
    assert turn.acute and turn.values["acute_now"] == "yes"
    later = run("consent", "han står utenfor med kniv", intent="acute_danger")
    assert later.acute and not later.answered
    assert later.values["risk_noted"] == ["weapon"], "kept until the risk question is asked"


def test_answer_to_another_question_is_kept_and_the_asked_one_stays_open():
    turn = run("acute_now", "Hun vil bli boende hjemme, men er redd")
    assert not turn.answered
    assert turn.values == {"wish": "stay_home_protected", "risk_noted": ["fear"]}
    assert turn.noted_wish == "stay_home_protected"


def test_side_question_is_recognised_only_when_it_is_not_an_answer():
    turn = run("wish", "hva er voldsalarm?", intent="ask_measure")
    assert turn.side_intent == "ask_measure" and not turn.answered
    unsure = run("wish", "hva er voldsalarm?", intent="ask_measure", confidence=0.3)
    assert unsure.side_intent is None


def test_skip_cancel_and_corrections():
    assert run("children_home", "hopp over").values == {"children_home": "skipped"}
    assert run("consent", "avbryt").cancel
    assert run("consent", "x", intent="cancel").cancel
    correction = run("consent", "Endre svaret om barn", current={"children_home": "no"})
    assert correction.values == {"children_home": None}
    assert run("consent", "jeg vil endre et svar").correction_menu


def test_button_payload_intents_count_as_answers():
    assert run("children_home", "/affirm", intent="affirm").values == {"children_home": "yes"}


def test_signals_mentioned_later_are_added_to_earlier_ones():
    turn = run("consent", "forresten har han kvelt henne", current={"risk_signals": ["threats"]})
    assert turn.values["risk_signals"] == ["threats", "strangling"]


def test_municipality_uses_the_place_resolver():
    assert run("municipality", "Bergen").values == {"municipality": "4601"}
    assert not run("municipality", "Atlantis").answered
    assert run("municipality", "hopp over").values == {"municipality": "skipped"}


def test_failures_count_only_real_failed_answers():
    unanswered = Turn()
    assert next_failures({}, "wish", unanswered) == {"wish": 1}
    assert next_failures({"wish": 1}, "wish", unanswered) == {"wish": 2}
    assert next_failures({"wish": 2}, "wish", Turn(answered=True)) == {}
    assert next_failures({}, "wish", Turn(acute=True)) == {}
    assert next_failures({}, "wish", Turn(side_intent="ask_measure")) == {}


def test_signs_noted_early_join_the_answer_to_the_risk_question():
    turn = run("risk_signals", "trusler", current={"risk_noted": ["fear"]})
    assert turn.values["risk_signals"] == ["fear", "threats"]
    none = run("risk_signals", "ingen av disse", current={"risk_noted": ["fear"]})
    assert none.values["risk_signals"] == ["fear"]


@pytest.mark.parametrize(
    ("requested", "text", "alarm", "value"),
    [
        # An answer to the risk question describes signs; a denial is kept as such.
        ("risk_signals", "ingen våpen, men hun er livredd", False, ["fear"]),
        ("risk_signals", "han står utenfor med kniv nå", True, ["weapon"]),
        # An explicit "nei" answers the acute question; an unclear alarm is a yes.
        ("acute_now", "nei hun er trygg akkurat nå, han er på jobb", False, "no"),
        ("acute_now", "hun er livredd for i kveld", True, "yes"),
    ],
)
def test_the_classifiers_alarm_inside_the_form(requested, text, alarm, value):
    turn = run(requested, text, intent="acute_danger", confidence=0.7)
    assert turn.acute is alarm
    assert turn.values[requested] == value


def test_a_denied_sign_in_the_risk_answer_is_kept_as_denied():
    turn = run("risk_signals", "ingen våpen, men hun er livredd", intent="acute_danger")
    assert turn.values["risk_not_stated"] == [["weapon", "denied"]]
