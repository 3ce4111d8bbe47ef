"""The web chat's own texts (bot/channels/widget_texts.yml): complete, used, and in the page."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bot.channels.webchat_http import STATIC_DIR, render_page, widget_config, widget_texts
from bot.knowledge import knowledge
from bot.schemas import registry, widget
from bot.schemas.reading import DataError, parse, read_yaml
from bot.schemas.widget import WidgetTexts
from bot.settings import PROJECT_ROOT
from bot.text.standard import STANDARDS

WIDGET = (STATIC_DIR / "widget.js").read_text("utf8")
TEMPLATE = (STATIC_DIR / "index.html").read_text("utf8")
WEBCHAT = (PROJECT_ROOT / "bot" / "channels" / "webchat.py").read_text("utf8")
NUMBERS = knowledge().numbers()


def keys(texts: dict[str, Any], prefix: str = "") -> set[str]:
    """Every key of a config's texts, nested ones as "errors.failed"."""
    found = set()
    for key, value in texts.items():
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
        else:
            found.add(prefix + key)
    return found


def text_of(texts: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        texts = texts[part]
    return texts


def widget_keys() -> set[str]:
    """The keys widget.js shows: every text is named as tr("key")."""
    return set(re.findall(r'\btr\("([\w.]+)"\)', WIDGET))


def page_keys(page: str) -> list[str]:
    return re.findall(r'data-sg-text="([\w.]+)"', page)


def error_codes() -> set[str]:
    """The codes the socket server sends in sg_error (bot/channels/webchat.py)."""
    calls = re.findall(r"_reject\(sio, sid, ([^)]*)\)", WEBCHAT)
    return {code for call in calls for code in re.findall(r'"(\w+)"', call)}


class TextElements(HTMLParser):
    """(key, text) of every element with data-sg-text in a page, and its <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.lang = ""
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or ""
        self._open.append((tag, attributes.get("data-sg-text")))
        if attributes.get("data-sg-text"):
            self.found.append((str(attributes["data-sg-text"]), ""))

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][1]:
            key, text = self.found[-1]
            self.found[-1] = (key, text + data)


def elements(page: str) -> TextElements:
    parser = TextElements()
    parser.feed(page)
    return parser


# ---- the texts in the config ----


def test_both_standards_have_the_same_keys_and_every_text_is_filled():
    texts = widget_config()["texts"]
    assert set(texts) == set(STANDARDS)
    assert keys(texts["nb"]) == keys(texts["nn"])
    for standard in STANDARDS:
        for key in keys(texts[standard]):
            value = text_of(texts[standard], key)
            assert isinstance(value, str) and value.strip(), (standard, key)


def test_bokmal_and_nynorsk_differ_where_nynorsk_has_its_own_words():
    texts = widget_config()["texts"]
    assert texts["nn"]["privacy"] != texts["nb"]["privacy"]
    assert "ikkje" in texts["nn"]["privacy"].lower()


def test_every_text_the_widget_shows_is_in_the_config():
    used = widget_keys()
    assert len(used) > 20, 'widget.js names its texts as tr("key")'
    texts = widget_config()["texts"]
    for standard in STANDARDS:
        missing = sorted(key for key in used if key not in keys(texts[standard]))
        assert missing == [], f"{standard}: widget.js uses texts the config lacks: {missing}"


def test_every_error_code_of_the_server_has_a_text():
    codes = error_codes()
    assert {"no_session", "too_long", "not_text", "rate_limited", "failed"} <= codes
    for standard in STANDARDS:
        assert set(widget_config()["texts"][standard]["errors"]) == codes
    assert 'tr("errors." + code)' in WIDGET and 'tr("errors.failed")' in WIDGET


def test_every_text_in_the_file_is_shown_somewhere():
    shown = widget_keys() | set(page_keys(TEMPLATE)) | {f"errors.{code}" for code in error_codes()}
    unused = sorted(keys(widget_texts().to("nb")) - shown)
    assert unused == [], f"texts neither widget.js nor the page shows: {unused}"


def test_the_widget_fills_in_the_only_placeholder_the_texts_have():
    assert widget.PLACEHOLDERS == {"emergency": "{police_emergency}"}
    assert '"police_emergency"' in WIDGET


def test_no_text_is_written_in_widget_js():
    code = re.sub(r"^\s*//.*$|\s//\s.*$", "", WIDGET, flags=re.MULTILINE)
    assert re.findall(r"[æøåÆØÅ…]", code) == []
    for standard in STANDARDS:
        for key in keys(widget_texts().to(standard)):
            text = text_of(widget_texts().to(standard), key)
            assert f'"{text}"' not in code and f"'{text}'" not in code, (standard, key)


# ---- the file and its schema ----


def raw() -> dict[str, Any]:
    return copy.deepcopy(read_yaml(PROJECT_ROOT / widget.PATH))


def refused(data: dict[str, Any], expected: str) -> None:
    with pytest.raises(DataError) as caught:
        parse(WidgetTexts, data, path=Path("widget_texts.yml"))
    assert expected in str(caught.value), str(caught.value)


def test_the_data_file_is_registered_for_check_data():
    loaders = dict(registry.ENTRIES)
    assert isinstance(loaders["nettchattens tekster"](PROJECT_ROOT), WidgetTexts)


def test_a_missing_text_is_refused():
    data = raw()
    del data["placeholder"]
    refused(data, "widget_texts.yml: feltet 'placeholder': mangler")


def test_a_missing_nynorsk_version_is_refused():
    data = raw()
    del data["errors"]["failed"]["nn"]
    refused(data, "widget_texts.yml: feltet 'errors.failed.nn': mangler")


def test_an_unknown_text_is_refused():
    data = raw()
    data["plaseholder"] = {"nb": "x", "nn": "x"}
    refused(data, "feltet 'plaseholder': ukjent felt (skrivefeil?)")


def test_a_placeholder_the_widget_does_not_fill_is_refused():
    data = raw()
    data["privacy"] = {"nb": "Ring {police}.", "nn": "Ring {police}."}
    refused(data, "feltet 'privacy': skal ikke ha plassholdere (har {police})")


def test_the_emergency_line_must_keep_its_number():
    data = raw()
    data["emergency"] = {"nb": "Ved akutt fare: ring 112.", "nn": "Ved akutt fare: ring 112."}
    refused(data, "feltet 'emergency': skal ha plassholderen {police_emergency}, har ingen")


def test_nynorsk_must_keep_the_placeholder_too():
    data = raw()
    data["emergency"]["nn"] = "Ved akutt fare: ring 112."
    refused(data, "ulike plassholdere")


# ---- the page at / ----


def test_no_text_is_written_in_the_page_template():
    """Every text of index.html comes from the data file: its elements are empty."""
    bare = re.sub(r"<!--.*?-->", "", TEMPLATE, flags=re.DOTALL)
    bare = re.sub(r"<!doctype[^>]*>|<[^>]+>", "", bare, flags=re.IGNORECASE)
    assert bare.strip() == ""
    assert all(text == "" for _, text in elements(TEMPLATE).found)


def test_the_page_shows_the_texts_in_bokmal_with_their_keys():
    texts = widget_texts().to("nb")
    page = elements(render_page())
    assert page.lang == "nb"
    assert [key for key, _ in page.found] == [
        "title",
        "title",
        "subtitle",
        "emergency",
        "privacy",
        "noscript",
    ]
    for key, shown in page.found:
        assert shown == texts[key].format_map(NUMBERS), key
    assert f"Ved akutt fare: ring {NUMBERS['police_emergency']}." in render_page()


def test_the_page_can_be_rendered_in_nynorsk():
    texts = widget_texts().to("nn")
    page = elements(render_page("nn"))
    assert page.lang == "nn"
    for key, shown in page.found:
        assert shown == texts[key].format_map(NUMBERS), key


def test_the_page_escapes_its_texts(monkeypatch: pytest.MonkeyPatch):
    data = raw()
    data["subtitle"] = {"nb": "<b>fet</b> & mer", "nn": "<b>feit</b> & meir"}
    monkeypatch.setattr(
        "bot.channels.webchat_http.widget_texts",
        lambda: parse(WidgetTexts, data, path=Path("widget_texts.yml")),
    )
    page = render_page()
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; mer" in page
    assert "<b>" not in page
