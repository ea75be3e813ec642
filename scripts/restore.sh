#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database at $DATABASE_URL and the media folder
# $MEDIA_ROOT, both expected EMPTY (a new database: `createdb`; a new folder):
#   scripts/restore.sh DIR
# The checksums in DIR/MANIFEST are verified first. A PostgreSQL dump restores into PostgreSQL, a SQLite copy
# into SQLite (moving between the two: `manage.py dumpdata`/`loaddata`, not covered here).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)  # relative DIR: from the caller's directory
src=${1:?usage: scripts/restore.sh DIR}
db_url=${DATABASE_URL:-sqlite:///$root/db.sqlite3}
media=${MEDIA_ROOT:-$root/var/media}
(cd "$src" && sha256sum --check --quiet MANIFEST)

case "$db_url" in
  postgres://*|postgresql://*|pgsql://*)
    [ -f "$src/db.dump" ] || { echo "$src/db.dump missing (a SQLite backup?)" >&2; exit 1; }
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
      --dbname="${db_url/#pgsql:/postgres:}" "$src/db.dump"
    ;;
  sqlite://*)
    path=${db_url#sqlite://}; path=${path#/}; [[ $path == /* ]] || path=$root/$path
    [ -f "$src/db.sqlite3" ] || { echo "$src/db.sqlite3 missing (a PostgreSQL backup?)" >&2; exit 1; }
    if [ -s "$path" ]; then echo "refusing to overwrite the existing database $path" >&2; exit 1; fi
    mkdir -p "$(dirname "$path")" && cp "$src/db.sqlite3" "$path"
    ;;
  *) echo "unsupported DATABASE_URL scheme: ${db_url%%:*}" >&2; exit 1 ;;
esac

mkdir -p "$media"
tar -xzf "$src/media.tar.gz" -C "$media"
echo "restored $src into ${db_url%%\?*} and $media"
