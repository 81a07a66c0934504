"""Gunicorn settings for SoNeStra in production.

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py sonestra.wsgi

Read from the same environment as the app (see the README, "Production"):

GUNICORN_BIND        address to listen on (default 127.0.0.1:8000; 0.0.0.0:8000 when a
                     load balancer on another machine connects)
WEB_CONCURRENCY      worker processes (default 2 x CPUs + 1)
GUNICORN_THREADS     threads per worker (default 1: sync workers; more makes them gthread)
GUNICORN_TIMEOUT     seconds one request may take before its worker is replaced (default 30)
GUNICORN_MAX_REQUESTS  requests before a worker is replaced (default 2000, +0-10% jitter)
BEHIND_PROXY         1: trust X-Forwarded-Proto from FORWARDED_ALLOW_IPS (default the
                     loopback, for a proxy on this machine; list the load balancer's
                     addresses when it runs elsewhere)
"""

from __future__ import annotations

import os
import re

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _cpus() -> int:
    # The CPUs this process may use (a container's or cgroup's share), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


bind = [a.strip() for a in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# A page is a handful of short PostgreSQL queries and a template: while one worker waits for
# the database another uses the CPU, so 2 x CPUs + 1 keeps the CPUs busy without making
# workers queue for them (2 vCPUs: 5 sync workers). Sync workers expect a proxy
# that buffers slow clients (nginx, a load balancer); each worker holds one database
# connection, so app servers x workers (x threads) must fit PostgreSQL's max_connections.
workers = _int("WEB_CONCURRENCY", 2 * _cpus() + 1)
threads = _int("GUNICORN_THREADS", 1)  # > 1 makes gunicorn use gthread workers; see DB_POOL

# The slowest normal request is the actieplan PDF (about 1 s) or a Netwerk's export; a
# request still running after this is stuck, and its worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Only gthread workers keep a client connection open between requests (sync workers close
# each one); a few seconds serves a proxy's bursts without holding threads for idle ones.
keepalive = 5

# Replace a worker after this many requests (memory creep in long-lived processes, e.g.
# WeasyPrint's font caches), with jitter so the workers do not all restart at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# The scheme a load balancer reports (X-Forwarded-Proto) is only believed with BEHIND_PROXY,
# as in the Django settings, and then only from the addresses given.
if os.environ.get("BEHIND_PROXY", "0").strip().lower() in {"1", "true", "yes", "on"}:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers: dict[str, str] = {}

# Gunicorn 27's control socket sits at one fixed path per user: two app servers on one
# machine would take each other's. We do not use it.
control_socket_disable = True

# Paths that carry a secret: invitations, login links, an invitee's beraad link, the
# calendar feed and the e-mail opt-out. The token is a key to someone's data; logs are
# kept longer and read by more people than the app's own tables.
TOKEN_PATH = re.compile(r"^/(u|b|inloggen/link|e-mail/uit|agenda)/[^/]+")


class PrivacyLogger(Logger):
    """The access log without secrets or personal data: token paths are masked, and
    neither the query string (search terms can be names) nor the referrer (it can be a
    token path) is written."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = TOKEN_PATH.sub(lambda m: f"/{m.group(1)}/…", atoms["U"] or "")
        atoms["U"] = path
        atoms["r"] = f"{atoms['m']} {path} {atoms['H']}"
        atoms["q"] = atoms["f"] = "-"
        # The same, as format variables of the request's environ and headers.
        atoms["{path_info}e"] = path
        for name in ("{raw_uri}e", "{query_string}e", "{http_referer}e", "{referer}i"):
            atoms.pop(name, None)
        # Behind the load balancer REMOTE_ADDR is the balancer; the last X-Forwarded-For
        # entry is what it saw, the same address the app's access log (Toegangslog) keeps.
        forwarded = atoms.get("{x-forwarded-for}i")
        if forwarded_allow_ips and forwarded:
            atoms["h"] = forwarded.split(",")[-1].strip()
        return atoms


logger_class = PrivacyLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# client, time, request, status, bytes, milliseconds, pid (which worker), user agent
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms %(p)s "%(a)s"'
