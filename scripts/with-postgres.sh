#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temporary folder, started on a
# free port of 127.0.0.1 (and a socket in that folder), one database with pg_trgm, and
# TEXTUP_TEST_POSTGRES_URL naming it. The cluster is stopped and deleted when the command ends,
# whatever its outcome. As root, the cluster runs as the unprivileged user "postgres" (PostgreSQL
# refuses to run as root). Needs Debian's postgresql package (or initdb/pg_ctl on PATH).
set -euo pipefail

# Debian's own folder first: its initdb, pg_ctl, postgres and psql belong together.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] && command -v pg_ctl >/dev/null; then bin=$(dirname "$(command -v pg_ctl)"); fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/psql" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql postgresql-contrib)." >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/textup-pg-XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U textup -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests open and close many connections at once (two workers, several servers each).
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off" start >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U textup -d postgres -c 'create database textup_test' \
  -c '\c textup_test' -c 'create extension pg_trgm' >/dev/null

export TEXTUP_TEST_POSTGRES_URL="postgres://textup@127.0.0.1:$port/textup_test"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
