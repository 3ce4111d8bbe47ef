"""Check that a request to the Teams channel really comes from the Bot Connector.

Implements the Connector→bot checks of Microsoft's "Authentication with the
Bot Connector API": a Bearer JWT signed (RS256) by a key from the JWKS that
the OpenID metadata points to, issuer https://api.botframework.com, audience
our app id, within its validity (5 minutes clock skew allowed), a
`serviceurl` claim equal to the activity's `serviceUrl`, and a key endorsed
for the activity's `channelId`.

Unlike Rasa's connector, the keys are fetched on the first request that
needs them (not in the constructor, which made the whole server fail to
start without internet), without blocking the event loop, and cached: they
are refetched after a day, or sooner when a token names a key we do not
know (key rotation), at most every few minutes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
ALGORITHMS = ("RS256",)
CLOCK_SKEW_S = 5 * 60
FETCH_TIMEOUT_S = 10.0
_BEARER = re.compile(r"^Bearer +(\S+)$", re.IGNORECASE)

FetchJson = Callable[[str], Awaitable[Any]]


class AuthError(Exception):
    """The request is not authenticated; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class KeysUnavailable(Exception):
    """No signing keys could be fetched yet, so no token can be checked."""


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer …` header."""
    match = _BEARER.match(header or "")
    if not match:
        raise AuthError(401, "no Bearer token")
    return match.group(1)


def key_id(token: str) -> str:
    """The id of the key that signed `token` (header only; nothing is trusted yet)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as e:
        raise AuthError(401, "malformed token") from e
    if header.get("alg") not in ALGORITHMS:
        raise AuthError(401, "token signing algorithm not allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthError(401, "token names no signing key")
    return kid


def verify_token(token: str, jwk: Mapping[str, Any], *, app_id: str) -> dict[str, Any]:
    """Check signature, issuer, audience and validity of `token`; return its claims."""
    try:
        key = RSAAlgorithm.from_jwk(json.dumps(dict(jwk)))
        public_key = key.public_key() if isinstance(key, RSAPrivateKey) else key
    except (jwt.InvalidKeyError, ValueError, KeyError) as e:
        raise AuthError(401, "signing key unusable") from e
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=public_key,
            algorithms=list(ALGORITHMS),
            audience=app_id,
            issuer=ISSUER,
            leeway=CLOCK_SKEW_S,
            options={"require": ["exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as e:
        raise AuthError(401, "token expired") from e
    except jwt.InvalidAudienceError as e:
        raise AuthError(401, "token issued for another app") from e
    except jwt.InvalidIssuerError as e:
        raise AuthError(401, "token from another issuer") from e
    except jwt.PyJWTError as e:
        raise AuthError(401, f"invalid token ({type(e).__name__})") from e
    return claims


def check_activity(
    claims: Mapping[str, Any], jwk: Mapping[str, Any], activity: Mapping[str, Any]
) -> None:
    """Check that the token was issued for this activity's serviceUrl and channel.

    Replies (with our own access token) go to the activity's serviceUrl, so an
    activity may only name the serviceUrl its token was issued for.
    """
    claimed = next((v for k, v in claims.items() if k.lower() == "serviceurl"), None)
    service_url = activity.get("serviceUrl")
    if (
        not isinstance(claimed, str)
        or not isinstance(service_url, str)
        or claimed.rstrip("/") != service_url.rstrip("/")
    ):
        raise AuthError(401, "token not issued for this serviceUrl")
    channel_id = activity.get("channelId")
    endorsements = jwk.get("endorsements")
    if (
        isinstance(channel_id, str)
        and channel_id
        and (not isinstance(endorsements, list) or channel_id not in endorsements)
    ):
        raise AuthError(403, "signing key not endorsed for this channel")


async def get_json(url: str) -> Any:
    """GET `url` and parse its JSON body (proxy settings from the environment apply)."""
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_S)
    async with (
        aiohttp.ClientSession(timeout=timeout, trust_env=True) as session,
        session.get(url) as answer,
    ):
        answer.raise_for_status()
        return json.loads(await answer.read())


class SigningKeys:
    """The Bot Connector's signing keys, fetched lazily and cached."""

    def __init__(
        self,
        metadata_url: str,
        *,
        fetch: FetchJson = get_json,
        max_age_s: float = 24 * 3600,
        retry_after_s: float = 30,
        unknown_key_refresh_s: float = 5 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self._fetch = fetch
        self._max_age_s = max_age_s
        self._retry_after_s = retry_after_s
        self._unknown_key_refresh_s = unknown_key_refresh_s
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock: asyncio.Lock | None = None

    async def get(self, kid: str) -> dict[str, Any] | None:
        """The key with id `kid`, or None when the Bot Connector has no such key.

        Raises:
            KeysUnavailable: No keys have been fetched, and fetching them failed.
        """
        if self._needs_refresh(kid):
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                if self._needs_refresh(kid):  # not done meanwhile by a concurrent request
                    await self._refresh()
        if not self._keys:
            raise KeysUnavailable(self.metadata_url)
        return self._keys.get(kid)

    def _needs_refresh(self, kid: str) -> bool:
        now = self._clock()
        since_attempt = math.inf if self._attempted_at is None else now - self._attempted_at
        if self._fetched_at is None or now - self._fetched_at > self._max_age_s:
            return since_attempt >= self._retry_after_s
        return kid not in self._keys and since_attempt >= self._unknown_key_refresh_s

    async def _refresh(self) -> None:
        self._attempted_at = self._clock()
        try:
            keys = await self._download()
        except (
            aiohttp.ClientError,
            OSError,
            asyncio.TimeoutError,
            ValueError,
            KeyError,
            TypeError,
        ) as e:
            kept = (
                f"keeping the {len(self._keys)} keys fetched earlier"
                if self._keys
                else "Teams requests are answered 503 until they can be fetched"
            )
            logger.error(
                "Could not fetch the Bot Framework signing keys from %s (%s: %s); %s",
                self.metadata_url,
                type(e).__name__,
                e,
                kept,
            )
            return
        self._keys, self._fetched_at = keys, self._clock()
        logger.info("Fetched %d Bot Framework signing keys", len(keys))

    async def _download(self) -> dict[str, dict[str, Any]]:
        metadata = await self._fetch(self.metadata_url)
        jwks_uri = metadata["jwks_uri"]
        if not isinstance(jwks_uri, str) or urlsplit(jwks_uri).scheme not in ("http", "https"):
            raise ValueError("the OpenID metadata has no http(s) jwks_uri")
        jwks = await self._fetch(jwks_uri)
        keys = {
            key["kid"]: key
            for key in jwks["keys"]
            if isinstance(key, dict) and key.get("kty") == "RSA" and isinstance(key.get("kid"), str)
        }
        if not keys:
            raise ValueError("the key set has no RSA keys")
        return keys
