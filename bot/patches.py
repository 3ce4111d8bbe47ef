"""One documented patch to Rasa 3.6, applied where the Rasa server starts (bot/cli/rasa_server.py).

`RemoteAction._validate_action_result` checks every action-server response
with `jsonschema.validate(result, schema)`. That function first re-checks the
*schema itself* against the JSON Schema meta-schema (`check_schema`) and
builds a new validator, on every call: about half of the Rasa server's CPU
per message here (issue 12). The patch builds the validator once and then
validates exactly as `jsonschema.validate` does (the best-matching error is
raised, with Rasa's hint appended), so replies are unchanged.

`PATCHED_SOURCE_SHA256` is the hash of the original function's source:
tests/bot/test_patches.py fails when a Rasa upgrade changes it, so the patch
is re-checked (or dropped) instead of silently replacing new code. Rasa 3.6.21
is the last Rasa Open Source 3.6 release; later Rasa versions were not
available to check here (docs/bench.md).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from typing import Any

from rasa.core.actions.action import RemoteAction

logger = logging.getLogger(__name__)

# sha256 of RemoteAction._validate_action_result's source in Rasa 3.6.21.
PATCHED_SOURCE_SHA256 = "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42"
_ORIGINAL = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error: ValidationError | None = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def original_source_sha256() -> str:
    """Hash of Rasa's own `_validate_action_result` source (what the patch replaces)."""
    return hashlib.sha256(inspect.getsource(_ORIGINAL).encode("utf8")).hexdigest()


def apply() -> None:
    """Replace the check with the one-validator version (idempotent)."""
    if RemoteAction._validate_action_result is not _validate_action_result:
        RemoteAction._validate_action_result = _validate_action_result
        logger.info("Rasa patch applied: action responses checked with one prebuilt validator")
