"""The action server's closed defaults: the secret check and error bodies without the tracker."""

from __future__ import annotations

import subprocess
import sys

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


def test_the_action_server_warms_up_without_tensorflow():
    """The first user's turn finds everything loaded, and TensorFlow never is (issue 12)."""
    script = (
        "import sys\n"
        "from bot.cli import actions_server\n"
        "actions_server.keep_tensorflow_out()\n"
        "actions_server.warm_up()\n"
        "from bot.nlu import assertion\n"
        "assert assertion._reader.cache_info().currsize == 1\n"
        "assert sys.modules['tensorflow'] is None\n"
        "assert not any(name.startswith('tensorflow.') for name in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
