from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from bot.channels.teams_auth import (
    AuthError,
    KeysUnavailable,
    SigningKeys,
    bearer_token,
    check_activity,
    key_id,
    verify_token,
)
from tests.bot.channels.botframework_keys import SigningKey

APP_ID = "00000000-1111-2222-3333-444444444444"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
KEY = SigningKey("key-1")
OTHER = SigningKey("key-1")  # same key id, different key: a forgery


def _b64(raw: bytes) -> bytes:
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def token(**overrides: Any) -> str:
    return KEY.token(**{"app_id": APP_ID, "service_url": SERVICE_URL, **overrides})


def reason_of(call: Any) -> tuple[int, str]:
    with pytest.raises(AuthError) as caught:
        call()
    return caught.value.status, caught.value.reason


@pytest.mark.parametrize("header", ["Bearer abc.def.ghi", "bearer abc.def.ghi"])
def test_the_bearer_token_is_taken_from_the_header(header: str):
    assert bearer_token(header) == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "Basic dXNlcjpwdw==", "Bearer", "Bearer a b"])
def test_headers_without_a_bearer_token_are_refused(header: str | None):
    assert reason_of(lambda: bearer_token(header)) == (401, "no Bearer token")


def test_the_key_id_is_read_from_the_header():
    assert key_id(token()) == "key-1"


def test_tokens_naming_other_algorithms_are_refused():
    public_pem = KEY.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # The classic confusion attack: HMAC "signed" with the public key (PyJWT will not
    # even create such a token, so it is put together by hand).
    signing_input = b".".join(
        _b64(json.dumps(part).encode())
        for part in ({"alg": "HS256", "typ": "JWT", "kid": "key-1"}, {"aud": APP_ID})
    )
    mac = hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    hs256 = (signing_input + b"." + _b64(mac)).decode()
    unsigned = jwt.encode({"aud": APP_ID}, None, algorithm="none", headers={"kid": "key-1"})
    for forged in (hs256, unsigned):
        assert reason_of(lambda t=forged: key_id(t))[1] == "token signing algorithm not allowed"


@pytest.mark.parametrize("bad", ["not-a-token", "a.b.c", ""])
def test_malformed_tokens_are_refused(bad: str):
    assert reason_of(lambda: key_id(bad)) == (401, "malformed token")


def test_a_token_without_key_id_is_refused():
    unnamed = jwt.encode({"aud": APP_ID}, KEY.private, algorithm="RS256")
    assert reason_of(lambda: key_id(unnamed))[1] == "token names no signing key"


def test_a_valid_token_gives_its_claims():
    claims = verify_token(token(), KEY.jwk(), app_id=APP_ID)
    assert claims["aud"] == APP_ID and claims["serviceurl"] == SERVICE_URL


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"app_id": "another-app"}, "token issued for another app"),
        ({"issuer": "https://sts.windows.net/x/"}, "token from another issuer"),
        ({"lifetime_s": -301}, "token expired"),
        ({"nbf": int(time.time()) + 600}, "invalid token (ImmatureSignatureError)"),
        ({"exp": None}, "invalid token (MissingRequiredClaimError)"),
        ({"issuer": None}, "invalid token (MissingRequiredClaimError)"),
    ],
)
def test_invalid_claims_are_refused(overrides: dict[str, Any], reason: str):
    assert reason_of(lambda: verify_token(token(**overrides), KEY.jwk(), app_id=APP_ID)) == (
        401,
        reason,
    )


def test_a_token_within_the_clock_skew_is_accepted():
    verify_token(token(lifetime_s=-240), KEY.jwk(), app_id=APP_ID)


def test_a_token_signed_by_another_key_is_refused():
    forged = OTHER.token(app_id=APP_ID, service_url=SERVICE_URL)
    status, reason = reason_of(lambda: verify_token(forged, KEY.jwk(), app_id=APP_ID))
    assert status == 401 and "InvalidSignatureError" in reason


def activity(**overrides: Any) -> dict[str, Any]:
    return {"type": "message", "serviceUrl": SERVICE_URL, "channelId": "msteams", **overrides}


def test_an_activity_matching_its_token_passes():
    check_activity({"serviceurl": SERVICE_URL.rstrip("/")}, KEY.jwk(), activity())
    check_activity({"serviceUrl": SERVICE_URL}, KEY.jwk(), activity())


NOT_THIS_URL = (401, "token not issued for this serviceUrl")
NOT_ENDORSED = (403, "signing key not endorsed for this channel")


@pytest.mark.parametrize(
    ("claims", "overrides", "expected"),
    [
        ({}, {}, NOT_THIS_URL),
        ({"serviceurl": SERVICE_URL}, {"serviceUrl": "https://evil.example/"}, NOT_THIS_URL),
        ({"serviceurl": SERVICE_URL}, {"serviceUrl": None}, NOT_THIS_URL),
        ({"serviceurl": SERVICE_URL}, {"channelId": "slack"}, NOT_ENDORSED),
    ],
)
def test_activities_not_covered_by_their_token_are_refused(
    claims: dict[str, Any], overrides: dict[str, Any], expected: tuple[int, str]
):
    assert reason_of(lambda: check_activity(claims, KEY.jwk(), activity(**overrides))) == expected


class FakeMetadata:
    """Answers the metadata and key-set URLs; counts and can fail fetches."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        self.keys = keys
        self.fetches = 0
        self.failing = False
        self.now = 1000.0

    async def fetch(self, url: str) -> Any:
        self.fetches += 1
        if self.failing:
            raise OSError("unreachable")
        if url == "https://meta":
            return {"issuer": "https://api.botframework.com", "jwks_uri": "https://keys"}
        return {"keys": self.keys}

    def keys_for(self) -> SigningKeys:
        return SigningKeys(
            "https://meta",
            fetch=self.fetch,
            max_age_s=3600,
            retry_after_s=30,
            unknown_key_refresh_s=300,
            clock=lambda: self.now,
        )


async def test_keys_are_fetched_on_first_use_and_cached():
    fake = FakeMetadata([KEY.jwk()])
    keys = fake.keys_for()
    assert fake.fetches == 0, "nothing is fetched before the first request"
    assert (await keys.get("key-1")) == KEY.jwk()
    assert (await keys.get("key-1")) == KEY.jwk()
    assert fake.fetches == 2  # metadata + key set, once


async def test_an_unknown_key_refreshes_at_most_every_few_minutes():
    fake = FakeMetadata([KEY.jwk()])
    keys = fake.keys_for()
    await keys.get("key-1")
    fake.now += 10
    assert await keys.get("rotated") is None
    assert fake.fetches == 2, "just fetched: no refresh for an unknown key"
    fake.keys = [KEY.jwk(), {**OTHER.jwk(), "kid": "rotated"}]
    fake.now += 300
    assert (await keys.get("rotated")) is not None
    assert fake.fetches == 4


async def test_keys_are_refetched_after_their_maximum_age():
    fake = FakeMetadata([KEY.jwk()])
    keys = fake.keys_for()
    await keys.get("key-1")
    fake.now += 3601
    await keys.get("key-1")
    assert fake.fetches == 4


async def test_without_keys_requests_cannot_be_verified_and_fetching_is_retried_later(
    caplog: pytest.LogCaptureFixture,
):
    fake = FakeMetadata([KEY.jwk()])
    fake.failing = True
    keys = fake.keys_for()
    with pytest.raises(KeysUnavailable):
        await keys.get("key-1")
    assert "Could not fetch the Bot Framework signing keys from https://meta" in caplog.text
    with pytest.raises(KeysUnavailable):
        await keys.get("key-1")
    assert fake.fetches == 1, "not retried before retry_after_s"
    fake.failing = False
    fake.now += 31
    assert (await keys.get("key-1")) == KEY.jwk()


async def test_keys_fetched_earlier_are_kept_when_a_refresh_fails():
    fake = FakeMetadata([KEY.jwk()])
    keys = fake.keys_for()
    await keys.get("key-1")
    fake.failing = True
    fake.now += 3601
    assert (await keys.get("key-1")) == KEY.jwk()


@pytest.mark.parametrize(
    "jwks",
    [
        {"keys": []},
        {"keys": [{"kty": "EC", "kid": "e"}]},
        {"nothing": True},
        ["not", "an", "object"],
    ],
)
async def test_an_unusable_key_set_leaves_requests_unverifiable(jwks: Any):
    async def fetch(url: str) -> Any:
        return {"jwks_uri": "https://keys"} if url == "https://meta" else jwks

    with pytest.raises(KeysUnavailable):
        await SigningKeys("https://meta", fetch=fetch).get("key-1")


async def test_metadata_without_an_http_key_set_url_is_unusable():
    async def fetch(url: str) -> Any:
        return {"jwks_uri": "file:///etc/passwd"}

    with pytest.raises(KeysUnavailable):
        await SigningKeys("https://meta", fetch=fetch).get("key-1")
