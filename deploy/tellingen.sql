-- What a restore must bring back, one line each, in one statement (so in one snapshot): the
-- exact row count of every table of the public schema ("table count"), then every trigger
-- of our own ("#trigger table name": the access log's guards of migration core.0004).
-- backup.sh runs it in the snapshot of the dump, herstel-test.sh on the restored copy; the
-- two lists must be the same.
SELECT regel FROM (
  SELECT 1 AS deel, table_name::text AS sleutel,
    table_name || ' ' || (xpath('/row/c/text()', query_to_xml(
      format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')
    ))[1]::text AS regel
  FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
  UNION ALL
  SELECT 2, c.relname || ' ' || t.tgname, '#trigger ' || c.relname || ' ' || t.tgname
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND n.nspname = 'public'
) AS alles
ORDER BY deel, sleutel COLLATE "C";
