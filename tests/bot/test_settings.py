from pathlib import Path

import pytest

from bot.settings import ConfigError, Secret, Settings


def test_defaults_need_no_environment():
    settings = Settings.from_env({})
    assert (settings.rasa_port, settings.action_port) == (5005, 5055)
    assert settings.bind_host == "127.0.0.1"
    assert settings.tracker_url == f"sqlite:///{settings.var_dir / 'tracker.db'}"
    env = settings.endpoint_environment()
    assert env["SG_LOCK_STORE"] == "in_memory"
    assert env["SG_ACTION_URL"] == "http://127.0.0.1:5055/webhook"


def test_ports_and_paths_come_from_the_environment(tmp_path: Path):
    settings = Settings.from_env(
        {"SG_RASA_PORT": "6005", "SG_ACTION_PORT": "6055", "SG_VAR_DIR": str(tmp_path)}
    )
    assert settings.rasa_port == 6005
    assert settings.endpoint_environment()["SG_ACTION_URL"].endswith(":6055/webhook")
    assert settings.tracker_url == f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.mark.parametrize(
    ("name", "value"),
    [("SG_RASA_PORT", "abc"), ("SG_ACTION_PORT", "70000"), ("SG_LOG_LEVEL", "loud")],
)
def test_bad_values_fail_clearly(name: str, value: str):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_postgres_and_redis_for_scaling_out():
    settings = Settings.from_env(
        {
            "SG_TRACKER_DB_URL": "postgresql://sg:hemmelig@db:5432/sg",
            "SG_REDIS_URL": "redis://:passord@cache:6380/2",
        }
    )
    env = settings.endpoint_environment()
    assert env["SG_TRACKER_URL"] == "postgresql://sg:hemmelig@db:5432/sg"
    assert env["SG_LOCK_STORE"] == "bot.cluster.locks.UrlRedisLockStore"
    assert env["SG_LOCK_URL"] == "redis://:passord@cache:6380/2"
    assert settings.redis is not None
    assert (settings.redis.host, settings.redis.port, settings.redis.db) == ("cache", 6380, 2)
    assert "passord" not in repr(settings)


def test_rediss_keeps_tls_all_the_way_to_the_lock_store(monkeypatch: pytest.MonkeyPatch):
    """rediss:// used to be split into host/port fields, and the lock store lost TLS."""
    import redis
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import read_endpoints_from_path

    from bot.settings import PROJECT_ROOT

    url = "rediss://:passord@cache.internal:6380/4?ssl_ca_certs=/etc/ssl/ca.pem"
    settings = Settings.from_env({"SG_REDIS_URL": url})
    assert settings.redis is not None and settings.redis.tls
    for name, value in settings.endpoint_environment().items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(PROJECT_ROOT / "endpoints.yml")
    store = LockStore.create(endpoints.lock_store)
    pool = store.red.connection_pool  # type: ignore[attr-defined]
    assert pool.connection_class is redis.SSLConnection
    assert pool.connection_kwargs["host"] == "cache.internal"
    assert pool.connection_kwargs["ssl_ca_certs"] == "/etc/ssl/ca.pem"
    assert pool.connection_kwargs["db"] == 4
    assert store.key_prefix.startswith("sikkerhetsguiden:")  # type: ignore[attr-defined]


def test_without_redis_the_lock_store_is_in_memory(monkeypatch: pytest.MonkeyPatch):
    from rasa.core.lock_store import InMemoryLockStore, LockStore
    from rasa.core.utils import read_endpoints_from_path

    from bot.settings import PROJECT_ROOT

    for name, value in Settings.from_env({}).endpoint_environment().items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(PROJECT_ROOT / "endpoints.yml")
    assert isinstance(LockStore.create(endpoints.lock_store), InMemoryLockStore)


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, ["SG_TRACKER_DB_URL", "SG_REDIS_URL"]),
        ({"SG_REDIS_URL": "redis://cache/1"}, ["SG_TRACKER_DB_URL"]),
        (
            {"SG_REDIS_URL": "redis://cache/1", "SG_TRACKER_DB_URL": "sqlite:////var/t.db"},
            ["SG_TRACKER_DB_URL"],
        ),
        ({"SG_TRACKER_DB_URL": "postgresql://db/sg"}, ["SG_REDIS_URL"]),
    ],
)
def test_several_replicas_refuse_stores_they_cannot_share(env: dict[str, str], missing: list[str]):
    with pytest.raises(ConfigError, match="SG_REPLICAS=2") as refused:
        Settings.from_env({"SG_REPLICAS": "2", **env})
    for name in missing:
        assert name in str(refused.value)


def test_several_replicas_start_on_postgres_and_redis():
    settings = Settings.from_env(
        {
            "SG_REPLICAS": "3",
            "SG_TRACKER_DB_URL": "postgresql://db/sg",
            "SG_REDIS_URL": "redis://cache/1",
        }
    )
    assert settings.replicas == 3
    assert Settings.from_env({"SG_REPLICAS": "1"}).replicas == 1


def test_secrets_are_hidden_in_repr():
    settings = Settings.from_env({"SG_TRACKER_DB_URL": "postgresql://sg:hemmelig@db/sg"})
    assert "hemmelig" not in repr(settings)
    assert str(Secret("x")) == "x"


@pytest.mark.parametrize("url", ["localhost", "http://cache", "redis://"])
def test_malformed_redis_url_is_rejected(url: str):
    with pytest.raises(ConfigError, match="SG_REDIS_URL"):
        Settings.from_env({"SG_REDIS_URL": url})


def test_debug_logging_needs_the_development_flag():
    with pytest.raises(ConfigError, match="SG_DEV=1"):
        Settings.from_env({"SG_LOG_LEVEL": "debug"})
    assert Settings.from_env({"SG_LOG_LEVEL": "debug", "SG_DEV": "1"}).log_level == "debug"


def test_closed_by_default():
    settings = Settings.from_env({})
    assert settings.action_host == "127.0.0.1"
    assert settings.rest_token is None
    assert settings.retention_days == 30
    env = Settings.from_env({"SG_ACTION_SECRET": "s3cret"}).endpoint_environment()
    assert env["SG_ACTION_SECRET"] == "s3cret"


def test_the_action_url_can_point_to_a_pool():
    env = Settings.from_env({"SG_ACTION_URL": "http://actions.internal:8055/webhook"})
    assert env.endpoint_environment()["SG_ACTION_URL"] == "http://actions.internal:8055/webhook"


@pytest.mark.parametrize("name", ["SG_RETENTION_DAYS", "SG_RATE_PER_SENDER", "SG_RATE_PER_ADDRESS"])
def test_limits_must_be_positive(name: str):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: "0"})


def test_endpoints_fill_in_the_action_secret(monkeypatch: pytest.MonkeyPatch):
    """Rasa expands ${...} only in unquoted YAML scalars; quoted, the header goes out literally."""
    from rasa.core.utils import read_endpoints_from_path

    from bot.settings import PROJECT_ROOT

    for name, value in (
        Settings.from_env({"SG_ACTION_SECRET": "s3cret"}).endpoint_environment().items()
    ):
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(PROJECT_ROOT / "endpoints.yml")
    assert endpoints.action.headers == {"Authorization": "Bearer s3cret"}


def test_two_workers_need_a_shared_lock_store():
    """SG_WORKERS > 1 without Redis is refused (Rasa would quietly run one worker)."""
    with pytest.raises(ConfigError, match="SG_REDIS_URL"):
        Settings.from_env({"SG_WORKERS": "2"})
    settings = Settings.from_env({"SG_WORKERS": "2", "SG_REDIS_URL": "redis://127.0.0.1:6379/3"})
    env = settings.endpoint_environment()
    assert env["SANIC_WORKERS"] == "2"
    assert env["SG_LOCK_STORE"] == "bot.cluster.locks.UrlRedisLockStore"
    assert Settings.from_env({}).endpoint_environment()["SANIC_WORKERS"] == "1"
