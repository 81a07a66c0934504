"""SoNeStra settings, read from the environment.

Out of the box (no variables set) it runs for development on a SQLite file.
Production sets at least SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and DATABASE_URL;
see the README for the full list.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
DEV_SECRET_KEY = "django-insecure-dev-only-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: with DEBUG=0 there is no default key.")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Behind a load balancer that sets X-Forwarded-For and X-Forwarded-Proto: trust those
# headers (client address in the access log, https). Never without such a proxy.
BEHIND_PROXY = envbool("BEHIND_PROXY", "0")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "sonestra.core",
    "netwerkkompas",
    "beraad",
    "actieteam",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sonestra.core.middleware.NoStoreMiddleware",
    # After messages and htmx: a session that timed out is ended with a message, and an
    # htmx request is sent to the login page as a whole page.
    "sonestra.core.middleware.SessieTijdenMiddleware",
    "sonestra.core.middleware.TweestapsMiddleware",
]

ROOT_URLCONF = "sonestra.urls"
WSGI_APPLICATION = "sonestra.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Our queries are short, many-row-per-page ones: PostgreSQL's JIT compiler costs more
    # than it saves on them (the coordinator overview sorted by % gelukt over 1,000
    # Netwerken: 63 ms with JIT, 16 ms without).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    if envbool("DB_POOL", "0"):
        # psycopg's connection pool, one per process: connections are opened ahead, checked
        # before use and capped, so app servers x workers x DB_POOL_MAX_SIZE bounds what
        # PostgreSQL must hold. It pays off with threaded workers (gunicorn --threads); a
        # sync worker serves one request at a time and is as well off with DB_CONN_MAX_AGE.
        # Django refuses a pool next to persistent connections: the pool keeps them instead.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": envint("DB_POOL_MIN_SIZE", 1),
            "max_size": envint("DB_POOL_MAX_SIZE", 4),
            # Seconds a request waits for a free connection before it fails.
            "timeout": envint("DB_POOL_TIMEOUT", 10),
        }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction that writes takes the write lock when it begins, so two people saving
    # at once wait their turn (the second then meets the version check) instead of one
    # getting "database is locked" when its read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:mijn_netwerken"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so any app server behind a load balancer can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A login ends after this many minutes without activity, and after SESSIE_MAX_UREN_* hours
# whatever happens. Staff see many Netwerken, so they get little time: 30 minutes idle, 12
# hours at most. Family members log in with a one-time link they have to ask for, so their
# login lasts: a grandmother who looks in once a week need not ask for a new link each time
# (14 days idle, 30 days at most; "overal uitloggen" and revoking access end it earlier).
# Background polls (the live beraad asks every 2 s) are no activity: see
# SESSIE_ACHTERGROND_URLS and core/middleware.py.
SESSIE_INACTIEF_MINUTEN_MEDEWERKER = envint("SESSIE_INACTIEF_MINUTEN_MEDEWERKER", 30)
SESSIE_INACTIEF_MINUTEN_FAMILIE = envint("SESSIE_INACTIEF_MINUTEN_FAMILIE", 14 * 24 * 60)
SESSIE_MAX_UREN_MEDEWERKER = envint("SESSIE_MAX_UREN_MEDEWERKER", 12)
SESSIE_MAX_UREN_FAMILIE = envint("SESSIE_MAX_UREN_FAMILIE", 30 * 24)
# The cookie lives as long as the longest login may; each login sets its own (shorter)
# expiry when it starts (core/auth.py), and the middleware ends it on the server side.
SESSION_COOKIE_AGE = envint(
    "SESSION_COOKIE_AGE", max(SESSIE_MAX_UREN_MEDEWERKER, SESSIE_MAX_UREN_FAMILIE) * 60 * 60
)
# URL names that pages ask for by themselves through htmx, without anyone doing anything.
SESSIE_ACHTERGROND_URLS = ["beraad:stand"]

# Failed password logins within the window, then wait: this many for one name from one
# address; more from one address (a care home shares one) or for one name from anywhere
# (a guesser with many addresses), so a stranger cannot simply lock a colleague out.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = envint("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
LOGIN_MAX_FAILURES_PER_NAME = envint("LOGIN_MAX_FAILURES_PER_NAME", 50)
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60)
# A login link (from an invitation or by e-mail) works once, for this many seconds.
LOGIN_LINK_MAX_AGE = envint("LOGIN_LINK_MAX_AGE", 15 * 60)
# At most this many login links per person by e-mail within LOGIN_LINK_MAX_AGE.
LOGIN_LINKS_PER_WINDOW = envint("LOGIN_LINKS_PER_WINDOW", 3)
# An invitation stays valid this many days unless it is revoked first.
INVITATION_MAX_AGE_DAYS = envint("INVITATION_MAX_AGE_DAYS", 365)
# The access log (Toegangslog) keeps lines this many days (default five years); the
# management command `logboek_opschonen`, daily from cron, removes older ones.
LOGBOEK_BEWAARTERMIJN_DAGEN = envint("LOGBOEK_BEWAARTERMIJN_DAGEN", 5 * 365 + 1)

# Second step for staff (TOTP app). The name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "SoNeStra")
# Wait 1, 2, 4, 8 … seconds after each wrong code (per device, stored in the database).
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package-lock.json) and are served by the app itself.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist" / "css"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: photos go through an access-checked view
# The manifest storage needs collectstatic; development and tests use the plain storage.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "0" if DEBUG else "1")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Photos on one server's disk (MEDIA_ROOT), or with MEDIA_STORAGE=s3 in an S3-compatible
# bucket that every app server shares (django-storages). The bucket stays private: photos
# are only ever read by the app and served through the access-checked view
# core:persoon_foto, never by a URL to the bucket. Credentials come from boto3's usual
# places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role), not from here.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            # If anything ever asks for a URL, it is a signed, short-lived one.
            "querystring_auth": True,
            "querystring_expire": 300,
            # File names are random (core.models._photo_path), so no existence check first.
            "file_overwrite": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE is 'filesystem' (default) or 's3'.")

# Upload limits for photos (checked again with Pillow after upload).
PHOTO_MAX_BYTES = envint("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_MAX_PIXELS = envint("PHOTO_MAX_PIXELS", 40_000_000)
PHOTO_SIZE = envint("PHOTO_SIZE", 600)

# E-mail: printed to the console unless EMAIL_HOST is set, then sent by SMTP.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "1"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SoNeStra <noreply@localhost>")

# A strict policy: scripts only from our own origin or with this response's nonce,
# no inline style attributes, no framing, no plug-ins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0" if DEBUG else "1")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths with a secret link in them are masked (sonestra/core/logfilter.py).
    "filters": {"zonder_tokens": {"()": "sonestra.core.logfilter.ZonderTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["zonder_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
