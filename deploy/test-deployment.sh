#!/usr/bin/env bash
# Deployment test: the shipped deploy/ pieces run together on this machine, as in production.
#
#   1. a fresh PostgreSQL database, migrated, with the fixture (registry, 2016-Q1 returns
#      accepted and published, a member, a second member, a staff account);
#   2. two app servers (`mizan serve`) on that database, with the same session key, the proxy
#      trusted (server.trusted_proxies), Secure cookies;
#   3. nginx with deploy/nginx.conf (TLS with a self-signed certificate made here; only the
#      listen ports, certificate paths and upstream servers are substituted);
#   4. a member's journey through the proxy (sign in, upload, see the return listed); both app
#      servers served requests; the session made through the proxy works on each server alone;
#   5. 50 concurrent uploads of distinct returns through the proxy while one app server is
#      killed (SIGKILL) and restarted: every upload answered 200 is stored exactly once; the
#      others are resent and are then stored exactly once;
#   6. the sign-in throttle holds across servers (5 wrong passwords through the proxy, then the
#      right one is refused through the proxy and by each server directly);
#   7. backup (deploy/backup.sh), restore into a fresh database (deploy/restore.sh) and
#      comparison (deploy/compare-databases.sh).
#
# usage: deploy/test-deployment.sh [MIZAN_BINARY]
#   MIZAN_BINARY      default: $MIZAN_BIN, else target/debug/mizan, else target/release/mizan
#   PGURL             the server's maintenance database (default postgres://postgres@127.0.0.1:5432/postgres)
#   KEEP_WORKDIR=1    keep the temporary folder (logs, answers, dumps) even when the test passes
#   8. the same backup, restore and comparison for an SQLite database (VACUUM INTO).
# Needs: psql, createdb, dropdb, pg_dump, pg_restore, nginx, openssl, curl, python3 (free
# ports), sqlite3.
# Exit status 0 when every check passed. Everything started is stopped, and the databases
# created are dropped, on exit (trap).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
bin=${1:-${MIZAN_BIN:-}}
if [ -z "$bin" ]; then
    for b in "$repo/target/debug/mizan" "$repo/target/release/mizan"; do
        [ -x "$b" ] && { bin=$b; break; }
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "test-deployment.sh: no mizan binary (give its path)" >&2
    exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
for tool in psql createdb dropdb pg_dump pg_restore nginx openssl curl python3 sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "test-deployment.sh: $tool is missing" >&2; exit 2; }
done

pg_admin=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_base=${pg_admin%/*}
db_name="mizan_deploy_test_$$"
db_restored="${db_name}_restored"
db_url="$pg_base/$db_name"
restored_url="$pg_base/$db_restored"

work=$(mktemp -d /tmp/mizan-deploy-test.XXXXXX)
# nginx's worker processes (an unprivileged user when run as root) walk into this folder.
chmod 755 "$work"
mkdir -p "$work/nginx/logs" "$work/nginx/tmp" "$work/uploads" "$work/answers" "$work/backup"

# ---------------------------------------------------------------------------------------------
# Cleaning up: whatever happens, stop what was started and drop the databases made.
server_pids=()
nginx_pid=""
passed=no
cleanup() {
    local pid
    for pid in "${server_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ -n "$nginx_pid" ]; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
    fi
    for pid in "${server_pids[@]}" $nginx_pid; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    dropdb --if-exists "--maintenance-db=$pg_admin" "$db_name" 2>/dev/null || true
    dropdb --if-exists "--maintenance-db=$pg_admin" "$db_restored" 2>/dev/null || true
    if [ "$passed" = yes ] && [ "${KEEP_WORKDIR:-0}" != 1 ]; then
        rm -rf "$work"
    else
        echo "work folder kept: $work (server logs, nginx logs, answers)"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# Four free TCP ports on 127.0.0.1: two app servers, nginx's HTTPS and HTTP listeners.
read -r port1 port2 https_port http_port < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
EOF
)
proxy="https://127.0.0.1:$https_port"

# The settings of every mizan command of this test: environment only, nothing written to the
# repository. A random session key and passwords, made for this run.
export MIZAN_DATABASE_URL=$db_url
export MIZAN_CONFIG_DIR=$repo/config
export MIZAN__SERVER__SESSION_KEY
MIZAN__SERVER__SESSION_KEY=$(openssl rand -base64 64 | tr -d '\n')
export MIZAN__SERVER__TRUSTED_PROXIES='["127.0.0.1"]'
export MIZAN__SERVER__SECURE_COOKIES=true
export MIZAN__SERVER__SHUTDOWN_TIMEOUT_SECS=5
export MIZAN_LOG_FORMAT=json
export MIZAN_LOG='warn,mizan_web::request=info'
password=$(openssl rand -hex 12)

# ---------------------------------------------------------------------------------------------
step "1. database $db_name: migrate, fixture, publish 2016-Q1"
createdb "--maintenance-db=$pg_admin" "$db_name"
"$bin" migrate >"$work/migrate.log"
"$bin" --lang en import institutions "$repo/tests/data/apsfd-ci-2016q1/institutions.csv" >"$work/import.log"
"$bin" --lang en import returns "$repo/tests/data/apsfd-ci-2016q1/returns.csv" >>"$work/import.log"
grep -q "21 stored, 0 refused" "$work/import.log" || fail "fixture returns not imported (see $work/import.log)"
MIZAN_PASSWORD=$password "$bin" user add sa01 --role member --institution SA01 >/dev/null
MIZAN_PASSWORD=$password "$bin" user add mu01 --role member --institution MU01 >/dev/null
MIZAN_PASSWORD=$password "$bin" user add chef --role staff >/dev/null
"$bin" returns accept --period 2016-Q1 >"$work/accept.log" 2>&1
"$bin" publish --period 2016-Q1 --confirm --note "deployment test" >"$work/publish.log" 2>&1
pub_hash=$(psql "$db_url" -X -At -c "SELECT public_sha256 FROM publications WHERE period = '2016-Q1'")
[ -n "$pub_hash" ] || fail "2016-Q1 not published (see $work/publish.log)"
echo "fixture loaded: 33 institutions, 21 returns accepted, 2016-Q1 published ($pub_hash); accounts sa01, mu01 (members), chef (staff)"

# ---------------------------------------------------------------------------------------------
# App server N (1 or 2) started in the background, its log in $work/serverN-RUN.log.
start_server() {
    local n=$1 port=$2 run=$3
    "$bin" serve --bind "127.0.0.1:$port" >"$work/server$n-$run.out" 2>"$work/server$n-$run.log" &
    server_pids[n]=$!
}
wait_ready() {
    local url=$1
    for _ in $(seq 1 100); do
        [ "$(curl -s "$url/readyz" 2>/dev/null)" = ready ] && return 0
        sleep 0.1
    done
    fail "$url/readyz never answered ready"
}
# Request lines logged by a server (one per request, mizan_web::request at info).
requests_in() { { grep -c 'mizan_web::request' "$@" 2>/dev/null || true; } | awk -F: '{s += $NF} END {print s + 0}'; }

step "2. two app servers on 127.0.0.1:$port1 and 127.0.0.1:$port2"
start_server 1 "$port1" a
start_server 2 "$port2" a
wait_ready "http://127.0.0.1:$port1"
wait_ready "http://127.0.0.1:$port2"
echo "both ready (pids ${server_pids[1]}, ${server_pids[2]})"

# ---------------------------------------------------------------------------------------------
step "3. nginx with deploy/nginx.conf on https://127.0.0.1:$https_port"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
    -keyout "$work/nginx/privkey.pem" -out "$work/nginx/fullchain.pem" 2>/dev/null
# The shipped file, with only addresses and paths substituted.
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$port1;\n    server 127.0.0.1:$port2;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|/etc/ssl/mizan/|$work/nginx/|" \
    "$repo/deploy/nginx.conf" >"$work/nginx/mizan.conf"
grep -q "127.0.0.1:$port2" "$work/nginx/mizan.conf" || fail "upstream substitution failed"
# The main configuration that includes it (what /etc/nginx/nginx.conf does), with its own
# pid file, logs and temporary folders.
cat >"$work/nginx/nginx.conf" <<EOF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
worker_processes 1;
events { worker_connections 512; }
http {
    access_log $work/nginx/logs/access.log;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/mizan.conf;
}
EOF
nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/logs/test.log" ||
    fail "nginx -t: $(cat "$work/nginx/logs/test.log")"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>>"$work/nginx/logs/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
    [ "$(curl -sk "$proxy/readyz" 2>/dev/null)" = ready ] && break
    sleep 0.1
done
[ "$(curl -sk "$proxy/readyz")" = ready ] || fail "nginx does not proxy /readyz"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/")" = 301 ] ||
    fail "the plain HTTP listener does not redirect"
echo "nginx up (pid $nginx_pid): /readyz answers through TLS, port $http_port redirects to HTTPS"

# ---------------------------------------------------------------------------------------------
# Sign-in helpers. nginx limits /login to 10 requests a minute per address (burst 5): a 503
# from it on /login is waited out (6 s a token) and counted (a line in a file: the helpers run
# in command substitutions, whose variables do not reach this shell).
: >"$work/nginx-login-503"
csrf_in() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'; }
# proxy_get_login JAR → the CSRF token of the sign-in form (its cookie kept in JAR)
proxy_get_login() {
    local jar=$1 code
    for _ in $(seq 1 8); do
        code=$(curl -sk -c "$jar" -b "$jar" -o "$work/login.html" -w '%{http_code}' "$proxy/login")
        [ "$code" = 503 ] || break
        echo 503 >>"$work/nginx-login-503"
        sleep 6
    done
    [ "$code" = 200 ] || fail "GET /login through the proxy: $code"
    csrf_in "$work/login.html"
}
# proxy_post_login JAR CSRF USER PASSWORD → the status of the answer
proxy_post_login() {
    local jar=$1 csrf=$2 user=$3 pass=$4 code
    for _ in $(seq 1 8); do
        code=$(curl -sk -c "$jar" -b "$jar" -o "$work/login-answer.html" -w '%{http_code}' \
            --data-urlencode "csrf=$csrf" --data-urlencode "username=$user" \
            --data-urlencode "password=$pass" --data-urlencode "next=/" "$proxy/login")
        [ "$code" = 503 ] || break
        echo 503 >>"$work/nginx-login-503"
        sleep 6
    done
    echo "$code"
}
# direct_login PORT USER PASSWORD → the status of a sign-in sent straight to an app server
# (plain HTTP: the Secure CSRF cookie is carried by hand).
direct_login() {
    local port=$1 user=$2 pass=$3 cookie csrf
    curl -s -D "$work/direct-headers" -o "$work/direct-login.html" "http://127.0.0.1:$port/login"
    cookie=$(grep -i '^set-cookie: mizan_csrf=' "$work/direct-headers" | head -n 1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
    csrf=$(csrf_in "$work/direct-login.html")
    curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" \
        --data-urlencode "csrf=$csrf" --data-urlencode "username=$user" \
        --data-urlencode "password=$pass" --data-urlencode "next=/" "http://127.0.0.1:$port/login"
}
# The value of the session cookie in a jar.
session_cookie() { awk '$6 == "mizan_session" {print "mizan_session=" $7}' "$1"; }

step "4. a member's journey through the proxy"
jar_member=$work/member.jar
csrf=$(proxy_get_login "$jar_member")
code=$(proxy_post_login "$jar_member" "$csrf" sa01 "$password")
[ "$code" = 303 ] || fail "sign-in of sa01 through the proxy: $code"
curl -sk -b "$jar_member" -o "$work/upload-page.html" "$proxy/space/upload"
csrf=$(csrf_in "$work/upload-page.html")
[ -n "$csrf" ] || fail "no CSRF token on /space/upload"
printf 'institution,period,item,value\nSA01,2016-Q2,loans.outstanding,1934567\nSA01,2016-Q2,loans.par30,91728\n' >"$work/sa01-2016q2.csv"
code=$(curl -sk -b "$jar_member" -o "$work/member-upload.html" -w '%{http_code}' \
    -F "csrf=$csrf" -F "file=@$work/sa01-2016q2.csv" "$proxy/space/upload")
[ "$code" = 200 ] || fail "member's upload: $code"
grep -q 'Enregistré : version 1' "$work/member-upload.html" || fail "member's upload not stored (see $work/member-upload.html)"
curl -sk -b "$jar_member" -o "$work/space.html" "$proxy/space"
grep -q 'T2 2016' "$work/space.html" || fail "the member's page does not list 2016-Q2"
echo "sa01 signed in, uploaded SA01 2016-Q2 (stored: version 1), and /space lists it"
# The session made through the proxy, sent straight to each app server.
cookie=$(session_cookie "$jar_member")
[ -n "$cookie" ] || fail "no session cookie in the jar"
for port in "$port1" "$port2"; do
    code=$(curl -s -o "$work/space-direct-$port.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/space")
    if [ "$code" != 200 ] || ! grep -q 'T2 2016' "$work/space-direct-$port.html"; then
        fail "the session does not work on 127.0.0.1:$port ($code)"
    fi
done
# Load-balanced: a few more pages, then each server's request log.
for _ in $(seq 1 10); do curl -sk -o /dev/null -b "$jar_member" "$proxy/space"; done
req1=$(requests_in "$work/server1-a.log")
req2=$(requests_in "$work/server2-a.log")
if [ "$req1" -le 1 ] || [ "$req2" -le 1 ]; then
    fail "one server served nothing (server 1: $req1, server 2: $req2 requests)"
fi
echo "the session works on each app server alone; requests logged: server 1 $req1, server 2 $req2"

# ---------------------------------------------------------------------------------------------
step "5. 50 concurrent uploads through the proxy, app server 1 killed (SIGKILL) and restarted"
jar_staff=$work/staff.jar
csrf=$(proxy_get_login "$jar_staff")
code=$(proxy_post_login "$jar_staff" "$csrf" chef "$password")
[ "$code" = 303 ] || fail "sign-in of chef through the proxy: $code"
curl -sk -b "$jar_staff" -o "$work/staff-upload-page.html" "$proxy/space/upload"
staff_csrf=$(csrf_in "$work/staff-upload-page.html")
[ -n "$staff_csrf" ] || fail "no CSRF token on the staff's upload page"
# 50 distinct returns, each a whole return of the fixture (about 75 items) moved to a new
# quarter: the 21 institutions of the fixture for 2016-Q3, again for 2016-Q4, 8 for 2017-Q1.
fixture=$repo/tests/data/apsfd-ci-2016q1/returns.csv
mapfile -t codes < <(tail -n +2 "$fixture" | cut -d, -f1 | sort -u)
uploads=50
quarters=(2016-Q3 2016-Q4 2017-Q1)
for i in $(seq 0 $((uploads - 1))); do
    inst=${codes[i % ${#codes[@]}]}
    period=${quarters[i / ${#codes[@]}]}
    { head -n 1 "$fixture"; grep "^$inst,2016-Q1," "$fixture" | sed "s/,2016-Q1,/,$period,/"; } >"$work/uploads/r$i.csv"
done
upload() { # upload I SUFFIX: sends r$I.csv, writes the status (000: no answer) to answers/
    local i=$1 suffix=$2
    curl -sk -b "$jar_staff" -o "$work/answers/r$i.$suffix.html" -w '%{http_code}' --max-time 60 \
        -F "csrf=$staff_csrf" -F "file=@$work/uploads/r$i.csv" "$proxy/space/upload" \
        >"$work/answers/r$i.$suffix.code" 2>/dev/null || true
}
upload_pids=()
# Wave 1: 30 uploads at once (about half of them go to server 1). As soon as server 1 has
# answered its first uploads — the others are then in flight on it — it is killed.
for i in $(seq 0 29); do
    upload "$i" first &
    upload_pids+=($!)
done
uploads_logged_1() { { grep -c '"method":"POST","path":"/space/upload"' "$work/server1-a.log" || true; }; }
for _ in $(seq 1 100); do
    [ "$(uploads_logged_1)" -ge 2 ] && break
    sleep 0.03
done
kill -9 "${server_pids[1]}"
killed_at=$(date -u +%T.%N)
wait "${server_pids[1]}" 2>/dev/null || true
answered_before_kill=$(find "$work/answers" -name '*.first.code' -size +0 | wc -l)
uploads_by_1=$(uploads_logged_1)
# Wave 2: the other 20, spread over a second, while server 1 is down and restarting.
for i in $(seq 30 $((uploads - 1))); do
    (sleep "$(printf '0.%02d' $(((i - 30) * 5)))"; upload "$i" first) &
    upload_pids+=($!)
done
start_server 1 "$port1" b
wait_ready "http://127.0.0.1:$port1"
echo "server 1 killed at $killed_at, when it had answered $uploads_by_1 upload(s) and $answered_before_kill of the 50 had their answer; restarted (pid ${server_pids[1]})"
for pid in "${upload_pids[@]}"; do wait "$pid" || true; done
# nginx's view of the kill: uploads cut while in flight on server 1, connections refused while
# it was down (those nginx passes on to server 2: nothing of the request was sent yet).
cut_in_flight=$({ grep -cE 'prematurely closed|reset by peer' "$work/nginx/logs/error.log" || true; })
refused_conn=$({ grep -c 'connect() failed' "$work/nginx/logs/error.log" || true; })
echo "nginx error log: $cut_in_flight upstream connection(s) cut in flight, $refused_conn connection(s) refused (retried on server 2)"

# What the database holds: the number of submissions of each file (by the SHA-256 of its bytes).
stored_counts() {
    psql "$db_url" -X -At -F ' ' -c \
        "SELECT source_sha256, count(*) FROM submissions WHERE period IN ('2016-Q3', '2016-Q4', '2017-Q1') GROUP BY 1" >"$work/stored.txt"
}
count_of() { awk -v h="$1" '$1 == h {print $2; f = 1} END {if (!f) print 0}' "$work/stored.txt"; }
stored_counts
acknowledged=0
failed=()
declare -A first_status=()
for i in $(seq 0 $((uploads - 1))); do
    code=$(cat "$work/answers/r$i.first.code" 2>/dev/null || echo 000)
    first_status[$code]=$((${first_status[$code]:-0} + 1))
    hash=$(sha256sum "$work/uploads/r$i.csv" | cut -d' ' -f1)
    n=$(count_of "$hash")
    if [ "$code" = 200 ]; then
        acknowledged=$((acknowledged + 1))
        [ "$n" = 1 ] || fail "upload r$i was answered 200 but is stored $n times"
    else
        [ "$n" -le 1 ] || fail "upload r$i ($code) is stored $n times"
        failed+=("$i")
    fi
done
stored_first=$(awk '{s += $2} END {print s + 0}' "$work/stored.txt")
failed_but_stored=0
for i in "${failed[@]}"; do
    [ "$(count_of "$(sha256sum "$work/uploads/r$i.csv" | cut -d' ' -f1)")" = 1 ] && failed_but_stored=$((failed_but_stored + 1))
done
statuses=$(for k in "${!first_status[@]}"; do echo "$k: ${first_status[$k]}"; done | sort | paste -sd, -)
echo "first round: $acknowledged acknowledged (200), ${#failed[@]} refused or failed; answers by status {$statuses}"
echo "stored: $stored_first submissions of 2016-Q3 to 2017-Q1; every acknowledged upload stored exactly once; $failed_but_stored of the failed ones were stored although not acknowledged"

# Resend those that got no 200, one at a time, then check again.
resent_ok=0
for i in "${failed[@]}"; do
    upload "$i" resent
    code=$(cat "$work/answers/r$i.resent.code")
    [ "$code" = 200 ] || fail "resending r$i: $code"
    resent_ok=$((resent_ok + 1))
done
stored_counts
for i in $(seq 0 $((uploads - 1))); do
    n=$(count_of "$(sha256sum "$work/uploads/r$i.csv" | cut -d' ' -f1)")
    [ "$n" = 1 ] || fail "after resending, r$i is stored $n times"
done
stored_final=$(awk '{s += $2} END {print s + 0}' "$work/stored.txt")
[ "$stored_final" = "$uploads" ] || fail "$stored_final submissions of 2016-Q3 to 2017-Q1 stored, $uploads expected"
# Versions: each institution's quarter has exactly version 1 (none doubled, none lost).
dup_versions=$(psql "$db_url" -X -At -c "SELECT count(*) FROM submissions WHERE period IN ('2016-Q3', '2016-Q4', '2017-Q1') AND version <> 1")
[ "$dup_versions" = 0 ] || fail "$dup_versions submissions of 2016-Q3 to 2017-Q1 are not version 1"
req1b=$(requests_in "$work/server1-b.log")
echo "resent: ${#failed[@]}, each answered 200; stored now: $stored_final, each file exactly once, all version 1"
echo "requests logged: server 1 before the kill $(requests_in "$work/server1-a.log"), after its restart $req1b; server 2 $(requests_in "$work/server2-a.log")"

# ---------------------------------------------------------------------------------------------
step "6. the sign-in throttle across servers (account mu01)"
jar_t=$work/throttle.jar
csrf=$(proxy_get_login "$jar_t")
wrong_codes=()
for _ in 1 2 3 4 5; do
    wrong_codes+=("$(proxy_post_login "$jar_t" "$csrf" mu01 "not-the-password")")
done
right_proxy=$(proxy_post_login "$jar_t" "$csrf" mu01 "$password")
right_1=$(direct_login "$port1" mu01 "$password")
right_2=$(direct_login "$port2" mu01 "$password")
echo "5 wrong passwords through the proxy: ${wrong_codes[*]}; then the right one: proxy $right_proxy, server 1 $right_1, server 2 $right_2 (429: throttled)"
if [ "$right_proxy" != 429 ] || [ "$right_1" != 429 ] || [ "$right_2" != 429 ]; then
    fail "the throttle does not hold across servers"
fi
attempts=$(psql "$db_url" -X -At -c "SELECT count(*) FROM login_attempts WHERE username = 'mu01' AND success = 0")
echo "failures recorded in the database (login_attempts): $attempts; nginx's own /login limit answered 503 $(wc -l <"$work/nginx-login-503") time(s) (waited out)"

# ---------------------------------------------------------------------------------------------
step "7. backup, restore into a fresh database, comparison"
# The servers and nginx are stopped first (SIGTERM: graceful), so that nothing changes the
# source between the backup and the comparison; backup.sh itself is safe on a running database.
kill "${server_pids[1]}" "${server_pids[2]}"
kill -QUIT "$nginx_pid"
wait "${server_pids[1]}" "${server_pids[2]}" "$nginx_pid" 2>/dev/null || true
backup_out=$(MIZAN_BACKUP_DIR=$work/backup MIZAN_BACKUP_KEEP_DAYS=0 "$repo/deploy/backup.sh")
echo "$backup_out"
backup_file=$(tail -n 1 <<<"$backup_out")
createdb "--maintenance-db=$pg_admin" "$db_restored"
"$repo/deploy/restore.sh" "$backup_file" "$restored_url"
if "$repo/deploy/restore.sh" "$backup_file" "$restored_url" 2>"$work/restore-again.log"; then
    fail "restore.sh restored over a non-empty database"
fi
echo "restore.sh refuses a second restore over it: $(cat "$work/restore-again.log")"
"$repo/deploy/compare-databases.sh" "$db_url" "$restored_url" "$work/compare" | tee "$work/compare.log"
counts=$(psql "$restored_url" -X -At -F / -c "SELECT (SELECT count(*) FROM publications), (SELECT count(*) FROM submissions), (SELECT count(*) FROM submission_values), (SELECT count(*) FROM audit_log)")

# ---------------------------------------------------------------------------------------------
step "8. SQLite: fixture, backup (VACUUM INTO), restore, comparison"
mkdir -p "$work/sqlite"
sqlite_db=$work/sqlite/mizan.sqlite
(
    export MIZAN_DATABASE_URL=$sqlite_db
    "$bin" migrate
    "$bin" import institutions "$repo/tests/data/apsfd-ci-2016q1/institutions.csv"
    "$bin" import returns "$repo/tests/data/apsfd-ci-2016q1/returns.csv"
    "$bin" returns accept --period 2016-Q1
    "$bin" publish --period 2016-Q1 --confirm --note "deployment test"
) >"$work/sqlite/fixture.log" 2>&1 || fail "SQLite fixture (see $work/sqlite/fixture.log)"
sqlite_out=$(MIZAN_DATABASE_URL=$sqlite_db MIZAN_BACKUP_DIR=$work/sqlite/backup MIZAN_BACKUP_KEEP_DAYS=0 "$repo/deploy/backup.sh")
echo "$sqlite_out"
"$repo/deploy/restore.sh" "$(tail -n 1 <<<"$sqlite_out")" "$work/sqlite/restored.sqlite"
if "$repo/deploy/restore.sh" "$(tail -n 1 <<<"$sqlite_out")" "$work/sqlite/restored.sqlite" 2>/dev/null; then
    fail "restore.sh restored over a non-empty SQLite file"
fi
"$repo/deploy/compare-databases.sh" "$sqlite_db" "$work/sqlite/restored.sqlite" >"$work/sqlite/compare.log"
tail -n 3 "$work/sqlite/compare.log"
sqlite_counts=$(sqlite3 "$work/sqlite/restored.sqlite" "SELECT (SELECT count(*) FROM publications) || '/' || (SELECT count(*) FROM submissions) || '/' || (SELECT count(*) FROM submission_values) || '/' || (SELECT count(*) FROM audit_log)")

passed=yes
cat <<EOF

== SUMMARY: deployment test passed
  database            $db_name (PostgreSQL), 2 app servers (:$port1, :$port2), nginx TLS :$https_port
  member's journey    sign-in, upload, listing through nginx; session valid on both servers
  requests logged     server 1 $(requests_in "$work"/server1-*.log) (incl. after restart $req1b), server 2 $(requests_in "$work/server2-a.log")
  kill -9 of server 1 after $answered_before_kill answers: nginx saw $cut_in_flight upload(s) cut in flight, $refused_conn refused connection(s)
  50 uploads          acknowledged $acknowledged, refused or failed ${#failed[@]} ($statuses),
                      stored after first round $stored_first ($failed_but_stored unacknowledged but stored),
                      resent ${#failed[@]} (all 200), stored at the end $stored_final, each exactly once
  throttle            right password after 5 failures: proxy $right_proxy, server 1 $right_1, server 2 $right_2
                      (nginx's limit_req on /login answered 503 $(wc -l <"$work/nginx-login-503") time(s), waited out)
  restore             publications/submissions/values/audit rows: $counts, identical to the source
                      2016-Q1 public_sha256 $pub_hash
  restore (SQLite)    publications/submissions/values/audit rows: $sqlite_counts, identical to the source
EOF
