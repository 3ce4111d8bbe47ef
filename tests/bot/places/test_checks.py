"""The cross-checks check-data runs on the place data, and its coverage figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.check_data import main
from bot.places import places
from bot.places.checks import coverage, problems, unverified_reachable
from tests.conftest import replace_once


def test_the_data_is_consistent():
    assert problems(places()) == []
    assert unverified_reachable(places()) == []


def test_coverage_matches_the_research_caveats():
    figures = coverage(places())
    assert figures["municipalities"] == 357
    assert figures["active_centres_with_shown_number"] == 7
    assert figures["aliases_by_kind"]["town"] >= 30  # type: ignore[index]
    assert figures["aliases_by_kind"]["former_municipality"] >= 90  # type: ignore[index]


def test_check_data_passes_on_the_project_data():
    assert main([]) == 0


def test_check_data_fails_on_a_broken_copy(data_copy: Path, caplog: pytest.LogCaptureFixture):
    replace_once(data_copy / "place_aliases.csv", "Rømskog,3226", "Rømskog,0000")
    assert main(["--data", str(data_copy)]) == 1
    assert "place_aliases.csv, rad 2" in caplog.text
