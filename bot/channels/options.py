"""Optional channel settings read from the environment (names, defaults, checks).

The required secrets (tokens, app ids) come through `${...}` in
credentials.yml, which is how the launcher decides that a channel is on.
Optional settings live here instead, because any unset `${...}` variable
switches its channel off. Read when a channel is created, never at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from rasa.shared.exceptions import InvalidConfigException

SLACK_API_URL = "SLACK_API_URL"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"

BOTFRAMEWORK_OPENID_METADATA_URL = "BOTFRAMEWORK_OPENID_METADATA_URL"
DEFAULT_BOTFRAMEWORK_OPENID_METADATA_URL = (
    "https://login.botframework.com/v1/.well-known/openidconfiguration"
)
BOTFRAMEWORK_TOKEN_URL = "BOTFRAMEWORK_TOKEN_URL"
DEFAULT_BOTFRAMEWORK_TOKEN_URL = (
    "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
)


def check_url(url: str, *, name: str) -> str:
    """`url` if it is an absolute http(s) URL, else a configuration error naming `name`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidConfigException(f"{name} must be an http(s) URL, got {url!r}")
    return url


def env_url(
    environ: Mapping[str, str], name: str, default: str, *, trailing_slash: bool = False
) -> str:
    """The URL in environment variable `name` (blank: `default`), checked.

    Args:
        environ: The environment to read.
        name: The variable name.
        default: Used when the variable is unset or blank.
        trailing_slash: Add a missing final `/` (for base URLs that are joined
            with relative paths, where a missing slash would drop a segment).

    Returns:
        The URL.

    Raises:
        InvalidConfigException: The value is not an absolute http(s) URL.
    """
    url = environ.get(name, "").strip() or default
    if trailing_slash and not url.endswith("/"):
        url += "/"
    return check_url(url, name=name)
