#!/usr/bin/env bash
# Restore test: proves that a backup of SoNeStra can be restored and used.
#
#   DATABASE_URL=postgres://… deploy/herstel-test.sh                  # a fresh backup, then test it
#   DATABASE_URL=postgres://… deploy/herstel-test.sh backups/sonestra-20270101T031700Z.dump
#
# 1. Without an argument it makes a fresh backup of DATABASE_URL with deploy/backup.sh (into
#    a temporary folder, removed afterwards); with one, it tests that dump and the
#    .tellingen file beside it.
# 2. Restores the dump with pg_restore into a new, throwaway database on the server of
#    HERSTEL_URL (any database URL on the server to restore on; default: DATABASE_URL, so
#    the same server).
# 3. Runs `manage.py migrate --check` (every migration of this release is in the backup) and
#    `manage.py check` against the restored database.
# 4. Counts the rows of every table of the restored database and compares them with the
#    counts taken in the dump's own snapshot; lists the triggers (the access log's guards)
#    and compares those too.
# 5. Drops the throwaway database, also when a step failed.
#
# Exits 0 only when every step passed and every count matches. Prints the time each step
# took. Needs pg_dump/pg_restore/psql of the server's major version or newer, and a role that
# may create databases on the HERSTEL_URL server.
set -euo pipefail
umask 077

: "${DATABASE_URL:?Set DATABASE_URL (postgres://user:password@host:5432/name)}"
HIER=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(cd "$HIER/.." && pwd)
PYTHON=${PYTHON:-$PROJECT/.venv/bin/python}
HERSTEL_URL=${HERSTEL_URL:-$DATABASE_URL}

tijd() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
begin=$EPOCHREALTIME

werkmap=$(mktemp -d)
wegwerp=""
opruimen() {
  if [ -n "$wegwerp" ]; then
    psql "$HERSTEL_URL" -X -q -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS \"$wegwerp\" WITH (FORCE)" >/dev/null ||
      echo "could not drop the throwaway database $wegwerp: drop it by hand" >&2
  fi
  rm -rf "$werkmap"
}
trap opruimen EXIT

# 1. The dump to test, and the counts taken in its snapshot.
if [ $# -ge 1 ]; then
  dump=$1
  tellingen=${dump%.dump}.tellingen
  [ -f "$dump" ] || { echo "no such dump: $dump" >&2; exit 2; }
  [ -f "$tellingen" ] || { echo "no counts beside the dump: $tellingen" >&2; exit 2; }
else
  stap=$EPOCHREALTIME
  uitvoer=$(BACKUP_DIR="$werkmap" BACKUP_BEWAAR_DAGEN=0 BACKUP_MEDIA=0 "$HIER/backup.sh" \
    2>"$werkmap/backup.log") || { echo "FOUT: the backup failed:" >&2; cat "$werkmap/backup.log" >&2; exit 1; }
  dump=$(grep '\.dump$' <<<"$uitvoer")
  tellingen=$(grep '\.tellingen$' <<<"$uitvoer")
  echo "backup:    $(tijd "$stap") s ($(du -h "$dump" | cut -f1))"
fi

# 2. Restore into a new database with a name of its own: <source>_herstel_<time>_<pid>.
basis=${HERSTEL_URL%%\?*}
opties=""
[ "$basis" != "$HERSTEL_URL" ] && opties="?${HERSTEL_URL#*\?}"
bron_naam=${DATABASE_URL%%\?*}
bron_naam=${bron_naam##*/}
wegwerp="${bron_naam:0:30}_herstel_$(date -u +%Y%m%d%H%M%S)_$$"
herstel_db_url="${basis%/*}/$wegwerp$opties"

stap=$EPOCHREALTIME
psql "$HERSTEL_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$wegwerp\"" >/dev/null
# No owner or grants from the source: the restoring role owns it all. The access log's
# triggers come back with the rest (they are created after the rows are loaded).
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$herstel_db_url" "$dump"
echo "restore:   $(tijd "$stap") s into $wegwerp"

# 3. The app accepts the restored database as it is.
stap=$EPOCHREALTIME
if ! (
  cd "$PROJECT"
  DATABASE_URL="$herstel_db_url" "$PYTHON" manage.py migrate --check
  DATABASE_URL="$herstel_db_url" "$PYTHON" manage.py check
) >"$werkmap/checks.log" 2>&1; then
  echo "FOUT: migrate --check or check failed on the restored database:" >&2
  cat "$werkmap/checks.log" >&2
  exit 1
fi
echo "checks:    $(tijd "$stap") s (migrate --check, check)"

# 4. Every table has as many rows as the source had in the dump's snapshot, and the
#    triggers are back.
stap=$EPOCHREALTIME
psql "$herstel_db_url" -X -q -A -t -v ON_ERROR_STOP=1 -f "$HIER/tellingen.sql" \
  >"$werkmap/hersteld.tellingen"
if ! verschil=$(diff "$tellingen" "$werkmap/hersteld.tellingen"); then
  echo "FOUT: row counts differ (< backup, > restored):" >&2
  echo "$verschil" >&2
  exit 1
fi
tabellen=$(grep -vc '^#' "$tellingen")
rijen=$(awk '!/^#/ { s += $2 } END { print s }' "$tellingen")
triggers=$(grep -c '^#trigger' "$tellingen" || true)
echo "counts:    $(tijd "$stap") s, $tabellen tables, $rijen rows, $triggers triggers, all equal"
awk '!/^#/ && $2 > 0 { printf "  %-36s %s\n", $1, $2 }' "$tellingen"
echo "OK: restore test passed in $(tijd "$begin") s"
