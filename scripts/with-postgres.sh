#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temporary folder, started on a
# free port of 127.0.0.1, one database with pg_trgm, and TEXTUP_TEST_POSTGRES_URL naming it; the
# cluster is deleted when the command ends. As root, the cluster runs as the unprivileged user
# "postgres". Needs Debian's postgresql package (or initdb/pg_ctl on PATH). The work is done by
# scripts/with-postgres.ts, with the helper the tests use for a cluster of their own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/node_modules/.bin/tsx" "$root/scripts/with-postgres.ts" "$@"
