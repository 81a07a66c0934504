"""Shared by the Actieteam browser tests: the real demo, logins, and a page survey that
collects every problem of a page instead of stopping at the first.

The data is the demo itself (`manage.py demo`), so the pages look like the product:
Marieke's actieteam three months after her beraad, plan version 2, two overleggen, one
afspraak that "lukt niet", and sixteen more Netwerken for the coordinator.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from django.core.management import call_command
from playwright.sync_api import Page, expect

from actieteam.demo import AFSPRAKEN, NIEUWE_AFSPRAKEN
from beraad.models import Afspraak
from sonestra.core.demo import DEMO_WACHTWOORD, ORGANISATIE, build_demo
from sonestra.core.models import Netwerk
from tests.browser.conftest import (
    Browsing,
    assert_no_horizontal_scroll,
    axe_violations,
    format_axe,
    login_with_password,
    save_screenshot,
)

# The demo's people with a personal link, by the name the link list gives them.
ELS = "Els van Dijk (tante)"
MARIEKE = "Marieke Bakker"
SEVDA = "Sevda Yılmaz (vriendin)"


@dataclass
class Demo:
    netwerk: Netwerk
    # Login link (path only; works once) by the name the demo prints.
    links: dict[str, str]
    # Its afspraken by the demo's own keys ("lijstje", "verjaardag", "online" (ended), …).
    afspraken: dict[str, Afspraak]


def build_real_demo() -> Demo:
    """`manage.py demo`, then fresh links: the demo is idempotent and hands out new
    tokens each run (only their hashes are stored), so the second run gives us links that
    work without parsing the printed ones."""
    call_command("demo", "--ook-zonder-debug", stdout=io.StringIO())
    links = {link.naam: urlparse(link.url).path for link in build_demo()}
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)
    begin = {**AFSPRAKEN, **{key: wat[:40] for key, _v, _s, wat, *_ in NIEUWE_AFSPRAKEN}}
    alle = list(Afspraak.objects.filter(netwerk=netwerk))
    afspraken = {}
    for key, tekst in begin.items():
        gevonden = [a for a in alle if a.wat.startswith(tekst)]
        if len(gevonden) != 1:
            raise LookupError(f"De demo heeft niet één afspraak '{tekst}…'.")
        afspraken[key] = gevonden[0]
    return Demo(netwerk=netwerk, links=links, afspraken=afspraken)


def login_by_link(page: Page, demo: Demo, wie: str, *, tap: bool = True) -> None:
    """A family member opens the login link the demo made for them and logs in. (Their
    invitation was used long ago and opens the door only once.)"""
    page.goto(demo.links[wie])
    knop = page.get_by_role("button", name="Inloggen", exact=True)
    if tap:
        knop.tap()
    else:
        knop.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn netwerken")


def login_staff(page: Page, username: str) -> None:
    login_with_password(page, username, DEMO_WACHTWOORD)


# --- Counting what a person does ------------------------------------------------------

CLICK_COUNTER = """() => {
  window.__klikken = [];
  document.addEventListener("click", (e) => {
    if (e.isTrusted) {
      const el = e.target.closest("summary, button, a, input, label") || e.target;
      const tekst = (el.textContent || "").trim().slice(0, 40);
      window.__klikken.push(el.tagName.toLowerCase() + ":" + tekst);
    }
  }, true);
}"""


def count_clicks(page: Page) -> None:
    """From now on, record every real click (and every tap, which the browser turns into
    a click) on this page; a reload would lose the record, which is part of the point."""
    page.evaluate(CLICK_COUNTER)


def clicks(page: Page) -> list[str]:
    return page.evaluate("() => window.__klikken")


# --- Looking at a page ----------------------------------------------------------------

# English that must not show on a Dutch page (Django's and htmx's own defaults).
ENGLISH = re.compile(
    r"\b(This field|is required|Enter a valid|Submit|Cancel|Save|Delete|Previous|Next|"
    r"Page \d+ of|Loading|Search|Show more|Back to|Not found|Error)\b"
)
# The plan is the family's own: the network is never "ingezet", "gebruikt" or "betrokken".
# (see DESIGN.md: people do things, they are not used)
INZET = re.compile(r"\b(ingezet|inzetten|gebruikt|gebruiken|betrokken|betrekken)\b", re.I)


def survey(browsing: Browsing, name: str) -> list[str]:
    """Screenshot, axe, no sideways scrolling, and no English or 'ingezet' in the text;
    every problem found, as text (empty: the page is fine)."""
    page = browsing.page
    page.wait_for_load_state("load")
    save_screenshot(page, name)
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name}: axe\n{format_axe(violations)}")
    try:
        assert_no_horizontal_scroll(page)
    except AssertionError as error:
        problems.append(f"{name}: {error}")
    tekst = page.inner_text("body")
    for pattern, what in ((ENGLISH, "Engelse tekst"), (INZET, "'ingezet/gebruikt/betrokken'")):
        hits = sorted({m.group(0) for m in pattern.finditer(tekst)})
        if hits:
            problems.append(f"{name}: {what}: {', '.join(hits)}")
    return problems


def small_targets(page: Page, minimum: int = 24) -> list[str]:
    """Controls smaller than `minimum` CSS pixels either way (WCAG 2.2 target size),
    leaving out links inside running text, which the criterion exempts."""
    return page.evaluate(
        """(minimum) => {
          const small = [];
          const controls = document.querySelectorAll(
            "a[href], button, summary, select, input:not([type=hidden]), textarea");
          for (const el of controls) {
            const r = el.getBoundingClientRect();
            // Nothing, or a skip link waiting for focus (1×1 until then).
            if (r.width <= 1 || r.height <= 1) continue;
            const style = getComputedStyle(el);
            if (style.visibility === "hidden") continue;
            if (el.matches("a") && style.display === "inline") continue;
            if (el.closest(".visually-hidden")) continue;
            if (r.width < minimum || r.height < minimum) {
              const text = (el.textContent || el.getAttribute("aria-label") || el.name || "")
                .trim().replace(/\\s+/g, " ").slice(0, 40);
              const maat = `${Math.round(r.width)}x${Math.round(r.height)}`;
              small.push(`${el.tagName.toLowerCase()} "${text}" ${maat}`);
            }
          }
          return small;
        }""",
        minimum,
    )
