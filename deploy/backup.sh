#!/usr/bin/env bash
# Nightly backup of Mizan's database, kept 30 days.
#   MIZAN_DATABASE_URL=postgres://mizan@localhost/mizan  → pg_dump (custom format)
#   MIZAN_DATABASE_URL=/var/lib/mizan/mizan.sqlite         → SQLite online backup
set -euo pipefail
dest=${MIZAN_BACKUP_DIR:-/var/backups/mizan}
url=${MIZAN_DATABASE_URL:?set MIZAN_DATABASE_URL}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dest"
case "$url" in
    postgres://*|postgresql://*)
        pg_dump --format=custom --file="$dest/mizan-$stamp.dump" "$url"
        ;;
    *)
        sqlite3 "$url" ".backup '$dest/mizan-$stamp.sqlite'"
        ;;
esac
find "$dest" -name 'mizan-*' -mtime +30 -delete
echo "backup written to $dest (mizan-$stamp)"
