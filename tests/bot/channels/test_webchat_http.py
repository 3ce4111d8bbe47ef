"""The web chat's page, static files and config (routes are exercised in tests/e2e)."""

from __future__ import annotations

import re

import pytest

from bot.channels.guard import MAX_MESSAGE_CHARS
from bot.channels.webchat_http import (
    EMERGENCY_CONTACT,
    SECURITY_HEADERS,
    STATIC_DIR,
    render_page,
    static_file,
    widget_config,
    widget_texts,
)
from bot.knowledge import knowledge


def test_the_page_gets_the_emergency_number_from_the_knowledge_base():
    page = render_page()
    assert f"Ved akutt fare: ring {knowledge().numbers()[EMERGENCY_CONTACT]}." in page
    assert "{{" not in page


def test_the_widget_config_comes_from_the_knowledge_base_and_the_texts_file():
    config = widget_config()
    assert config["emergency"] == knowledge().numbers()[EMERGENCY_CONTACT]
    assert config["max_chars"] == MAX_MESSAGE_CHARS
    assert config["texts"] == {"nb": widget_texts().to("nb"), "nn": widget_texts().to("nn")}
    assert set(config) == {"emergency", "max_chars", "texts"}


@pytest.mark.parametrize(
    "relative", ["widget.js", "widget.css", "chat.css", "vendor/socket.io.esm.min.js"]
)
def test_static_files_are_found(relative: str):
    assert static_file(relative) == (STATIC_DIR / relative).resolve()


@pytest.mark.parametrize(
    "relative",
    [
        "../webchat.py",
        "../../settings.py",
        "/etc/passwd",
        "vendor/../../guard.py",
        "missing.js",
        "index.html",  # served at / with its numbers filled in, never raw
        "vendor/VERSIONS.json",
        "vendor",
    ],
)
def test_nothing_outside_the_static_files_is_served(relative: str):
    assert static_file(relative) is None


def test_the_page_and_widget_need_no_inline_script_or_style():
    """The Content-Security-Policy forbids inline code; keep the files compatible."""
    assert "'unsafe-inline'" not in SECURITY_HEADERS["Content-Security-Policy"]
    page = (STATIC_DIR / "index.html").read_text("utf8")
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
    assert re.findall(r"<style|\sstyle=|\son[a-z]+=", page) == []
    widget = (STATIC_DIR / "widget.js").read_text("utf8")
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert risky not in widget, risky
    assert '"style"' not in widget and ".style." not in widget
