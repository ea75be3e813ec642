#!/usr/bin/env bash
# Back up the database at $DATABASE_URL and the local media store at $MEDIA_ROOT into DIR:
#   scripts/backup.sh DIR
# PostgreSQL -> DIR/db.dump (pg_dump custom format: consistent snapshot, taken while the site runs);
# SQLite (first-look mode, DATABASE_URL unset or sqlite:///...) -> DIR/db.sqlite3 (SQLite's online backup);
# media -> DIR/media.tar.gz. DIR/MANIFEST lists what was written with SHA-256 sums.
# Media on S3/MinIO (AWS_STORAGE_BUCKET_NAME set) is not in the tar: back the bucket up with the store's own
# versioning/replication or `mc mirror`/`aws s3 sync` (docs/operations.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)  # relative DIR: from the caller's directory
dest=${1:?usage: scripts/backup.sh DIR}
db_url=${DATABASE_URL:-sqlite:///$root/db.sqlite3}
media=${MEDIA_ROOT:-$root/var/media}
mkdir -p "$dest"

case "$db_url" in
  postgres://*|postgresql://*|pgsql://*)
    pg_dump --format=custom --no-owner --no-privileges --file="$dest/db.dump" "${db_url/#pgsql:/postgres:}"
    ;;
  sqlite://*)
    path=${db_url#sqlite://}; path=${path#/}; [[ $path == /* ]] || path=$root/$path  # like Django: relative to the root
    [ -f "$path" ] || { echo "no SQLite database at $path" >&2; exit 1; }
    "$root/.venv/bin/python" - "$path" "$dest/db.sqlite3" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # a consistent copy even while the site writes
PY
    ;;
  *) echo "unsupported DATABASE_URL scheme: ${db_url%%:*}" >&2; exit 1 ;;
esac

mkdir -p "$media"
tar -czf "$dest/media.tar.gz" -C "$media" .
(cd "$dest" && sha256sum db.* media.tar.gz > MANIFEST)
echo "backup written to $dest: $(cd "$dest" && ls db.* media.tar.gz | tr '\n' ' ')"
