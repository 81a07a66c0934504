"""Security headers on every page, and no inline script or style anywhere.

Walks every GET address of the access matrix as a role that may open it, so a new page
is covered as soon as it is in the matrix. Personal data never lands in a browser or
proxy cache: every answer to a logged-in person and every page behind a personal link
says `no-store`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.core.test_url_access_matrix import MATRIX, ROLES, _url

ROOT = Path(__file__).resolve().parents[2]

# Pages behind a personal link (token), opened without a login: the link is the key.
TOKEN_PAGES = [
    "core:uitnodiging",
    "login_link",
    "beraad_antwoord",
    "beraad_antwoord_agenda",
    "actieteam_agenda",
    "actieteam_mail_uit",
]


def _lezer(expected: dict[str, object]) -> str | None:
    """A role that gets the page itself (200), Netwerk roles first."""
    for rol in ROLES[2:] + ["outsider"]:
        if expected.get(rol) == 200:
            return rol
    return None


GET_PAGES = sorted(
    (name, _lezer(expected))
    for name, (method, expected) in MATRIX.items()
    if method == "get" and _lezer(expected) is not None
)


def assert_strict_csp(response, nonce_expected: bool = False) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (d.strip() for d in csp.split(";")) if part
    )
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    # The nonce is there when the page has a script to allow (Django adds it only then).
    nonce = r" 'nonce-[\w+/=-]+'" if nonce_expected else r"( 'nonce-[\w+/=-]+')?"
    assert re.fullmatch(r"'self'" + nonce, directives["script-src"]), csp
    assert directives["style-src"] == "'self'", csp
    assert directives["frame-ancestors"] == "'none'", csp
    assert directives["object-src"] == "'none'", csp
    assert directives["base-uri"] == "'none'", csp


def assert_no_inline_script_or_style(html: str) -> None:
    assert not re.search(r"<[^>]*\sstyle\s*=", html), "inline style attribute"
    assert "<style" not in html
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html.lower()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "nonce=" in tag, tag


TEMPLATES = ROOT / "templates"
# PDFs are drawn by WeasyPrint, never served as a page: the CSP does not apply there.
NIET_GESERVEERD = ("beraad/pdf/", "privacy/export_pdf")
INLINE = re.compile(
    r"""<[a-zA-Z][^>]*?\s(style|on[a-z]+)\s*=|<style\b|javascript:|<script\b(?![^>]*\b(src|nonce)=)""",
    re.IGNORECASE,
)


def served_templates() -> list[Path]:
    found = sorted([*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.svg")])
    return [
        path for path in found if not str(path.relative_to(TEMPLATES)).startswith(NIET_GESERVEERD)
    ]


def test_no_template_has_an_inline_style_script_or_event_handler():
    assert len(served_templates()) > 100
    found = [
        f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}: "
        f"{match.group(0)[:80]}"
        for path in served_templates()
        for text in [path.read_text()]
        for match in INLINE.finditer(text)
    ]
    assert found == []


def test_the_template_check_finds_what_it_looks_for():
    bad = [
        '<p style="color: red">',
        '<svg><circle style="fill: red"/></svg>',
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        "<script>go()</script>",
        "<style>p {}</style>",
    ]
    good = ['<circle fill="red" stroke="#000"/>', '<script src="/s.js" defer></script>']
    assert all(INLINE.search(text) for text in bad)
    assert not any(INLINE.search(text) for text in good)


def _login(client: Client, request, rol: str, members) -> None:
    user = request.getfixturevalue("outsider") if rol == "outsider" else members[rol]
    client.force_login(user)


@pytest.mark.parametrize(("name", "rol"), GET_PAGES)
def test_every_page_sends_strict_headers_and_no_store(
    client, request, members, url_kwargs, name, rol
):
    _login(client, request, rol, members)
    response = client.get(_url(name, url_kwargs))
    assert response.status_code == 200, (name, rol)
    is_page = response["Content-Type"].startswith("text/html")
    assert_strict_csp(response, nonce_expected=is_page and b"<script" in response.content)
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    if name == "core:persoon_foto":
        # A photo may stay in this browser's own cache for an hour, never in a shared one.
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    else:
        cache = response["Cache-Control"]
        assert "no-store" in cache, (name, cache)
    if response["Content-Type"].startswith("text/html"):
        assert_no_inline_script_or_style(response.content.decode())


@pytest.mark.parametrize("name", TOKEN_PAGES)
def test_pages_behind_a_personal_link_are_never_cached(db, members, url_kwargs, name):
    response = Client().get(_url(name, url_kwargs))
    assert response.status_code == 200, name
    assert "no-store" in response["Cache-Control"], name
    assert_strict_csp(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    if response["Content-Type"].startswith("text/html"):
        assert_no_inline_script_or_style(response.content.decode())


def test_no_cache_middleware_is_switched_on(settings):
    assert "sonestra.core.middleware.NoStoreMiddleware" in settings.MIDDLEWARE


def test_login_page_has_strict_headers_too(client, db):
    response = client.get("/inloggen/")
    assert response.status_code == 200
    assert_strict_csp(response)
    assert_no_inline_script_or_style(response.content.decode())


def test_the_nonce_changes_per_response_and_matches_the_scripts(client, supporter, netwerk):
    client.force_login(supporter)
    nonces = []
    for _ in range(2):
        response = client.get(f"/netwerken/{netwerk.pk}/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag:
                assert f'nonce="{nonce}"' in tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p6Vq-3nX!fT0zR9wL2yB7kD4sH8mJ1cE5aG0uN6vQ3tY9rW2-k8Zs4Lm0Xc",
    "ALLOWED_HOSTS": "sonestra.example.org",
    "EMAIL_HOST": "smtp.example.org",
}

# Run in a fresh process: production settings are read once, at start-up.
HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
c = Client(HTTP_HOST="sonestra.example.org")
plain = c.get("/inloggen/")
secure = c.get("/inloggen/", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "secure": dict(secure.headers), "status": secure.status_code,
                  "cookies": {k: dict(v) for k, v in secure.cookies.items()}}))
"""


def _production(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "sonestra.settings"
    # No collectstatic here: the plain storage, as in the other tests.
    env["STATIC_MANIFEST"] = "0"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_send_hsts_and_redirect_to_https(tmp_path):
    migrate = _production(tmp_path, "manage.py", "migrate", "--noinput", "-v0")
    assert migrate.returncode == 0, migrate.stderr
    result = _production(tmp_path, "-c", HEADERS_SCRIPT)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    status, location = found["plain"]
    assert status == 301 and location.startswith("https://sonestra.example.org/")
    headers = found["secure"]
    assert found["status"] == 200
    hsts = headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 60 * 60 * 24 * 365
    assert "includeSubDomains" in hsts
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    csrf = found["cookies"]["csrftoken"]
    assert csrf["secure"] is True or csrf["secure"] == "True"


def test_check_deploy_passes_at_warning_level_with_production_settings(tmp_path):
    result = _production(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
