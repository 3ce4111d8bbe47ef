"""Debian's Chromium driven by Playwright (PyPI), for the web chat tests.

The browser is the system one (`apt-get install -y chromium`): Playwright is
given its path and never downloads a browser. axe-core comes from
node_modules (`npm ci`). Every page the tests open is watched for console
errors, page errors, dialogs and requests to anywhere but the allowed origins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from tests.e2e.conftest import ROOT

CHROMIUM = Path(os.environ.get("SG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
REPLY_TIMEOUT_MS = 60_000


def require_browser_tools() -> None:
    """Fail with the command that installs what is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run `apt-get install -y chromium` (or set SG_CHROMIUM)"
        )
    if not AXE.is_file():
        pytest.fail(f"no axe-core at {AXE}: run `npm ci` in {ROOT}")


@dataclass
class Watch:
    """What the pages of one browser did that a test may want to forbid."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Record console errors, uncaught errors, dialogs and requests of `context`."""

        def on_console(message: Any) -> None:
            if message.type in ("error", "warning"):
                self.errors.append(f"console {message.type}: {message.text}")

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        context.on("console", on_console)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))
        context.on("dialog", on_dialog)
        context.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self, *origins: str) -> list[str]:
        """Requests to anywhere but `origins` (data: URLs are local)."""
        allowed = (*origins, "data:")
        return [url for url in self.requests if not url.startswith(allowed)]


def launch(playwright: Playwright, profile: Path) -> BrowserContext:
    """Headless system Chromium with a fresh user-data-dir."""
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 820, "height": 760},
        locale="nb-NO",
    )
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    expect.set_options(timeout=REPLY_TIMEOUT_MS)
    return context


FOCUSED_JS = """() => {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  if (!active || active === document.body) { return ""; }
  return active.id || `${active.tagName.toLowerCase()}:${active.textContent.trim()}`;
}"""


def focused(page: Page) -> str:
    """Id (or tag:text) of the focused element, looking into shadow roots."""
    return str(page.evaluate(FOCUSED_JS))


def messages(page: Page, kind: str = "") -> list[str]:
    """Visible text of the chat bubbles (`user`, `bot`, `notice` or all)."""
    texts: list[str] = page.locator(f".msg{'.' + kind if kind else ''} .body").all_inner_texts()
    return texts


def wait_for_reply(page: Page, bots_before: int) -> None:
    """Wait until new bot bubbles arrived and no more parts follow."""
    bubbles = page.locator(".msg.bot, .msg.notice")
    expect(bubbles).not_to_have_count(bots_before)
    count = -1
    while count != bubbles.count():
        count = bubbles.count()
        page.wait_for_timeout(800)


def ask(page: Page, text: str) -> None:
    """Type `text` into the chat input, press Enter and wait for the reply."""
    before = page.locator(".msg.bot, .msg.notice").count()
    field_ = page.get_by_label("Skriv spørsmålet ditt")
    field_.fill(text)
    field_.press("Enter")
    wait_for_reply(page, before)


def axe_violations(page: Page, watch: Watch) -> list[dict[str, Any]]:
    """axe-core's violations for the whole page, shadow roots included.

    axe is injected through an init script (see `inject_axe`), which the
    page's Content-Security-Policy does not apply to; the `<style>` elements
    axe adds while it runs are refused by that policy, and those reports (and
    only those) are dropped from `watch`.
    """
    seen = len(watch.errors)
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.map((n) => n.target) }))"""
    )
    page.wait_for_timeout(500)
    watch.errors[seen:] = [e for e in watch.errors[seen:] if "Applying inline style" not in e]
    return violations


def inject_axe(context: BrowserContext) -> None:
    """Make `axe` available in every page the context opens."""
    context.add_init_script(path=AXE)


def screenshot(page: Page, name: str) -> Path:
    """Save a small PNG of the page under docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=path)
    try:
        from PIL import Image
    except ImportError:  # full-colour PNG then; still fine
        return path
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(path, optimize=True)
    return path
