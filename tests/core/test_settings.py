"""Production settings pass Django's deploy checks; every response carries strict headers."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests set this for Playwright in this process; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_production_variables(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "sonestra.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_fail_the_deploy_check(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("SECRET_KEY", None)
    env.pop("DEBUG", None)
    assert check_deploy(env).returncode != 0


def test_strict_security_headers(client, supporter, netwerk):
    client.force_login(supporter)
    response = client.get(reverse("core:netwerk", args=[netwerk.pk]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Personal data: no browser or proxy cache keeps the page.
    assert "no-store" in response["Cache-Control"]


def test_pages_have_no_inline_script_or_style(client, supporter, netwerk):
    client.force_login(supporter)
    html = client.get(reverse("netwerkkompas:personen", args=[netwerk.pk])).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or "nonce=" in opening, opening


def test_sessions_live_in_the_database(settings):
    # Any app server behind a load balancer can serve any request.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    env = {**os.environ, "DEBUG": "0", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("SECRET_KEY", None)
    result = check_deploy(env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
