"""Dutch by default, English when chosen (or asked for by the browser); the catalogue is complete.

The texts of the app are written in Dutch and are the msgids. The English catalogue,
locale/en/LC_MESSAGES/django.po, is regenerated from the code and templates with
`make messages` (makemessages + compilemessages). A text that is added or changed
without a translation leaves an empty or fuzzy entry there, and the catalogue tests
below fail until someone translates it, compiles it, and commits both .po and .mo.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"
# Where makemessages looks for texts (tests, packages and the venv are left out).
SOURCE_DIRS = ["sonestra", "netwerkkompas", "beraad", "actieteam", "templates"]

NETWERK_ENGLISH = [
    "Network compass",
    "Family network meeting",
    "Action team",
    "Overview",
    "Your role: Supporter",
    "Invite someone",
    "My networks",
]
NETWERK_DUTCH = [
    "Netwerkkompas",
    "FamilieNetwerkBeraad",
    "Actieteam",
    "Overzicht",
    "Jouw rol:",
    "Iemand uitnodigen",
    "Mijn netwerken",
]
LOGIN_ENGLISH = [
    "<h1>Log in</h1>",
    "Do you work for an organisation?",
    "Have you been invited?",
    "Language",
]
LOGIN_DUTCH = [
    "<h1>Inloggen</h1>",
    "Werk je bij een organisatie?",
    "Ben je uitgenodigd?",
    "Taal",
]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # LocaleMiddleware activates the request's language in this thread; later tests get Dutch.
    yield
    translation.deactivate()


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _assert_english(html: str, english: list[str], dutch: list[str]) -> None:
    assert '<html lang="en">' in html
    for text in english:
        assert text in html, text
    for text in dutch:
        assert text not in html, text


def _assert_dutch(html: str, dutch: list[str], english: list[str]) -> None:
    assert '<html lang="nl">' in html
    for text in dutch:
        assert text in html, text
    for text in english:
        assert text not in html, text


def _choose(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


# --- Choosing a language -----------------------------------------------------------------


def test_supporter_who_chooses_english_sees_english_pages(client, supporter, netwerk):
    client.force_login(supporter)
    netwerk_url = reverse("core:netwerk", args=[netwerk.pk])
    _assert_dutch(_text(client.get(netwerk_url)), NETWERK_DUTCH, NETWERK_ENGLISH)

    response = _choose(client, "en", netwerk_url)
    assert response.status_code == 302
    assert response["Location"] == netwerk_url

    html = _text(client.get(netwerk_url))
    _assert_english(html, NETWERK_ENGLISH, NETWERK_DUTCH)
    assert "1 person in the picture" not in html  # plural forms come from the catalogue
    assert re.search(r"\d+ people in the picture", html)
    # The footer form shows the choice.
    assert '<option value="en" lang="en" selected>English</option>' in html
    # Each language is offered in its own name, whatever the page's language.
    assert '<option value="nl" lang="nl">Nederlands</option>' in html

    # The choice is kept in a cookie, so it outlives the session: the login page after
    # logging out is English too.
    response = client.post(reverse("logout"), follow=True)
    html = _text(response)
    _assert_english(html, [*LOGIN_ENGLISH, "You are logged out."], LOGIN_DUTCH)
    assert "Je bent uitgelogd." not in html


def test_choosing_dutch_again_switches_back(client, supporter, netwerk):
    client.force_login(supporter)
    netwerk_url = reverse("core:netwerk", args=[netwerk.pk])
    _choose(client, "en", netwerk_url)
    _choose(client, "nl", netwerk_url)
    _assert_dutch(_text(client.get(netwerk_url)), NETWERK_DUTCH, NETWERK_ENGLISH)


def test_without_accept_language_the_pages_are_dutch(client, supporter, netwerk):
    _assert_dutch(_text(client.get(reverse("login"))), LOGIN_DUTCH, LOGIN_ENGLISH)
    client.force_login(supporter)
    html = _text(client.get(reverse("core:netwerk", args=[netwerk.pk])))
    _assert_dutch(html, NETWERK_DUTCH, NETWERK_ENGLISH)


def test_a_browser_that_asks_for_english_gets_english(client, supporter, netwerk):
    html = _text(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en"))
    _assert_english(html, LOGIN_ENGLISH, LOGIN_DUTCH)
    client.force_login(supporter)
    html = _text(
        client.get(reverse("core:netwerk", args=[netwerk.pk]), HTTP_ACCEPT_LANGUAGE="en-GB,en")
    )
    _assert_english(html, NETWERK_ENGLISH, NETWERK_DUTCH)


def test_a_chosen_language_wins_over_the_browser(client):
    login_url = reverse("login")
    _choose(client, "nl", login_url)
    html = _text(client.get(login_url, HTTP_ACCEPT_LANGUAGE="en"))
    _assert_dutch(html, LOGIN_DUTCH, LOGIN_ENGLISH)


# --- The catalogue -------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)  # PO string escapes are a subset of Python's


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural, msgstr / msgstr[n].

    Obsolete entries (#~) are left out. Good enough for what makemessages writes;
    the project deliberately has no PO library.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"flags": set(), "strings": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line
            ):
                key = match.group(1)
                entry["strings"][key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                entry["strings"][key] += _unquote(line)
        if "msgid" in entry["strings"]:
            entries.append(entry)
    return entries


def _catalog_key(strings: dict) -> str:
    """How gettext keys an entry: a context goes in front, split off by EOT."""
    if "msgctxt" in strings:
        return f"{strings['msgctxt']}\x04{strings['msgid']}"
    return strings["msgid"]


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry["strings"].items() if key.startswith("msgstr")]


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    assert PO_FILE.exists(), "run `make messages` to create the English catalogue"
    return parse_po(PO_FILE)


def _messages(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e["strings"]["msgid"]]  # without the header


def test_po_header_is_complete(po_entries):
    header = po_entries[0]
    assert header["strings"]["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["strings"]["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["strings"]["msgstr"]


def test_every_text_has_an_english_translation(po_entries):
    messages = _messages(po_entries)
    assert len(messages) > 100
    fuzzy = [e["strings"]["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert fuzzy == [], "check these translations and remove the #, fuzzy flag"
    untranslated = [e["strings"]["msgid"] for e in messages if not all(_translations(e))]
    assert untranslated == [], "translate these in locale/en/LC_MESSAGES/django.po"
    plurals = [e for e in messages if "msgid_plural" in e["strings"]]
    assert plurals
    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= entry["strings"].keys()


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TAG = re.compile(r"</?[a-z][^>]*>")


def test_translations_keep_placeholders_and_tags(po_entries):
    for entry in _messages(po_entries):
        source = entry["strings"]["msgid"] + entry["strings"].get("msgid_plural", "")
        for translated in _translations(entry):
            msgid = entry["strings"]["msgid"]
            assert sorted(set(PLACEHOLDER.findall(translated))) == sorted(
                set(PLACEHOLDER.findall(source))
            ), msgid
            assert TAG.findall(translated) == TAG.findall(msgid), msgid
            assert translated.endswith("\n") == msgid.endswith("\n"), msgid


def test_no_text_says_the_network_is_used(po_entries):
    # SNS: professionals work together with the network; they do not "use" or "deploy" it.
    dutch = re.compile(r"netwerk\w* (in ?zetten|inzet|gebruik\w*|betrek\w*)", re.IGNORECASE)
    english = re.compile(
        r"\b(use[sd]?|using|deploy\w*|involv\w*)\b[^.]*\bnetwork|"
        r"\bnetwork\w*\b[^.]*\b(used|deployed)\b",
        re.IGNORECASE,
    )
    for entry in _messages(po_entries):
        assert not dutch.search(entry["strings"]["msgid"]), entry["strings"]["msgid"]
        for translated in _translations(entry):
            assert not english.search(translated), translated


def test_compiled_catalogue_matches_the_po_file(po_entries):
    # The .mo is committed so a fresh checkout needs no gettext; it must not be stale.
    assert MO_FILE.exists(), "run `make messages` (compilemessages) and commit django.mo"
    with MO_FILE.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    for entry in _messages(po_entries):
        strings = entry["strings"]
        if "msgid_plural" in strings:
            for n in (0, 1):
                assert catalog.get((_catalog_key(strings), n)) == strings[f"msgstr[{n}]"], (
                    "django.mo is out of date: run `make messages`"
                )
        else:
            assert catalog.get(_catalog_key(strings)) == strings["msgstr"], (
                "django.mo is out of date: run `make messages`"
            )


TRANSLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(?:"([^"]*)"|'([^']*)')""")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop"}


def _texts_in_code() -> dict[str, str]:
    """Simple texts marked for translation: {% translate "…" %} and _("…"). Text -> file."""
    found: dict[str, str] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if "migrations" in path.parts:
                continue
            # Drawings (.svg) and the PDF's print stylesheet (.css) are templates too.
            if path.suffix in {".html", ".txt", ".svg", ".css"}:
                for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
                    found.setdefault(match.group(1) or match.group(2), str(path))
            elif path.suffix == ".py":
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id in GETTEXT_NAMES
                        and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)
                    ):
                        found.setdefault(node.args[0].value, str(path))
    return found


def test_every_marked_text_is_in_the_catalogue(po_entries):
    # Catches a new text when `make messages` was not run after it (blocktranslate blocks
    # are left to makemessages itself; their msgids are normalised differently).
    msgids = {entry["strings"]["msgid"] for entry in po_entries}
    texts = _texts_in_code()
    assert len(texts) > 100
    missing = {text: path for text, path in texts.items() if text not in msgids}
    assert missing == {}, "run `make messages` and translate the new texts"
