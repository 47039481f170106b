#!/usr/bin/env bash
# Restores a backup written by deploy/backup.sh into a fresh database, never over a database
# that holds anything.
#
#   deploy/restore.sh mizan-STAMP.dump   postgres://mizan@localhost/mizan_restored
#   deploy/restore.sh mizan-STAMP.sqlite /var/lib/mizan/restored.sqlite
#
# PostgreSQL: the target database must exist and be empty (createdb NAME); pg_restore runs in
# one transaction and stops at the first error, objects owned by the user restoring
# (--no-owner). SQLite: the target file must not exist (or be empty); the copy is checked with
# PRAGMA integrity_check. Then compare it with its source: deploy/compare-databases.sh.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: deploy/restore.sh BACKUP TARGET
  BACKUP  a file written by deploy/backup.sh: mizan-*.dump (PostgreSQL) or mizan-*.sqlite (SQLite)
  TARGET  postgres://user@host/db of an existing, empty database (createdb it first),
          or the path of a new SQLite file
Refuses a target that holds tables. Compare the result with deploy/compare-databases.sh.
EOF
}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    usage
    exit 0
fi
if [ $# -ne 2 ]; then
    usage >&2
    exit 2
fi
backup=$1
target=$2
[ -f "$backup" ] || { echo "restore.sh: no backup file $backup" >&2; exit 1; }

case "$target" in
    postgres://* | postgresql://*)
        # The custom format starts with the magic bytes PGDMP.
        if [ "$(head -c 5 "$backup")" != "PGDMP" ]; then
            echo "restore.sh: $backup is not a pg_dump custom-format file" >&2
            exit 1
        fi
        tables=$(psql "$target" -X -At -v ON_ERROR_STOP=1 -c \
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") || {
            echo "restore.sh: cannot connect to $target (create it first: createdb …)" >&2
            exit 1
        }
        if [ "$tables" != 0 ]; then
            echo "restore.sh: $target is not empty ($tables tables): refusing to restore over it" >&2
            exit 1
        fi
        pg_restore --exit-on-error --single-transaction --no-owner --dbname="$target" "$backup"
        restored=$(psql "$target" -X -At -c \
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        echo "restored $backup into $target with pg_restore ($restored tables)"
        ;;
    *)
        target=${target#sqlite://}
        if [ -s "$target" ]; then
            echo "restore.sh: $target exists and is not empty: refusing to restore over it" >&2
            exit 1
        fi
        if [ "$(head -c 15 "$backup")" != "SQLite format 3" ]; then
            echo "restore.sh: $backup is not an SQLite database" >&2
            exit 1
        fi
        # Copied under a temporary name, checked, then renamed: no half-restored file at TARGET.
        cp "$backup" "$target.partial"
        if command -v sqlite3 >/dev/null 2>&1; then
            check=$(sqlite3 "$target.partial" "PRAGMA integrity_check")
        else
            check=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$target.partial")
        fi
        if [ "$check" != ok ]; then
            rm -f "$target.partial"
            echo "restore.sh: integrity check of $backup failed: $check" >&2
            exit 1
        fi
        mv "$target.partial" "$target"
        echo "restored $backup into $target (SQLite, integrity_check ok)"
        ;;
esac
