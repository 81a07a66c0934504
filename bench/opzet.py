"""What every benchmark does first: Django as in production, on a database of its own.

DEBUG off, the plain static storage (no collectstatic needed), photos in a temporary
MEDIA_ROOT (the demo draws portraits: never into the checkout's media folder), and a new
SQLite file in a temporary folder unless the environment names a database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def django_opzetten(naam: str, *, database_env: str = "BENCH_DATABASE_URL", **instellingen):
    """Set up Django for the benchmark `naam`; `instellingen` override settings."""
    tijdelijk = Path(tempfile.mkdtemp(prefix=f"sonestra-bench-{naam}-"))
    os.environ["DATABASE_URL"] = os.environ.get(database_env) or (
        f"sqlite:///{tijdelijk / f'{naam}.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(tijdelijk / "media")
    os.environ["DEBUG"] = "0"
    # DEBUG=0 wants a key; this one only ever signs the bench's own sessions.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sonestra.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.test.utils import override_settings

    override_settings(
        DEBUG=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        **instellingen,
    ).enable()


def demo_laden():
    """Migrate and build the demo; Marieke's Netwerk."""
    from django.core.management import call_command

    from sonestra.core.models import Netwerk

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as stil:
        call_command("demo", "--ook-zonder-debug", stdout=stil)
    return Netwerk.objects.get(titel="Het netwerk van Marieke")
