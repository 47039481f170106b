#!/usr/bin/env bash
# Checks that two Mizan databases of the same backend hold the same history — typically a
# database and its copy restored by deploy/restore.sh:
#
#   deploy/compare-databases.sh postgres://…/mizan postgres://…/mizan_restored
#   deploy/compare-databases.sh mizan.sqlite restored.sqlite
#
# Every table of the schema is dumped row by row in a stable order (its key), both sides, and
# the dumps are compared: publications (with their public hash), submissions (ids, institution,
# period, version, file digest), their values, issues and decisions, the original files (by
# SHA-256 of their bytes), the audit log, the registry, periods, accounts, sessions, sign-in
# attempts, mail outbox, loan tapes. The list of tables must match too (a table added by a
# later migration and not listed here is reported), and on PostgreSQL the sequences (the next
# ids). Prints one line per table; exits 1 at the first difference found, after showing it.
# WORKDIR (optional, third argument) keeps the dumps; else a temporary folder is used.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: deploy/compare-databases.sh SOURCE COPY [WORKDIR]
  SOURCE, COPY  two postgres:// URLs, or two SQLite file paths
  WORKDIR       folder for the dumps (kept); default: a temporary folder, removed
Exit status 0 when every table is identical, 1 when one differs, 2 on usage errors.
EOF
}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    usage
    exit 0
fi
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    usage >&2
    exit 2
fi
a=$1
b=$2
if [ $# -eq 3 ]; then
    work=$3
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

backend_of() {
    case "$1" in
        postgres://* | postgresql://*) echo postgres ;;
        *) echo sqlite ;;
    esac
}
backend=$(backend_of "$a")
if [ "$(backend_of "$b")" != "$backend" ]; then
    echo "compare-databases.sh: $a and $b are not of the same backend" >&2
    exit 2
fi

# Table → the columns it is ordered by (its key). source_files is dumped as digests.
tables=(
    "publications:id"
    "publication_submissions:publication_id, submission_id"
    "submissions:id"
    "submission_values:submission_id"
    "submission_issues:id"
    "submission_decisions:id"
    "source_files:sha256"
    "audit_log:id"
    "institutions:id"
    "institution_versions:id"
    "periods:code"
    "users:id"
    "grants:id"
    "sessions:id"
    "login_attempts:id"
    "mail_outbox:id"
    "loan_tapes:id"
    "loan_results:tape_id, chunk"
    "imposed_classes:id"
    "return_drafts:institution_id, period"
    "__diesel_schema_migrations:version"
)

# Runs one query on one database, writing its rows to standard output.
query() {
    local db=$1 sql=$2
    if [ "$backend" = postgres ]; then
        psql "$db" -X -q -v ON_ERROR_STOP=1 -c "COPY ($sql) TO STDOUT"
    else
        # quote mode: each value as an SQL literal, unambiguous (newlines, NULL, blobs).
        sqlite3 -batch -bail "$db" ".mode quote" "$sql"
    fi
}

# The SQL that lists the tables, and that dumps a table in a stable order.
if [ "$backend" = postgres ]; then
    list_tables="SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY 1"
    files_sql="SELECT sha256, length(bytes), encode(sha256(bytes), 'hex') FROM source_files ORDER BY sha256"
else
    list_tables="SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    # sha3() is built into the sqlite3 shell.
    files_sql="SELECT sha256, length(bytes), sha3(bytes) FROM source_files ORDER BY sha256"
fi

dump() {
    local db=$1 out=$2 entry table key
    mkdir -p "$out"
    # sqlite3's quote mode prints names in a list too; strip quotes to compare plain names.
    query "$db" "$list_tables" | tr -d "'" >"$out/_tables"
    for entry in "${tables[@]}"; do
        table=${entry%%:*}
        key=${entry#*:}
        if ! grep -qx "$table" "$out/_tables"; then
            echo "(absent)" >"$out/$table"
        elif [ "$table" = source_files ]; then
            query "$db" "$files_sql" >"$out/$table"
        else
            query "$db" "SELECT * FROM $table ORDER BY $key" >"$out/$table"
        fi
    done
    if [ "$backend" = postgres ]; then
        # The next id of every table: a restored database must go on numbering where it stopped.
        query "$db" "SELECT sequencename, last_value FROM pg_catalog.pg_sequences WHERE schemaname = 'public' ORDER BY 1" >"$out/_sequences"
    fi
}

dump "$a" "$work/source"
dump "$b" "$work/copy"

status=0
report() {
    local name=$1 rows
    rows=$(wc -l <"$work/source/$name")
    if cmp -s "$work/source/$name" "$work/copy/$name"; then
        printf '  %-28s identical (%s lines)\n' "$name" "$rows"
    else
        printf '  %-28s DIFFERENT\n' "$name"
        diff "$work/source/$name" "$work/copy/$name" | head -n 20 | sed 's/^/      /'
        status=1
    fi
}
echo "comparing $a and $b ($backend):"
report _tables
for entry in "${tables[@]}"; do
    report "${entry%%:*}"
done
[ "$backend" = postgres ] && report _sequences
# Tables of the schema this script does not know: a later migration; add them to the list.
while read -r t; do
    known=no
    for entry in "${tables[@]}"; do
        [ "${entry%%:*}" = "$t" ] && known=yes
    done
    if [ "$known" = no ]; then
        echo "  $t: table not compared row by row (add it to deploy/compare-databases.sh)"
        status=1
    fi
done <"$work/source/_tables"

echo "publications (id, period, revision, public_sha256), source then copy:"
query "$a" "SELECT id, period, revision, public_sha256 FROM publications ORDER BY id" | sed 's/^/  source: /'
query "$b" "SELECT id, period, revision, public_sha256 FROM publications ORDER BY id" | sed 's/^/  copy:   /'
if [ $status -eq 0 ]; then
    echo "IDENTICAL: every table compared holds the same rows"
else
    echo "DIFFERENT: see above"
fi
exit $status
