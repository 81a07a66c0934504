"""Real gunicorn processes on loopback, for the benchmark, the load test and the test that
two app servers share nothing but the database.

Each process runs in a process group of its own, so stopping it stops its workers too,
and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")

# The production settings (DEBUG off) speaking plain http on loopback: in production a
# load balancer terminates TLS.
LOOPBACK = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_MANIFEST": "0",
}


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: Iterable[str], omgeving: dict[str, str], **popen) -> subprocess.Popen:
    """`gunicorn <args>` from the checkout, with the environment on top of this one's and
    the loopback settings underneath."""
    return subprocess.Popen(
        [str(GUNICORN), *args],
        cwd=ROOT,
        env={**os.environ, **LOOPBACK, **omgeving},
        start_new_session=True,
        **popen,
    )


def wacht(url: str, proces: subprocess.Popen, log: Path, tot: float) -> None:
    """Until `url`/inloggen/ answers 200; RuntimeError (with the end of `log`) when the
    process stopped or `tot` (time.monotonic) passed."""
    while time.monotonic() < tot:
        if proces.poll() is not None:
            tekst = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"gunicorn ({url}) stopte:\n{tekst[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/inloggen/", timeout=2) as antwoord:
                if antwoord.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn ({url}) antwoordt niet")


def stop(processen: Iterable[subprocess.Popen], timeout: float = 15) -> None:
    """SIGTERM to each process group, SIGKILL for what is still there after `timeout`."""
    processen = list(processen)
    for proces in processen:
        if proces.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proces.pid, signal.SIGTERM)
    for proces in processen:
        try:
            proces.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()
