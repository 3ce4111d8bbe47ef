"""Which browser origins may open the web chat's Socket.IO connection.

Browsers apply no CORS to WebSockets, so python-engineio checks the Origin
header itself. Its default allows only the page's own origin; its list form
replaces that default. This server allows both: the origin the request was
made to (as engineio computes it, including X-Forwarded-Host behind the load
balancer) plus the origins in SG_CORS_ORIGINS, where the widget is embedded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import engineio
import socketio

from bot.settings import Settings


def allowed_origins(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The extra origins of SG_CORS_ORIGINS (the page's own origin is always allowed)."""
    return Settings.from_env(environ).cors_origins


class OriginCheckedServer(socketio.AsyncServer):
    """A Socket.IO server that allows its own origin plus `extra` origins."""

    def __init__(self, extra: tuple[str, ...], **kwargs: Any) -> None:
        self._extra_origins = tuple(extra)
        # None: engineio's same-origin default, which _engineio_server_class extends.
        super().__init__(cors_allowed_origins=None, **kwargs)

    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        extra = self._extra_origins

        class SameOriginPlus(engineio.AsyncServer):
            def _cors_allowed_origins(self, environ: dict[str, Any]) -> list[str]:
                own: list[str] = super()._cors_allowed_origins(environ) or []
                return [*own, *extra]

        return SameOriginPlus
