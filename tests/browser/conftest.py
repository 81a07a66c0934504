"""Browser tests: headless Debian Chromium against Django's live_server.

Every test gets a fresh browser context (one browser per session) through the `phone`
or `laptop` fixture. Each such context is watched for console errors, uncaught page
errors and Content-Security-Policy violations; `Browsing.check()` then takes a
screenshot, runs axe-core and checks for sideways scrolling in one go.

Run: .venv/bin/pytest tests/browser -q   (screenshots land in test-artifacts/screenshots/)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

# Playwright's sync API runs an event loop in the test thread; without this Django
# refuses to touch the database from there (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class OneRequestAtATime(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and the live server shares the test's
    one connection. Django's threaded live server then lets a page's parallel requests
    (three photos at once) use that connection together, and one of them fails at
    random. Browsers wait a moment longer; the tests stop being flaky.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() already put the shared connections on this thread.
        super().__init__(*args, **kwargs)
        self.shared = set(connections_override or ())

    def process_request(self, request, client_address):
        try:
            super().process_request(request, client_address)
        finally:
            # Like the threaded server: no connection of its own outlives a request, so
            # the test database can be dropped at the end (PostgreSQL).
            for conn in connections.all(initialized_only=True):
                if conn.alias not in self.shared:
                    conn.close()


LiveServerThread.server_class = OneRequestAtATime

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
HERE = Path(__file__).resolve().parent

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAIL_IMPACTS = ("serious", "critical")


PHONE = {
    "viewport": {"width": 360, "height": 740},
    "screen": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
NARROW = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    here = str(HERE)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason="Installeer Debian's chromium: apt-get install chromium"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium, never a downloaded browser; no calls home from this closed network.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            # Native date and time pickers as on a Dutch phone (the locale alone does not).
            "--lang=nl-NL",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Playwright defaults to en-US, which would switch the app to English.
    return {**browser_context_args, "locale": "nl-NL"}


class BrowserErrors:
    """Console errors, uncaught page errors and CSP violations of one browser context."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        # CSP violations also reach the console as errors; the listener catches those that
        # do not (e.g. from report-only directives) with their directive.
        context.add_init_script(
            """document.addEventListener("securitypolicyviolation", (e) => {
                 console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
               });"""
        )
        context.on("console", self._console)
        context.on("weberror", lambda error: self.messages.append(f"pageerror: {error.error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.messages.append(f"console: {message.text}")

    def assert_none(self, allow: Iterable[str] = ()) -> None:
        allowed = [re.compile(pattern) for pattern in allow]
        left = [m for m in self.messages if not any(p.search(m) for p in allowed)]
        assert not left, "Fouten in de browser:\n" + "\n".join(f"  - {m}" for m in left)


def inject_axe(page: Page) -> None:
    # add_script_tag would be an inline script, which our CSP rightly blocks.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())


def axe_violations(page: Page, impacts: Iterable[str] = AXE_FAIL_IMPACTS) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of these impacts."""
    inject_axe(page)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {
             runOnly: {type: "tag", values: tags},
             resultTypes: ["violations"],
           })""",
        AXE_TAGS,
    )
    wanted = set(impacts)
    return [v for v in results["violations"] if v.get("impact") in wanted]


def format_axe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  - {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(json.dumps(t, ensure_ascii=False) for t in node["target"])
            lines.append(f"      {target}   {node.get('html', '')[:160]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … en nog {len(v['nodes']) - 8}")
    return "\n".join(lines)


def assert_axe_clean(page: Page, label: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe (WCAG 2.1 A/AA) vond ernstige problemen op {label or page.url}:\n"
        + format_axe(violations)
    )


# --- Layout and screenshots -------------------------------------------------------------


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits its width: document.documentElement.scrollWidth <= window.innerWidth.

    In mobile emulation Chromium widens the layout viewport (and window.innerWidth) to
    the content when something is too wide, so also compare with the configured width.
    """
    width = page.viewport_size["width"] if page.viewport_size else None
    info = page.evaluate(
        """(width) => {
          const w = Math.min(window.innerWidth, width || window.innerWidth);
          const sw = document.documentElement.scrollWidth;
          const wide = [];
          if (sw > w) {
            for (const el of document.body.querySelectorAll("*")) {
              const r = el.getBoundingClientRect();
              if (r.width && r.right > w + 0.5) {
                const cls = typeof el.className === "string" && el.className.trim()
                  ? "." + el.className.trim().split(/\\s+/).join(".") : "";
                wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls}`
                  + ` (right=${Math.round(r.right)}, width=${Math.round(r.width)})`);
              }
            }
          }
          return {w, inner: window.innerWidth, sw, wide: wide.slice(0, 12)};
        }""",
        width,
    )
    assert info["sw"] <= info["w"], (
        f"Horizontaal scrollen op {page.url}: scrollWidth {info['sw']} > breedte {info['w']} "
        f"(innerWidth {info['inner']}). Te brede elementen:\n"
        + "\n".join(f"  - {d}" for d in info["wide"])
    )


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="initial")
    return path


# --- Fixtures ---------------------------------------------------------------------------


@dataclass
class Browsing:
    """One browser context (a phone or a laptop) on the live server, and its checks."""

    page: Page
    context: BrowserContext
    errors: BrowserErrors

    def check(self, name: str, *, axe: bool = True) -> None:
        """Screenshot, axe and (at 360 px or less) no sideways scrolling."""
        self.page.wait_for_load_state("load")
        save_screenshot(self.page, name)
        if axe:
            assert_axe_clean(self.page, name)
        width = self.page.viewport_size["width"] if self.page.viewport_size else 0
        if width <= 360:
            assert_no_horizontal_scroll(self.page)

    def assert_no_errors(self, allow: Iterable[str] = ()) -> None:
        self.errors.assert_none(allow)


def _browsing(new_context, live_server, device: dict) -> Browsing:
    context = new_context(**device, base_url=live_server.url)
    context.set_default_timeout(10_000)
    errors = BrowserErrors()
    errors.watch(context)
    return Browsing(page=context.new_page(), context=context, errors=errors)


@pytest.fixture
def phone(new_context, live_server) -> Browsing:
    """A 360×740 touch phone."""
    return _browsing(new_context, live_server, PHONE)


@pytest.fixture
def laptop(new_context, live_server) -> Browsing:
    """A 1280×800 laptop."""
    return _browsing(new_context, live_server, LAPTOP)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 costs about half a second per hash; the browser tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Flows ------------------------------------------------------------------------------


def login_with_password(page: Page, username: str, password: str) -> None:
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn netwerken")


def accept_invitation(page: Page, token: str, naam: str, *, tap: bool = False) -> None:
    """Open a personal invitation link and press (or tap) "Ja, ik ben …. Verder"."""
    page.goto(reverse("core:uitnodiging", args=[token]))
    button = page.get_by_role("button", name=f"Ja, ik ben {naam}. Verder")
    if tap:
        button.tap()
    else:
        button.click()
    expect(page.get_by_text(f"Welkom, {naam}!")).to_be_visible()
