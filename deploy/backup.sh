#!/usr/bin/env bash
# A backup of SoNeStra: the PostgreSQL database (pg_dump, custom format) and the photos.
#
#   DATABASE_URL=postgres://… BACKUP_DIR=/var/backups/sonestra deploy/backup.sh
#
# BACKUP_DIR has no default: a backup holds personal data and must not land in a checkout
# or any folder nobody chose.
#
# Writes, all with the same UTC time stamp in the name:
#   sonestra-<stamp>.dump        pg_dump -Fc: restore with pg_restore (deploy/herstel-test.sh
#                                shows how, and proves that it works)
#   sonestra-<stamp>.tellingen   the row count of every table (and the list of triggers),
#                                taken in the snapshot the dump was taken in, so a restore
#                                can be checked against it (deploy/tellingen.sql)
#   sonestra-<stamp>-media.tar.gz  MEDIA_ROOT, when photos are on this server's disk
#                                (MEDIA_STORAGE=s3: the bucket is backed up on its own; see
#                                the README, "Backups and the restore test")
#
# The dump is taken while the app runs: pg_dump reads one consistent snapshot and blocks
# nobody. Backups hold everyone's story: they are readable by the owner only (umask 077);
# encrypt them before they leave the machine. BACKUP_BEWAAR_DAGEN=N removes this script's
# own files older than N days from BACKUP_DIR (default 0: keep everything); BACKUP_MEDIA=0
# leaves the photos out.
#
# Prints the names of the files it wrote, one a line, last. Exits non-zero on any failure.
set -euo pipefail
umask 077

: "${DATABASE_URL:?Set DATABASE_URL (postgres://user:password@host:5432/name)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL; DATABASE_URL is not a postgres:// URL" >&2; exit 2 ;;
esac

HIER=$(cd "$(dirname "$0")" && pwd)
: "${BACKUP_DIR:?Set BACKUP_DIR, the folder for the backups (e.g. /var/backups/sonestra)}"
MEDIA_STORAGE=${MEDIA_STORAGE:-filesystem}
MEDIA_ROOT=${MEDIA_ROOT:-$HIER/../media}
BACKUP_BEWAAR_DAGEN=${BACKUP_BEWAAR_DAGEN:-0}
BACKUP_MEDIA=${BACKUP_MEDIA:-1}

mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$BACKUP_DIR/sonestra-$stamp.dump"
tellingen="$BACKUP_DIR/sonestra-$stamp.tellingen"

# One psql session holds a repeatable-read transaction open and exports its snapshot;
# pg_dump takes that snapshot, and the counts are read in the same transaction, so they
# describe exactly what is in the dump even while people go on working.
coproc BRON { exec psql "$DATABASE_URL" -X -q -A -t -v ON_ERROR_STOP=1; }
# Bash forgets BRON and BRON_PID as soon as psql has ended: keep them.
bron_in=${BRON[1]}
bron_uit=${BRON[0]}
bron_pid=$BRON_PID
printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" \
  "SELECT pg_export_snapshot();" >&"$bron_in"
read -r snapshot <&"$bron_uit" || { echo "no snapshot from PostgreSQL" >&2; exit 1; }

start=$EPOCHREALTIME
pg_dump --format=custom --snapshot="$snapshot" --file="$dump" "$DATABASE_URL"

{ cat "$HIER/tellingen.sql"; echo "SELECT '-- einde';"; } >&"$bron_in"
: >"$tellingen"
while read -r regel <&"$bron_uit"; do
  [ "$regel" = "-- einde" ] && break
  printf '%s\n' "$regel" >>"$tellingen"
done
printf '%s\n' "COMMIT;" '\q' >&"$bron_in"
wait "$bron_pid" 2>/dev/null || true
[ -s "$tellingen" ] || { echo "no table counts read" >&2; exit 1; }
duur=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
echo "database: $dump ($(du -h "$dump" | cut -f1), $(grep -vc '^#' "$tellingen") tables, ${duur} s)" >&2

bestanden=("$dump" "$tellingen")
if [ "$BACKUP_MEDIA" = "0" ]; then
  echo "photos: skipped (BACKUP_MEDIA=0)" >&2
elif [ "$MEDIA_STORAGE" = "filesystem" ]; then
  if [ -d "$MEDIA_ROOT" ]; then
    media="$BACKUP_DIR/sonestra-$stamp-media.tar.gz"
    tar -czf "$media" -C "$MEDIA_ROOT" .
    echo "photos: $media ($(du -h "$media" | cut -f1))" >&2
    bestanden+=("$media")
  else
    echo "photos: $MEDIA_ROOT does not exist, nothing to copy" >&2
  fi
else
  echo "photos: in the bucket ($MEDIA_STORAGE); back it up with the provider's versioning" \
    "or replication, or copy it (rclone sync, aws s3 sync) — see the README" >&2
fi

if [ "$BACKUP_BEWAAR_DAGEN" -gt 0 ]; then
  find "$BACKUP_DIR" -maxdepth 1 -type f -name 'sonestra-*' -mtime "+$BACKUP_BEWAAR_DAGEN" \
    -print -delete >&2
fi

printf '%s\n' "${bestanden[@]}"
