"""The redaction goals (issue 11), as `make eval` prints them.

Three labelled sets, each written blind by a different writer. The goals are
judged on the three together; each set alone must keep fødselsnummer, phone
and e-mail recall and the false-redaction rate within the goals too.
"""

from __future__ import annotations

import pytest

from bot.cli import redaction_report

SETS = ("redaction_set", "redaction_holdout", "redaction_final")
STRICT = ("fnr", "phone", "email")


def figures(name: str) -> redaction_report.Figures:
    path = redaction_report.DEFAULT_SET.with_name(f"{name}.yml")
    return redaction_report.score(redaction_report.load(path))


def test_the_three_sets_together_meet_every_goal():
    together = redaction_report.pooled([figures(name) for name in SETS])
    assert together.meets_goals(), redaction_report.report(together, "all", errors=True)


@pytest.mark.parametrize("name", SETS)
def test_each_set_keeps_numbers_and_addresses_of_mail_and_ordinary_text_right(name):
    result = figures(name)
    for kind in STRICT:
        assert result.recall(kind) >= redaction_report.GOALS[kind], (kind, result.errors)
    assert result.false_rate <= redaction_report.FALSE_REDACTION_GOAL, result.errors
