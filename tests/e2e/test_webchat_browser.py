"""The web chat in a real browser: the page at /, the one-script-tag widget, a11y, safety.

Runs its own servers with SG_CORS_ORIGINS set to the fake intranet origin, as a
deployment that embeds the widget must. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect, sync_playwright

from bot.channels.webchat_history import new_session_id
from bot.channels.webchat_http import widget_texts
from bot.knowledge import knowledge
from bot.nlu.written_standard import read as read_standard
from tests.e2e.browser import (
    Watch,
    ask,
    axe_violations,
    focused,
    inject_axe,
    launch,
    messages,
    require_browser_tools,
    screenshot,
    wait_for_reply,
)
from tests.e2e.conftest import Servers, free_port, start_servers, stop_servers

pytestmark = pytest.mark.e2e

# The "intranet page" that embeds the widget: another origin on this machine.
INTRANET_PORT = free_port()
INTRANET = f"http://localhost:{INTRANET_PORT}"
EMERGENCY = knowledge().numbers()["police_emergency"]


@dataclass
class Browser:
    """One fresh Chromium profile, its first page and what it was watched doing."""

    context: BrowserContext
    page: Page
    watch: Watch


@pytest.fixture(scope="module")
def chat_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    running = start_servers(tmp_path_factory.mktemp("webchat"), {"SG_CORS_ORIGINS": INTRANET})
    yield running
    if running.process.poll() is None:
        stop_servers(running)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    require_browser_tools()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def browser(playwright: Playwright, chat_servers: Servers, tmp_path: Path) -> Iterator[Browser]:
    context = launch(playwright, tmp_path / "profile")
    watch = Watch()
    watch.attach(context)
    inject_axe(context)
    page = context.pages[0] if context.pages else context.new_page()
    yield Browser(context, page, watch)
    context.close()
    # Nothing is fetched from anywhere but the bot (and the intranet page that embeds it).
    assert watch.foreign_requests(chat_servers.url, INTRANET) == []
    assert watch.errors == [], "\n".join(watch.errors)
    assert watch.dialogs == []


def test_ask_click_a_button_and_reload_keeps_the_conversation(
    browser: Browser, chat_servers: Servers
):
    page = browser.page
    page.goto(chat_servers.url + "/")
    expect(page.get_by_text(f"Ved akutt fare: ring {EMERGENCY}.")).to_be_visible()
    expect(page.get_by_text("Skriv ikke navn eller andre personopplysninger")).to_be_visible()

    ask(page, "Hva er et krisesenter?")
    answer = page.locator(".msg.bot").first
    expect(answer).to_contain_text("krisesenter")
    expect(answer.locator("li")).not_to_have_count(0)  # "- " lines are a list
    screenshot(page, "webchat-page.png")

    bots = page.locator(".msg.bot").count()
    page.get_by_role("button", name="Oversikt over krisesentre").click()
    wait_for_reply(page, bots)
    assert messages(page, "user") == ["Hva er et krisesenter?", "Oversikt over krisesentre"]
    assert focused(page) == "input"

    before = messages(page)
    page.reload()
    expect(page.locator(".log .msg")).to_have_count(len(before))
    assert messages(page) == before
    assert "/ask_" not in " ".join(before), "a clicked button shows its title, not its payload"
    expect(page.get_by_role("button", name="Oversikt over krisesentre")).to_be_visible()
    screenshot(page, "webchat-history.png")

    page.get_by_role("button", name="Ny samtale").click()
    expect(page.locator(".log .msg")).to_have_count(0)
    page.reload()
    page.wait_for_timeout(1500)
    expect(page.locator(".log .msg")).to_have_count(0)


def test_personal_data_is_removed_and_the_user_is_told_once(
    browser: Browser, chat_servers: Servers
):
    page = browser.page
    page.goto(chat_servers.url + "/")
    ask(page, "Pasienten Kari Berg, tlf 912 34 567, er redd samboeren. Hva gjør jeg?")
    note = page.locator(".msg.bot", has_text="personopplysninger for å hjelpe")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("telefonnummer og navn")
    screenshot(page, "webchat-privacy.png")
    ask(page, "Kari Berg har også to barn")
    expect(note).to_have_count(1)  # once per conversation
    page.reload()
    expect(page.locator(".log .msg.user")).to_have_count(2)  # the history, as stored
    shown = " ".join(messages(page, "user"))
    assert "Kari" not in shown and "912 34 567" not in shown
    assert "[navn]" in shown and "[telefonnummer]" in shown


def test_keyboard_only_use(browser: Browser, chat_servers: Servers):
    page = browser.page
    page.goto(chat_servers.url + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "input":
            break
    assert focused(page) == "input"

    page.keyboard.type("Hva er et krisesenter?")
    bots = page.locator(".msg.bot").count()
    page.keyboard.press("Enter")
    wait_for_reply(page, bots)
    assert focused(page) == "input"

    page.keyboard.press("Shift+Tab")  # the last reply button comes right before the input
    choice = focused(page).removeprefix("button:")
    assert choice in page.locator(".buttons button").all_inner_texts()
    bots = page.locator(".msg.bot").count()
    page.keyboard.press("Enter")
    wait_for_reply(page, bots)
    assert messages(page, "user")[-1] == choice
    assert focused(page) == "input"


def test_the_page_has_no_accessibility_violations(browser: Browser, chat_servers: Servers):
    page = browser.page
    page.goto(chat_servers.url + "/")
    ask(page, "Hva er et krisesenter?")
    log = page.get_by_role("log", name="Samtale")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Skriv spørsmålet ditt")).to_be_visible()
    assert axe_violations(page, browser.watch) == []


def test_markup_from_the_user_is_shown_as_text(browser: Browser, chat_servers: Servers):
    page = browser.page
    page.goto(chat_servers.url + "/")
    attack = "<img src=x onerror=alert(1)>"
    ask(page, attack)
    assert messages(page, "user") == [attack]
    expect(page.locator("img")).to_have_count(0)
    screenshot(page, "webchat-injection.png")
    assert browser.watch.dialogs == []


BOT_TEXT = (
    "Les mer på https://www.example.org/side?a=1&b=2. Ikke javascript:alert(1) "
    "eller <a href=javascript:alert(3)>lenke</a> eller <script>alert(2)</script>\n"
    "- første punkt\n"
    "- andre punkt, se http://example.org/x)\n"
    "Etter lista\n"
    "Ny linje\n\n"
    "Nytt avsnitt"
)


def test_bot_text_gets_lists_line_breaks_and_only_safe_links(
    browser: Browser, chat_servers: Servers
):
    history = {
        "messages": [
            {"sender": "user", "text": "<b>fet</b>", "buttons": []},
            {
                "sender": "bot",
                "text": BOT_TEXT,
                "buttons": [{"title": "Tittel <i>x</i>", "payload": "/ask_sources"}],
            },
        ]
    }

    def fake_history(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(history))

    session_id = new_session_id()
    browser.context.add_init_script(
        f"sessionStorage.setItem('sikkerhetsguiden.session', '{session_id}')"
    )
    page = browser.page
    page.route("**/webhooks/webchat/history", fake_history)
    page.goto(chat_servers.url + "/")
    bot = page.locator(".msg.bot")
    expect(bot).to_have_count(1)

    links = bot.locator("a")
    expect(links).to_have_count(2)
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "https://www.example.org/side?a=1&b=2",
        "http://example.org/x",
    ]
    for i in range(2):
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(i).get_attribute("target") == "_blank"
    expect(bot.locator("li")).to_have_count(2)
    expect(bot.locator("p")).to_have_count(3)
    expect(bot.locator("br")).to_have_count(1)
    expect(page.locator(".msg script, .msg b, .msg i, .msg img")).to_have_count(0)
    assert messages(page, "user") == ["<b>fet</b>"]
    expect(bot).to_contain_text("<a href=javascript:alert(3)>lenke</a>")
    expect(page.get_by_role("button", name="Tittel <i>x</i>")).to_be_visible()


HOST_PAGE = """<!doctype html>
<html lang="nb">
<head>
  <meta charset="utf-8">
  <title>Intranett: rutiner</title>
  <link rel="icon" href="data:,">
  <style>
    body { font: 20px/1.4 Georgia, serif; color: #222; margin: 2rem; }
    button, input { background: #c00 !important; font-size: 40px !important; }
    .panel, .launcher, .log { display: none !important; }
    p { color: #205020; }
  </style>
</head>
<body>
  <header><h1>Rutiner ved vold i nære relasjoner</h1></header>
  <main><p class="msg">Vertssidens egen tekst.</p></main>
  <script src="BOT/webhooks/webchat/static/widget.js" data-sg-url="BOT" defer></script>
</body>
</html>
"""


@pytest.fixture
def intranet(chat_servers: Servers) -> Iterator[str]:
    """Serve HOST_PAGE at INTRANET with a strict policy that allows only the bot's origin."""
    bot_origin = chat_servers.url
    policy = (
        f"default-src 'self'; script-src {bot_origin}; style-src 'unsafe-inline' {bot_origin}; "
        f"connect-src {bot_origin} {bot_origin.replace('http://', 'ws://')}; img-src 'self' data:"
    )
    body = HOST_PAGE.replace("BOT", bot_origin).encode("utf8")

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body if self.path == "/" else b"")

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", INTRANET_PORT), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield INTRANET + "/"
    server.shutdown()
    server.server_close()


def test_the_widget_embeds_with_one_script_tag(browser: Browser, intranet: str):
    browser.context.add_init_script("window.__globals = Object.getOwnPropertyNames(window);")
    page = browser.page
    page.set_viewport_size({"width": 1000, "height": 760})
    page.goto(intranet)

    launcher = page.get_by_role("button", name="Spør Sikkerhetsguiden")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".panel")).to_be_hidden()
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    assert focused(page) == "input"
    expect(page.locator(".alert")).to_have_text(f"Ved akutt fare: ring {EMERGENCY}.")
    expect(page.locator(".privacy")).to_be_visible()

    ask(page, "Hva er et krisesenter?")
    # The host page's CSS does not reach the widget, and the widget's does not leak out.
    page.mouse.move(0, 0)  # no hover colour
    assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 92, 173)"
    host_text = page.locator("main p.msg")
    expect(host_text).to_be_visible()
    assert host_text.evaluate("e => getComputedStyle(e).color") == "rgb(32, 80, 32)"
    assert host_text.evaluate("e => getComputedStyle(e).paddingLeft") == "0px"  # not our .msg
    new_globals = page.evaluate(
        "Object.getOwnPropertyNames(window).filter((n) => !window.__globals.includes(n))"
    )
    assert new_globals == ["__globals"], "the widget adds no globals"
    assert axe_violations(page, browser.watch) == []
    screenshot(page, "webchat-embedded.png")

    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert focused(page) == "launcher"

    launcher.click()
    before = messages(page)
    page.reload()
    expect(page.locator(".panel")).to_be_visible()  # it was open: it opens again
    expect(page.locator(".log .msg")).to_have_count(len(before))
    assert messages(page) == before


# The widget's and the page's texts in each written standard (bot/channels/widget_texts.yml).
NB, NN = widget_texts().to("nb"), widget_texts().to("nn")
STANDARD_KEY = "sikkerhetsguiden.standard"


def stored_standard(page: Page) -> str | None:
    """The written standard the widget keeps in localStorage."""
    stored: str | None = page.evaluate(f"localStorage.getItem('{STANDARD_KEY}')")
    return stored


def expect_page_in(page: Page, texts: dict, lang: str) -> None:
    """The page at / and the widget in it show `texts`."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page).to_have_title(texts["title"])
    expect(page.locator(".sg-sub")).to_have_text(texts["subtitle"])
    expect(page.locator(".sg-alert")).to_have_text(
        texts["emergency"].format(police_emergency=EMERGENCY)
    )
    expect(page.locator(".sg-privacy")).to_have_text(texts["privacy"])
    field = page.get_by_label(texts["inputLabel"], exact=True)
    expect(field).to_have_attribute("placeholder", texts["placeholder"])
    expect(page.get_by_role("log", name=texts["log"])).to_be_visible()
    expect(page.get_by_role("button", name=texts["restart"])).to_be_visible()
    expect(page.get_by_role("button", name=texts["send"])).to_be_visible()
    setting = page.get_by_label(texts["standardLabel"], exact=True)
    expect(setting).to_have_value(lang)
    expect(setting).to_have_accessible_description(texts["standardHelp"])
    options = setting.locator("option").all_inner_texts()
    assert options == [texts["standardNb"], texts["standardNn"]]


def test_the_written_standard_setting_switches_the_texts_and_is_kept(
    browser: Browser, chat_servers: Servers
):
    page = browser.page
    page.goto(chat_servers.url + "/")
    expect_page_in(page, NB, "nb")
    assert stored_standard(page) is None
    assert NN["subtitle"] != NB["subtitle"] and NN["privacy"] != NB["privacy"]

    page.get_by_label(NB["standardLabel"], exact=True).select_option("nn")
    expect_page_in(page, NN, "nn")
    assert stored_standard(page) == "nn"
    page.wait_for_timeout(1500)
    assert messages(page, "user") == []  # the choice is told to the bot, never shown

    page.reload()
    expect_page_in(page, NN, "nn")  # kept: the page is served in Bokmål, the widget switches it
    assert stored_standard(page) == "nn"
    assert messages(page, "user") == []  # nor shown in the history
    assert axe_violations(page, browser.watch) == []

    setting = page.get_by_label(NN["standardLabel"], exact=True)
    setting.focus()
    page.keyboard.press("ArrowUp")  # a keyboard user changes it back
    expect_page_in(page, NB, "nb")
    assert stored_standard(page) == "nb"
    assert focused(page) == "standard"


def host_page(lang: str, attribute: str) -> str:
    """An intranet page in `lang` embedding the widget, with `attribute` on its script tag."""
    return (
        HOST_PAGE.replace('<html lang="nb">', f'<html lang="{lang}">')
        .replace(" defer>", f" {attribute} defer>")
        .replace('<p class="msg">', '<p class="msg" data-sg-text="privacy">')
    )


@pytest.fixture
def intranet_pages(chat_servers: Servers) -> Iterator[dict[str, str]]:
    """Serve at INTRANET what a test puts in the dict (path → page), as `intranet` does."""
    bot_origin = chat_servers.url
    policy = (
        f"default-src 'self'; script-src {bot_origin}; style-src 'unsafe-inline' {bot_origin}; "
        f"connect-src {bot_origin} {bot_origin.replace('http://', 'ws://')}; img-src 'self' data:"
    )
    pages: dict[str, str] = {}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").replace("BOT", bot_origin).encode("utf8")
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", INTRANET_PORT), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("lang", "attribute", "standard"),
    [
        ("nn-NO", "", "nn"),
        ("nn", 'data-sg-standard="nb"', "nb"),
        ("nb", 'data-sg-standard="nn"', "nn"),
    ],
)
def test_the_embedded_widget_starts_in_the_standard_of_its_page(
    browser: Browser, intranet_pages: dict[str, str], lang: str, attribute: str, standard: str
):
    intranet_pages["/"] = host_page(lang, attribute)
    page = browser.page
    page.goto(INTRANET + "/")
    texts = NN if standard == "nn" else NB
    page.get_by_role("button", name=texts["openChat"]).click()
    expect(page.locator(".privacy")).to_have_text(texts["privacy"])
    expect(page.get_by_label(texts["standardLabel"], exact=True)).to_have_value(standard)
    expect(page.locator("aside.floating")).to_have_attribute("lang", standard)
    assert stored_standard(page) is None  # a start, not a choice

    other = "nb" if standard == "nn" else "nn"
    page.get_by_label(texts["standardLabel"], exact=True).select_option(other)
    expect(page.locator(".privacy")).to_have_text((NN if other == "nn" else NB)["privacy"])
    assert stored_standard(page) == other
    # Floating on someone else's page: that page's texts and language are its own.
    expect(page.locator("main p.msg")).to_have_text("Vertssidens egen tekst.")
    expect(page.locator("html")).to_have_attribute("lang", lang)


# Needs a model trained with the intent choose_written_standard (`make train`).
def test_after_choosing_nynorsk_the_assistant_answers_in_nynorsk(
    browser: Browser, chat_servers: Servers
):
    question = "voldsalarm?"
    assert read_standard(question).standard is None  # tells nothing: the setting decides
    page = browser.page
    page.goto(chat_servers.url + "/")
    bots = page.locator(".msg.bot").count()
    page.get_by_label(NB["standardLabel"], exact=True).select_option("nn")
    wait_for_reply(page, bots)
    confirmation = messages(page, "bot")[-1]
    assert read_standard(confirmation).standard == "nn", confirmation
    assert messages(page, "user") == []

    before = len(messages(page, "bot"))
    ask(page, question)
    answer = "\n".join(messages(page, "bot")[before:])
    assert read_standard(answer).standard == "nn", answer[:400]

    # A new conversation is in Nynorsk from its first answer.
    page.get_by_role("button", name=NN["restart"]).click()
    expect(page.locator(".msg.bot")).to_have_count(1)  # the confirmation, sent by itself
    assert read_standard(messages(page, "bot")[0]).standard == "nn"
    ask(page, question)
    answer = "\n".join(messages(page, "bot")[1:])
    assert read_standard(answer).standard == "nn", answer[:400]

    before = messages(page)
    page.reload()
    expect(page.locator(".log .msg")).to_have_count(len(before))
    assert messages(page, "user") == [question]  # the choice is not in the history either


PRACTICE_PATHS = sorted((Path(__file__).resolve().parents[1] / "practice").glob("*.yml"))


@pytest.mark.parametrize("path", PRACTICE_PATHS, ids=lambda p: p.stem)
def test_every_practice_scenario_can_be_played_in_the_widget(
    browser: Browser, chat_servers: Servers, path: Path
):
    import re

    import yaml

    from bot.practice.scenario import library

    spec = yaml.safe_load(path.read_text("utf8"))
    title = library().scenarios[spec["scenario"]].title.nb
    page = browser.page
    page.goto(chat_servers.url + "/")
    ask(page, "jeg vil øve")
    bots = page.locator(".msg.bot").count()
    page.get_by_role("button", name=title).click()
    wait_for_reply(page, bots)
    assert any(m.startswith("Pasienten:") for m in messages(page, "bot"))
    for line in [*spec["good"]["turns"], "ferdig"]:
        ask(page, line)
    debrief = "\n".join(messages(page, "bot"))
    score = re.search(r"\((\d+) %\)", debrief)
    assert score and int(score.group(1)) >= spec["good"]["min_percent"], debrief[-600:]
    if spec["scenario"] == "er_partner_waiting":
        screenshot(page, "webchat-practice.png")


REALISTIC = Path(__file__).resolve().parents[1] / "eval" / "realistic.yml"


# The cases of issue 10, in the widget (all of realistic.yml runs over REST in test_eval.py):
# a messy first message, teieplikt in Nynorsk, a care word out of scope, a
# denial, a mixed answer, the legal statements, "likevel", children, the note.
WIDGET_CASES = ("r001", "r007", "r008", "r017", "r019", "r022", "r027", "r029", "r031")


def _realistic_conversations() -> list:
    from bot.cli.eval import load_cases

    return [case for case in load_cases(REALISTIC) if case.id in WIDGET_CASES]


@pytest.mark.parametrize("case", _realistic_conversations(), ids=lambda case: case.id)
def test_realistic_conversations_behave_in_the_widget(
    browser: Browser, chat_servers: Servers, case
):
    """Denials, follow-ups and the proposal as staff type them, through the real widget."""
    import re

    page = browser.page
    page.goto(chat_servers.url + "/")
    for number, turn in enumerate(case.turns, 1):
        before = len(messages(page, "bot"))
        ask(page, turn.user)
        reply = "\n".join(messages(page, "bot")[before:])
        buttons = " ".join(page.locator(".msg.bot button").all_inner_texts())
        said = f"{reply}\n{buttons}"
        for pattern in turn.must:
            assert re.search(pattern, said, re.IGNORECASE), f"{case.id} turn {number}: {pattern}"
        for pattern in turn.must_not:
            assert not re.search(pattern, reply, re.IGNORECASE | re.MULTILINE), (
                f"{case.id} turn {number}: must not /{pattern}/"
            )
    if case.id == "r017":
        screenshot(page, "webchat-denials.png")
