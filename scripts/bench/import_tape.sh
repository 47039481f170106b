#!/usr/bin/env bash
# The whole `mizan import loans` of a CSV loan tape, stored on SQLite, against polars (or
# pandas) classifying the same file (scripts/bench/classify_tape.py), whole process, alternating
# the two, with /usr/bin/time -v: wall clock and peak RSS of each run, then the medians.
#
#   scripts/bench/import_tape.sh TAPE.csv [RUNS] [ENGINE]
#
# MIZAN (default target/release/mizan) is the binary; PYTHON (default python3) must import
# polars/pandas. Each mizan run gets a fresh SQLite database (migrated and given the registry
# before the timed command), so every run is an institution's first quarter-end, 2023-Q2, for a
# credit institution (every article applies). The tape is read once before timing (warm page
# cache, as a file just uploaded would be).
set -euo pipefail

tape=${1:?usage: import_tape.sh TAPE.csv [RUNS] [ENGINE]}
runs=${2:-5}
engine=${3:-polars}
root=$(cd "$(dirname "$0")/../.." && pwd)
mizan=${MIZAN:-$root/target/release/mizan}
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/registry.csv" <<'EOF'
code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group
CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,
EOF
cat "$tape" >/dev/null

# "wall seconds peak_MB" of a /usr/bin/time -v report.
measure() {
    awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
         /Maximum resident set size/ { kb = $NF }
         END { printf "%.3f %.1f\n", s, kb / 1024 }' "$1"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$work/mizan.txt"
: >"$work/alt.txt"
for run in $(seq 1 "$runs"); do
    db="$work/run-$run.sqlite"
    (cd "$root" && "$mizan" --database-url "$db" import institutions "$work/registry.csv" >/dev/null)
    (cd "$root" && /usr/bin/time -v -o "$work/time.txt" \
        "$mizan" --database-url "$db" import loans --institution CI01 --period 2023-Q2 "$tape" \
        >"$work/out.txt")
    grep -q "stored as loan tape version 1" "$work/out.txt" || { cat "$work/out.txt"; exit 1; }
    m=$(measure "$work/time.txt")
    echo "$m" >>"$work/mizan.txt"
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -v -o "$work/time.txt" "$python" "$root/scripts/bench/classify_tape.py" "$tape" "$engine" >"$work/alt-out.txt"
    a=$(measure "$work/time.txt")
    echo "$a" >>"$work/alt.txt"
    echo "run $run: mizan $m | $engine $a ($(cat "$work/alt-out.txt"))"
done
mw=$(cut -d' ' -f1 "$work/mizan.txt" | median)
mr=$(cut -d' ' -f2 "$work/mizan.txt" | median)
aw=$(cut -d' ' -f1 "$work/alt.txt" | median)
ar=$(cut -d' ' -f2 "$work/alt.txt" | median)
echo "median: mizan import loans ${mw} s, peak ${mr} MB (max $(cut -d' ' -f2 "$work/mizan.txt" | sort -n | tail -1) MB) | $engine ${aw} s, peak ${ar} MB | ratio $(awk -v a="$mw" -v b="$aw" 'BEGIN { printf "%.2f", a / b }')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
