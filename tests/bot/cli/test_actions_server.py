"""The action server's closed defaults: the secret check and error bodies without the tracker."""

from __future__ import annotations

import pytest

from bot.channels.guard import bearer_matches
from bot.cli.actions_server import build_app


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("Bearer s3cret", True),
        ("bearer s3cret", True),
        ("Bearer wrong", False),
        ("s3cret", False),
        ("Basic s3cret", False),
        ("", False),
        (None, False),
    ],
)
def test_only_the_shared_secret_opens_the_webhook(header, ok):
    assert bearer_matches(header, "s3cret") is ok


def test_an_empty_secret_is_refused():
    with pytest.raises(ValueError, match="SG_ACTION_SECRET"):
        build_app("")
