"""Upkeep of the access log (Toegangslog), the one door through which lines may go.

The access log is append-only: the app refuses `save()` on an existing line, `update()`
and `delete()` on lines and querysets, and the database refuses them too (migration
0004: a trigger on PostgreSQL and on SQLite). Two jobs must remove lines all the same:
the retention command (`logboek_opschonen`) and erasing a Netwerk on request. They do it
inside `log_onderhoud()`:

    with log_onderhoud():
        Toegangslog.objects.filter(tijd__lt=grens).delete()

Inside the block, deleting is allowed; changing a line never is. The block is one
transaction (`transaction.atomic()`): on PostgreSQL it sets the transaction-local setting
`sonestra.logboek_onderhoud = 'aan'` that the trigger checks; on SQLite it puts one row in
`core_logboek_onderhoud`, which the trigger looks for and which the block removes again
before it ends. Other connections never see either, so the door is open only for the
code inside the block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Name of the PostgreSQL setting the trigger reads (custom settings need a dot).
PG_INSTELLING = "sonestra.logboek_onderhoud"
# Table the SQLite trigger reads: a row in it means "upkeep in this transaction".
SQLITE_TABEL = "core_logboek_onderhoud"

_onderhoud: ContextVar[bool] = ContextVar("sonestra_logboek_onderhoud", default=False)


def in_onderhoud() -> bool:
    """True inside `log_onderhoud()`: the app lets log lines be deleted."""
    return _onderhoud.get()


def _zet_database(connection, aan: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # set_config(..., true) is SET LOCAL: it ends with the transaction at the latest.
            cursor.execute("SELECT set_config(%s, %s, true)", [PG_INSTELLING, "aan" if aan else ""])
        elif connection.vendor == "sqlite":
            if aan:
                cursor.execute(f"INSERT INTO {SQLITE_TABEL} (aan) VALUES (1)")
            else:
                cursor.execute(f"DELETE FROM {SQLITE_TABEL}")


@contextmanager
def log_onderhoud(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction in which access-log lines may be deleted (never changed).

    Only for the retention command and for erasing a Netwerk. When the block raises, the
    transaction (or its savepoint) rolls back, and with it the database flag.
    """
    connection = connections[using]
    genest = _onderhoud.get()
    with transaction.atomic(using=using):
        token = _onderhoud.set(True)
        try:
            if not genest:
                _zet_database(connection, True)
            yield
            if not genest:
                # Close the door again before the transaction goes on (a caller's outer
                # atomic block would otherwise keep it open until its commit).
                _zet_database(connection, False)
        finally:
            _onderhoud.reset(token)
