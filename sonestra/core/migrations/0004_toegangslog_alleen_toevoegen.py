"""The access log becomes append-only in the database too.

1. The log outlives what it is about: its links to Netwerk and user lose their database
   constraint and their ON DELETE SET NULL (deleting a Netwerk or user would otherwise be
   an UPDATE of log lines, which the triggers below refuse).
2. Triggers refuse every UPDATE of a line, and DELETE (and on PostgreSQL TRUNCATE) unless
   the transaction is inside `sonestra.core.logboek.log_onderhoud()`:
   - PostgreSQL: statement triggers that read the transaction-local setting
     `sonestra.logboek_onderhoud`;
   - SQLite: row triggers that look for a row in `core_logboek_onderhoud`, a table only
     `log_onderhoud()` writes to (and empties again before its transaction ends).

SQLite drops a table's triggers when Django rebuilds the table (an AlterField on
core_toegangslog): a later migration that does so must create them again (copy
`SQLITE_TRIGGERS`). tests/core/test_logboek.py checks they exist after all migrations.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PG_FUNCTIE = "core_toegangslog_alleen_toevoegen"

PG_TRIGGERS = [
    f"""CREATE FUNCTION {PG_FUNCTIE}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'Het toegangslog kan niet worden gewijzigd.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(current_setting('sonestra.logboek_onderhoud', true), '') <> 'aan' THEN
        RAISE EXCEPTION 'Het toegangslog kan alleen bij onderhoud worden verwijderd (%).', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$""",
    *(
        f"""CREATE TRIGGER core_toegangslog_geen_{op.lower()}
        BEFORE {op} ON core_toegangslog
        FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTIE}()"""
        for op in ("UPDATE", "DELETE", "TRUNCATE")
    ),
]

PG_TRIGGERS_WEG = [
    *(
        f"DROP TRIGGER IF EXISTS core_toegangslog_geen_{op} ON core_toegangslog"
        for op in ("truncate", "delete", "update")
    ),
    f"DROP FUNCTION IF EXISTS {PG_FUNCTIE}()",
]

SQLITE_TRIGGERS = [
    "CREATE TABLE IF NOT EXISTS core_logboek_onderhoud (aan integer NOT NULL)",
    """CREATE TRIGGER core_toegangslog_geen_update
        BEFORE UPDATE ON core_toegangslog
        BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden gewijzigd.'); END""",
    """CREATE TRIGGER core_toegangslog_geen_delete
        BEFORE DELETE ON core_toegangslog
        WHEN NOT EXISTS (SELECT 1 FROM core_logboek_onderhoud)
        BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan alleen bij onderhoud worden verwijderd.');
        END""",
]

SQLITE_TRIGGERS_WEG = [
    "DROP TRIGGER IF EXISTS core_toegangslog_geen_delete",
    "DROP TRIGGER IF EXISTS core_toegangslog_geen_update",
    "DROP TABLE IF EXISTS core_logboek_onderhoud",
]


def _run(schema_editor, postgresql: list[str], sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": postgresql, "sqlite": sqlite}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def triggers_aan(apps, schema_editor):
    _run(schema_editor, PG_TRIGGERS, SQLITE_TRIGGERS)


def triggers_uit(apps, schema_editor):
    _run(schema_editor, PG_TRIGGERS_WEG, SQLITE_TRIGGERS_WEG)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_sessies_tweestaps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="toegangslog",
            name="netwerk",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.netwerk",
            ),
        ),
        migrations.AlterField(
            model_name="toegangslog",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        # After the AlterFields: on SQLite they rebuild the table, which drops triggers.
        migrations.RunPython(triggers_aan, triggers_uit, elidable=False),
    ]
