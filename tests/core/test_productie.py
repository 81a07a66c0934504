"""Production: the database pool, photos in object storage, gunicorn and the restore test.

Settings are read in a fresh process per case (as in test_settings.py), because they are
built from the environment once, at import. Photos in an S3 bucket are tested end to end
against a small S3 server of our own on the loopback (no network, no extra packages): the
real settings, django-storages, boto3 and HTTP, up to the access-checked photo view.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from beraad.pdf import BASIS, LokaleBestanden
from privacy.wissen import fotomap, verwijder_fotos
from sonestra.core.demo import DEMO_FOTOS, portret
from sonestra.core.models import Persoon, Toegangslog
from tests.conftest import persoon_form_data

ROOT = Path(__file__).resolve().parents[2]
# Variables of ours that must not leak from the developer's shell into a settings case.
OURS = re.compile(r"^(DATABASE_URL|DB_POOL.*|DB_CONN_MAX_AGE|MEDIA_STORAGE|AWS_.*)$")
ON_POSTGRES = connection.vendor == "postgresql"


def read_settings(**env: str) -> dict:
    """STORAGES and DATABASES as sonestra.settings builds them from this environment."""
    clean = {k: v for k, v in os.environ.items() if not OURS.match(k)}
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'storages': s.STORAGES, 'db': s.DATABASES['default']}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "sonestra.settings", **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "sonestra-fotos",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
    "AWS_S3_REGION_NAME": "nl-ams",
}


# Settings: media storage


def test_photos_are_on_disk_without_configuration(tmp_path):
    default = read_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")["storages"]
    assert default["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_photos_go_to_a_private_bucket_with_media_storage_s3(tmp_path):
    storages = read_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **S3_ENV)[
        "storages"
    ]
    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "sonestra-fotos"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "nl-ams"
    assert options["default_acl"] == "private"
    # Credentials stay in the environment (boto3 reads them), never in the settings.
    assert not {"access_key", "secret_key"} & options.keys()
    # Static files stay with WhiteNoise whatever happens to the photos.
    assert storages["staticfiles"] == read_settings()["storages"]["staticfiles"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "nfs"}, "MEDIA_STORAGE is 'filesystem' (default) or 's3'"),
    ],
)
def test_a_half_configured_media_storage_refuses_to_start(env, message):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        read_settings(**env)


# Settings: the database pool

PG_URL = "postgres://sonestra@db.internal:5432/sonestra"


def test_no_pool_without_db_pool():
    db = read_settings(DATABASE_URL=PG_URL)["db"]
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 60


def test_db_pool_gives_a_pool_and_no_persistent_connections():
    db = read_settings(
        DATABASE_URL=PG_URL,
        DB_POOL="1",
        DB_CONN_MAX_AGE="600",
        DB_POOL_MIN_SIZE="2",
        DB_POOL_MAX_SIZE="8",
        DB_POOL_TIMEOUT="5",
    )["db"]
    assert db["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 5}
    # Django refuses a pool next to persistent connections.
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["options"] == "-c jit=off"
    assert db["CONN_HEALTH_CHECKS"] is True


def test_db_pool_is_ignored_on_sqlite(tmp_path):
    db = read_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DB_POOL="1")["db"]
    assert "pool" not in db["OPTIONS"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(not ON_POSTGRES, reason="the pool is PostgreSQL's (DATABASE_URL=postgres://)")
def test_the_pool_hands_out_its_connections_again_and_again():
    """After the first request, five more (connect, query, close) open no new connection."""
    code = (
        "import json\n"
        "from django.db import connection\n"
        "def request():\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SELECT 1')\n"
        "    connection.close()\n"
        "request()\n"
        "connection.pool.pop_stats()\n"
        "for _ in range(5):\n"
        "    request()\n"
        "print(json.dumps(connection.pool.get_stats()))\n"
    )
    clean = {k: v for k, v in os.environ.items() if not OURS.match(k)}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": os.environ["DATABASE_URL"], "DB_POOL": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["pool_max"] == 4
    assert stats["requests_num"] == 5
    assert stats.get("connections_num", 0) == 0


# Photos in an S3 bucket, end to end


class FakeS3(ThreadingHTTPServer):
    """The part of the S3 API that django-storages uses for us: put, head, get, delete and
    list (path-style addresses). Signatures are not checked."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeS3Handler)
        self.objects: dict[str, tuple[bytes, dict[str, str]]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FakeS3Handler(BaseHTTPRequestHandler):
    server: FakeS3
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        _bucket, _, key = parts.path.lstrip("/").partition("/")
        return unquote(key), parse_qs(parts.query)

    def _reply(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if "aws-chunked" not in self.headers.get("Content-Encoding", ""):
            return raw
        # boto3 may stream with a trailing checksum: "<hex size>\r\n<data>\r\n" … "0\r\n".
        data, rest = b"", raw
        while True:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return data
            data, rest = data + rest[:size], rest[size + 2 :]

    def do_PUT(self) -> None:
        key, _query = self._target()
        body = self._body()
        keep = {k.lower(): v for k, v in self.headers.items()}
        self.server.objects[key] = (body, keep)
        self._reply(200, headers={"ETag": f'"{hashlib.md5(body).hexdigest()}"'})

    def _object(self, key: str) -> None:
        if key not in self.server.objects:
            self._reply(404, b"<Error><Code>NoSuchKey</Code></Error>")
            return
        body, headers = self.server.objects[key]
        self._reply(
            200,
            body,
            {
                "Content-Type": headers.get("content-type", "binary/octet-stream"),
                "ETag": f'"{hashlib.md5(body).hexdigest()}"',
                "Last-Modified": formatdate(usegmt=True),
            },
        )

    def do_HEAD(self) -> None:
        self._object(self._target()[0])

    def do_GET(self) -> None:
        key, query = self._target()
        if key:
            self._object(key)
            return
        prefix = query.get("prefix", [""])[0]
        keys = sorted(k for k in self.server.objects if k.startswith(prefix))
        contents = "".join(
            f"<Contents><Key>{escape(k)}</Key><Size>{len(self.server.objects[k][0])}</Size>"
            "<LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>"
            for k in keys
            if "/" not in k[len(prefix) :]
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            f"<Name>sonestra-fotos</Name><Prefix>{escape(prefix)}</Prefix>"
            f"<IsTruncated>false</IsTruncated>{contents}</ListBucketResult>"
        )
        self._reply(200, body.encode(), {"Content-Type": "application/xml"})

    def do_DELETE(self) -> None:
        self.server.objects.pop(self._target()[0], None)
        self._reply(204)


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path) -> Iterator[FakeS3]:
    """The app's photos in a bucket on a fake S3 server, configured as production would be:
    the storage comes from sonestra.settings itself with MEDIA_STORAGE=s3."""
    server = FakeS3()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    storages = read_settings(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **{**S3_ENV, "AWS_S3_ENDPOINT_URL": server.url, "AWS_S3_ADDRESSING_STYLE": "path"},
    )["storages"]
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        # A development machine's own AWS profile or proxy must not take part.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "NO_PROXY": "127.0.0.1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = storages
    yield server
    server.shutdown()
    server.server_close()


def test_a_photo_goes_through_the_bucket_and_the_access_checked_view(
    client, netwerk, supporter, outsider, bucket
):
    persoon = netwerk.personen.get(is_hoofdpersoon=True)
    foto = SimpleUploadedFile(
        "marieke.jpg", portret(*DEMO_FOTOS["Marieke Bakker"]), content_type="image/jpeg"
    )
    client.force_login(supporter)
    response = client.post(
        reverse("netwerkkompas:persoon", args=[netwerk.pk, persoon.pk]),
        persoon_form_data(persoon, foto=foto),
    )
    assert response.status_code == 302

    persoon.refresh_from_db()
    # Stored in the bucket under the random name, privately, and nowhere on disk.
    assert list(bucket.objects) == [persoon.foto.name]
    assert re.fullmatch(rf"fotos/{netwerk.pk}/[0-9a-f]{{32}}\.jpg", persoon.foto.name)
    stored, headers = bucket.objects[persoon.foto.name]
    assert headers["x-amz-acl"] == "private"
    assert headers["content-type"] == "image/jpeg"
    assert stored[:3] == b"\xff\xd8\xff"  # a JPEG, as the upload cleaning makes it

    # A member gets it from the app; the bucket's address never reaches the page.
    response = client.get(persoon.foto_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    page = client.get(reverse("netwerkkompas:personen", args=[netwerk.pk])).content.decode()
    assert bucket.url not in page and "sonestra-fotos" not in page

    # Someone without a Deelname gets nothing.
    client.force_login(outsider)
    assert client.get(persoon.foto_url()).status_code == 404

    # The actieplan PDF reads the photo from the same storage.
    fetched = LokaleBestanden([persoon]).fetch(urljoin(BASIS, persoon.foto_url()))
    assert fetched.read() == stored


def test_erasing_a_netwerk_empties_its_folder_in_the_bucket(netwerk, bucket):
    persoon = netwerk.personen.get(is_hoofdpersoon=True)
    persoon.foto.save("foto.jpg", SimpleUploadedFile("x.jpg", b"\xff\xd8\xffjpeg"))
    # A file the rows no longer know of (say, from a save that lost its version check).
    bucket.objects[f"{fotomap(netwerk.pk)}/verweesd.jpg"] = (b"oud", {})
    bucket.objects["fotos/999/van-een-ander.jpg"] = (b"blijft", {})
    storage = Persoon._meta.get_field("foto").storage

    verwijder_fotos(storage, {persoon.foto.name}, fotomap(netwerk.pk))

    assert list(bucket.objects) == ["fotos/999/van-een-ander.jpg"]


# Gunicorn


def test_gunicorn_accepts_the_configuration():
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "sonestra.wsgi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _gunicorn_settings(**env: str) -> SimpleNamespace:
    clean = {k: v for k, v in os.environ.items() if k not in {"BEHIND_PROXY", "WEB_CONCURRENCY"}}
    code = (
        "import json, runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('workers', 'forwarded_allow_ips', "
        "'max_requests', 'max_requests_jitter', 'timeout')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True
    )
    assert result.returncode == 0, result.stderr
    return SimpleNamespace(**json.loads(result.stdout))


def test_gunicorn_trusts_forwarded_headers_only_behind_a_proxy():
    assert _gunicorn_settings().forwarded_allow_ips == ""
    proxied = _gunicorn_settings(BEHIND_PROXY="1", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert proxied.forwarded_allow_ips == "10.0.0.5"


def test_gunicorn_workers_follow_the_cpus():
    conf = _gunicorn_settings()
    assert conf.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert _gunicorn_settings(WEB_CONCURRENCY="3").workers == 3
    assert conf.max_requests_jitter == conf.max_requests // 10 > 0


def test_the_access_log_keeps_no_tokens_or_search_terms():
    from gunicorn.config import Config

    conf = {}
    exec(compile((ROOT / "deploy/gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), conf)
    logger = conf["PrivacyLogger"](Config())
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", "telefoon")])

    def atoms(path: str, query: str = "") -> dict:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?{query}" if query else path,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "10.0.0.5",
            "HTTP_REFERER": "https://sonestra.example.org/u/geheim/",
        }
        return logger.atoms(response, request, environ, timedelta(milliseconds=12))

    for path in ["/u/geheim/", "/inloggen/link/geheim/", "/b/geheim/ics/", "/agenda/geheim.ics"]:
        logged = atoms(path)
        assert "geheim" not in logged["r"] + logged["U"] + logged["f"], path
    searched = atoms("/organisatie/netwerken/", "q=Marieke")
    assert searched["r"] == "GET /organisatie/netwerken/ HTTP/1.1"
    assert "Marieke" not in json.dumps(searched, default=str)
    assert atoms("/netwerken/7/")["U"] == "/netwerken/7/"


# Backups: a real restore test


def _database_url() -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "postgres", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


needs_pg_tools = pytest.mark.skipif(
    not ON_POSTGRES or not shutil.which("pg_dump") or not shutil.which("pg_restore"),
    reason="the restore test dumps and restores PostgreSQL (DATABASE_URL=postgres://, "
    "pg_dump and pg_restore on PATH)",
)


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / script), *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url(), "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_working_database_with_the_same_rows(
    client, netwerk, supporter, facilitator
):
    # Lines in the access log, whose triggers refuse UPDATE and DELETE: they must survive.
    client.force_login(supporter)
    for _ in range(3):
        assert client.get(reverse("core:netwerk", args=[netwerk.pk])).status_code == 200
    lines = Toegangslog.objects.count()
    assert lines >= 3
    personen = Persoon.objects.count()

    result = _run("herstel-test.sh")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "all equal" in result.stdout
    assert re.search(rf"^  core_toegangslog +{lines}$", result.stdout, re.M), result.stdout
    assert re.search(rf"^  core_persoon +{personen}$", result.stdout, re.M), result.stdout
    assert re.search(r", 3 triggers, all equal", result.stdout), result.stdout
    # The throwaway database is gone again.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            [connection.settings_dict["NAME"][:30] + "\\_herstel\\_%"],
        )
        assert cursor.fetchone()[0] == 0


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_restore_that_misses_rows_fails(netwerk, tmp_path):
    backup = _run("backup.sh", BACKUP_DIR=str(tmp_path), BACKUP_MEDIA="0")
    assert backup.returncode == 0, backup.stderr
    dump = next(line for line in backup.stdout.splitlines() if line.endswith(".dump"))
    tellingen = Path(dump).with_suffix(".tellingen")
    counts = tellingen.read_text()
    assert "core_netwerk 1\n" in counts
    # As if the backup had lost a row: the restore test must notice.
    tellingen.write_text(counts.replace("core_netwerk 1\n", "core_netwerk 2\n"))

    result = _run("herstel-test.sh", dump)

    assert result.returncode == 1
    assert "< core_netwerk 2" in result.stderr and "> core_netwerk 1" in result.stderr


def test_secret_links_are_masked_in_the_servers_log():
    import logging

    from django.conf import settings

    from sonestra.core.logfilter import ZonderTokens

    # Django's request logger writes "Gone: /u/<token>/" for a used invitation.
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Gone", "/u/geheim123/"), None
    )
    assert ZonderTokens().filter(record)
    assert record.getMessage() == "Gone: /u/…/"
    for pad in ("/inloggen/link/abc/", "/b/xyz/agenda.ics", "/e-mail/uit/t0k/", "/agenda/k3y.ics"):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Error: " + pad, None, None)
        ZonderTokens().filter(record)
        assert "abc" not in record.getMessage() and "xyz" not in record.getMessage()
        assert "t0k" not in record.getMessage() and "k3y" not in record.getMessage()
    # The console handler, where gunicorn's error log gets Django's lines, uses it.
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["zonder_tokens"]
