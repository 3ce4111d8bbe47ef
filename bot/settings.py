"""Typed configuration, read from the environment once.

Every variable is documented in `.env.example`. Secrets are wrapped in
:class:`Secret` so that printing a settings object never reveals them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """Raised when an environment variable has an unusable value."""


@dataclass(frozen=True)
class Secret:
    """A string whose repr hides its value."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return self.value


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise ConfigError(f"{name} må være et heltall, fikk {raw!r}") from e
    if not 0 < value < 65536 and name.endswith("PORT"):
        raise ConfigError(f"{name} må være et portnummer (1–65535), fikk {value}")
    return value


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    value = _int(environ, name, default)
    if value < 1:
        raise ConfigError(f"{name} må være minst 1, fikk {value}")
    return value


def _choice(environ: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name} må være en av {', '.join(choices)}, fikk {value!r}")
    return value


@dataclass(frozen=True)
class RedisLocation:
    """The Redis server shared by the replicas (parsed from `SG_REDIS_URL`).

    The whole URL is kept (as a secret: it may hold a password) and handed to
    redis-py's own `from_url`, so `rediss://` means TLS and query options such
    as `?ssl_ca_certs=/path/ca.pem` work as redis-py documents them.
    """

    url: Secret
    host: str
    port: int
    db: int
    tls: bool


def _redis(environ: Mapping[str, str]) -> RedisLocation | None:
    raw = environ.get("SG_REDIS_URL", "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError(
            "SG_REDIS_URL må se ut som redis://[:passord@]vert[:port][/db] (rediss://… for TLS)"
        )
    try:
        db = int(unquote(parts.path).lstrip("/") or 0)
        port = parts.port or 6379
    except ValueError as e:
        raise ConfigError("SG_REDIS_URL har ugyldig port eller databasenummer") from e
    return RedisLocation(
        url=Secret(raw), host=parts.hostname, port=port, db=db, tls=parts.scheme == "rediss"
    )


@dataclass(frozen=True)
class Settings:
    """Runtime settings for the servers and the command-line helpers."""

    bind_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    log_level: str = "info"
    model_path: Path = PROJECT_ROOT / "models" / "sikkerhetsguiden.tar.gz"
    var_dir: Path = PROJECT_ROOT / "var"
    tracker_db_url: Secret | None = None
    redis: RedisLocation | None = None
    cors_origins: tuple[str, ...] = ()
    action_host: str = "127.0.0.1"
    action_url: str | None = None
    action_secret: Secret | None = None
    rest_token: Secret | None = None
    dev_mode: bool = False
    retention_days: int = 30
    sender_messages_per_minute: int = 30
    address_messages_per_minute: int = 600
    workers: int = 1
    replicas: int = 1
    proxies: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables (defaults where unset)."""
        env = os.environ if environ is None else environ
        db_url = env.get("SG_TRACKER_DB_URL", "").strip()
        if db_url and "://" not in db_url:
            raise ConfigError("SG_TRACKER_DB_URL må være en SQLAlchemy-URL, f.eks. postgresql://…")
        dev_mode = env.get("SG_DEV", "").strip().lower() in ("1", "true", "yes", "ja")
        log_level = _choice(env, "SG_LOG_LEVEL", "info", ("debug", "info", "warning", "error"))
        if log_level == "debug" and not dev_mode:
            raise ConfigError(
                "SG_LOG_LEVEL=debug skriver meldingstekst (helseopplysninger) til loggen; "
                "det er bare tillatt under utvikling, med SG_DEV=1"
            )
        action_secret = env.get("SG_ACTION_SECRET", "").strip()
        rest_token = env.get("SG_REST_TOKEN", "").strip()
        redis = _redis(env)
        workers = _positive(env, "SG_WORKERS", 1)
        if workers > 1 and redis is None:
            # Rasa would silently fall back to one worker with its in-memory lock store,
            # and two workers without a shared lock could interleave one conversation's turns.
            raise ConfigError(
                f"SG_WORKERS={workers} krever en felles låsbutikk: sett SG_REDIS_URL "
                "(f.eks. redis://127.0.0.1:6379/0), eller bruk SG_WORKERS=1"
            )
        replicas = _positive(env, "SG_REPLICAS", 1)
        if replicas > 1:
            _check_shared_stores(replicas, db_url, redis)
        return cls(
            bind_host=env.get("SG_BIND_HOST", "").strip() or "127.0.0.1",
            rasa_port=_int(env, "SG_RASA_PORT", 5005),
            action_port=_int(env, "SG_ACTION_PORT", 5055),
            log_level=log_level,
            model_path=Path(env.get("SG_MODEL") or cls.model_path),
            var_dir=Path(env.get("SG_VAR_DIR") or cls.var_dir),
            tracker_db_url=Secret(db_url) if db_url else None,
            redis=redis,
            cors_origins=tuple(
                origin.strip()
                for origin in env.get("SG_CORS_ORIGINS", "").split(",")
                if origin.strip()
            ),
            action_host=env.get("SG_ACTION_HOST", "").strip() or "127.0.0.1",
            action_url=env.get("SG_ACTION_URL", "").strip() or None,
            action_secret=Secret(action_secret) if action_secret else None,
            rest_token=Secret(rest_token) if rest_token else None,
            dev_mode=dev_mode,
            retention_days=_positive(env, "SG_RETENTION_DAYS", 30),
            sender_messages_per_minute=_positive(env, "SG_RATE_PER_SENDER", 30),
            address_messages_per_minute=_positive(env, "SG_RATE_PER_ADDRESS", 600),
            workers=workers,
            replicas=replicas,
            proxies=_int(env, "SG_PROXIES", 0),
        )

    @property
    def tracker_url(self) -> str:
        """SQLAlchemy URL of the tracker store (SQLite file in `var/` by default)."""
        if self.tracker_db_url is not None:
            return str(self.tracker_db_url)
        return f"sqlite:///{self.var_dir / 'tracker.db'}"

    def endpoint_environment(self) -> dict[str, str]:
        """Values for the `${...}` placeholders in `endpoints.yml`."""
        redis = self.redis
        return {
            # Rasa's own setting: Sanic workers of the Rasa server, one per core (docs/bench.md).
            "SANIC_WORKERS": str(self.workers),
            "SG_ACTION_URL": self.action_url or f"http://127.0.0.1:{self.action_port}/webhook",
            "SG_ACTION_SECRET": str(self.action_secret or ""),
            "SG_TRACKER_URL": self.tracker_url,
            "SG_LOCK_STORE": REDIS_LOCK_STORE if redis else "in_memory",
            "SG_LOCK_URL": str(redis.url) if redis else "",
        }


# The lock store endpoints.yml names when SG_REDIS_URL is set (bot/cluster/locks.py).
REDIS_LOCK_STORE = "bot.cluster.locks.UrlRedisLockStore"


def _check_shared_stores(replicas: int, db_url: str, redis: RedisLocation | None) -> None:
    """Several replicas must share one tracker store and one lock store, or refuse to start.

    With SQLite each replica would keep its own conversations (a turn on another
    replica starts from nothing); with the in-memory lock store two replicas could
    run two turns of one conversation at once and interleave them.
    """
    problems = []
    if not db_url or db_url.lower().startswith("sqlite"):
        problems.append(
            "en felles tracker-database: sett SG_TRACKER_DB_URL=postgresql://… "
            "(SQLite er én fil per maskin)"
        )
    if redis is None:
        problems.append(
            "en felles låsbutikk: sett SG_REDIS_URL=redis://… "
            "(låsen i minnet gjelder bare én prosess)"
        )
    if problems:
        raise ConfigError(f"SG_REPLICAS={replicas} krever " + " og ".join(problems))
