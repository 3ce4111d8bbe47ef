"""The action server, closed by default: loopback only, a shared secret, no tracker in errors.

    python -m bot.cli.actions_server --host 127.0.0.1 --port 5055

rasa-sdk's own `rasa run actions` listens on 0.0.0.0, asks no credential and
answers an action error with the whole request (the tracker, with the
conversation) in the body. This runs the same rasa-sdk app with:

- the bind address from SG_ACTION_HOST (default 127.0.0.1);
- every route but /health requiring `Authorization: Bearer <SG_ACTION_SECRET>`,
  which the Rasa server sends (endpoints.yml); the launcher makes a random
  secret per run when none is set;
- error answers reduced to {"error": "the action failed"} (the details go to
  the log at ERROR level without the request body).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import bearer_matches
from bot.schemas.registry import check_all

logger = logging.getLogger(__name__)

SECRET_VARIABLE = "SG_ACTION_SECRET"
OPEN_PATHS = frozenset({"/health"})
# Longer than the Rasa server's pooled-connection idle time, so a pooled
# connection is never closed under a request in flight (issue 12).
KEEP_ALIVE_TIMEOUT_S = 75


def build_app(secret: str, package: str = "actions") -> Sanic:
    """rasa-sdk's app with the secret check and error bodies without the tracker."""
    if not secret:
        raise ValueError(f"{SECRET_VARIABLE} must be set")
    app = create_app(package)
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_TIMEOUT_S

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or bearer_matches(
            request.headers.get("authorization"), secret
        ):
            return None
        return response.json({"error": "missing or wrong credential"}, status=401)

    @app.middleware("response")
    async def scrub_errors(request: Request, answer: HTTPResponse) -> HTTPResponse | None:
        if answer.status >= 500:
            return response.json({"error": "the action failed"}, status=answer.status)
        return None

    return app


def keep_tensorflow_out() -> None:
    """Make `import tensorflow` fail in this process, which never needs it.

    spaCy imports thinc, and thinc imports TensorFlow whenever it is installed
    (it is, for the Rasa server): 1–3 s and ~400 MiB for nothing here. A
    `None` entry in `sys.modules` is Python's documented way to block an
    import; thinc then runs without its TensorFlow shims.
    """
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]


def warm_up() -> None:
    """Load and compile what the actions read now, not in the first user's turn.

    Without this the first consultation answer after a start waited ~3 s for
    spaCy, negspacy and the cue tables, and the first topic answer for the
    place index (issue 12).
    """
    from bot.consultation import parse, proposal
    from bot.knowledge.store import knowledge
    from bot.nlu import assertion, danger
    from bot.places import places
    from bot.practice.scenario import library

    knowledge()
    places()
    library()
    parse.cues()
    proposal.texts()
    danger.signals()
    assertion.warm_up()
    parse.read("han har ikke truet henne", "signals")  # the first read builds the rest


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("SG_ACTION_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(message)s")
    secret = os.environ.get(SECRET_VARIABLE, "")
    if not secret:
        logger.error("Kan ikke starte handlingsserveren: %s er ikke satt.", SECRET_VARIABLE)
        return 2
    problems = check_all()
    if problems:
        logger.error(
            "Kan ikke starte handlingsserveren, feil i datafilene:\n%s", "\n".join(problems)
        )
        return 2
    keep_tensorflow_out()
    app = build_app(secret)
    warm_up()
    logger.info("Handlingsserveren lytter på %s:%d", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
