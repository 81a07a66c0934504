"""Settings for the gunicorn that `manage.py bench` starts: production settings from the
environment, plus the trivial page of bench/urls.py."""

from sonestra.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
