#!/usr/bin/env bash
# Backup of Mizan's database (nightly from cron), old backups removed after a number of days.
#
#   MIZAN_DATABASE_URL=postgres://mizan@localhost/mizan  → pg_dump, custom format (mizan-STAMP.dump)
#   MIZAN_DATABASE_URL=/var/lib/mizan/mizan.sqlite        → SQLite online consistent copy with
#                                                           VACUUM INTO (mizan-STAMP.sqlite)
#
# Settings (environment): MIZAN_BACKUP_DIR (default /var/backups/mizan), MIZAN_BACKUP_KEEP_DAYS
# (default 30; 0 keeps everything). The last line printed is the path of the backup written, for
# scripts. Restore with deploy/restore.sh; compare with deploy/compare-databases.sh.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: MIZAN_DATABASE_URL=<postgres://… | /path/to/mizan.sqlite> [MIZAN_BACKUP_DIR=DIR] deploy/backup.sh
Writes a consistent backup of the database into MIZAN_BACKUP_DIR (default /var/backups/mizan):
pg_dump --format=custom for PostgreSQL, VACUUM INTO for SQLite (safe while the servers run).
Removes backups older than MIZAN_BACKUP_KEEP_DAYS days (default 30, 0: none removed).
EOF
}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    usage
    exit 0
fi
if [ $# -gt 0 ]; then
    usage >&2
    exit 2
fi
if [ -z "${MIZAN_DATABASE_URL:-}" ]; then
    echo "backup.sh: MIZAN_DATABASE_URL is not set" >&2
    usage >&2
    exit 2
fi

url=$MIZAN_DATABASE_URL
dest=${MIZAN_BACKUP_DIR:-/var/backups/mizan}
keep_days=${MIZAN_BACKUP_KEEP_DAYS:-30}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dest"

case "$url" in
    postgres://* | postgresql://*)
        file="$dest/mizan-$stamp.dump"
        [ -e "$file" ] && { echo "backup.sh: $file exists already, not overwritten" >&2; exit 1; }
        # Written under a temporary name and renamed once complete: a failed dump leaves no
        # file that looks like a backup.
        pg_dump --format=custom --file="$file.partial" "$url"
        mv "$file.partial" "$file"
        echo "PostgreSQL database dumped with pg_dump --format=custom"
        ;;
    *)
        db=${url#sqlite://}
        [ -f "$db" ] || { echo "backup.sh: no SQLite database at $db" >&2; exit 1; }
        file="$dest/mizan-$stamp.sqlite"
        [ -e "$file" ] && { echo "backup.sh: $file exists already, not overwritten" >&2; exit 1; }
        # VACUUM INTO reads the database in one read transaction: a consistent copy while the
        # app servers keep writing (WAL), compacted. SQL string literal: double any quote.
        target=${file}.partial
        quoted=${target//\'/\'\'}
        if command -v sqlite3 >/dev/null 2>&1; then
            sqlite3 "$db" "VACUUM INTO '$quoted'"
        else
            python3 - "$db" "$target" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("VACUUM INTO ?", (sys.argv[2],))
con.close()
EOF
        fi
        mv "$target" "$file"
        echo "SQLite database $db copied with VACUUM INTO"
        ;;
esac

if [ "$keep_days" != 0 ]; then
    find "$dest" -maxdepth 1 -name 'mizan-*' -mtime +"$keep_days" -print -delete |
        sed 's/^/removed old backup: /'
fi
echo "backup written ($(du -h "$file" | cut -f1)):"
echo "$file"
