"""The redaction goals on the labelled sets (issue 11), as `make eval` prints them."""

from __future__ import annotations

import pytest

from bot.cli import redaction_report


@pytest.mark.parametrize("name", ["redaction_set", "redaction_holdout"])
def test_the_labelled_set_meets_every_goal(name):
    path = redaction_report.DEFAULT_SET.with_name(f"{name}.yml")
    figures = redaction_report.score(redaction_report.load(path))
    assert figures.meets_goals(), redaction_report.report(figures, name, errors=True)
