"""Which origins may open the web chat's Socket.IO connection."""

from __future__ import annotations

from bot.channels.origins import OriginCheckedServer, allowed_origins

ENVIRON = {"wsgi.url_scheme": "http", "HTTP_HOST": "localhost:5005"}


def test_the_pages_own_origin_and_the_configured_ones_are_allowed():
    server = OriginCheckedServer(("https://intranett.example.no",), async_mode="sanic")
    allowed = server.eio._cors_allowed_origins(ENVIRON)
    assert "http://localhost:5005" in allowed
    assert "https://intranett.example.no" in allowed
    assert "https://evil.example" not in allowed


def test_behind_the_load_balancer_the_forwarded_host_counts():
    server = OriginCheckedServer((), async_mode="sanic")
    environ = {
        **ENVIRON,
        "HTTP_X_FORWARDED_HOST": "sg.sykehus.no",
        "HTTP_X_FORWARDED_PROTO": "https",
    }
    assert "https://sg.sykehus.no" in server.eio._cors_allowed_origins(environ)


def test_the_extra_origins_come_from_sg_cors_origins():
    assert allowed_origins({"SG_CORS_ORIGINS": "https://a.no, https://b.no"}) == (
        "https://a.no",
        "https://b.no",
    )
