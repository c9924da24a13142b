#!/usr/bin/env bash
# `npm test`: every check and test suite. The console's keychain tests need a real Secret Service:
# when none is running, this re-runs itself inside a private D-Bus session with an unlocked
# gnome-keyring whose files live in a throwaway folder (never the user's own keyring).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEXTUP_TEST_BUS:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export TEXTUP_TEST_BUS=1
  exec dbus-run-session -- bash "$0" "$@"
fi
if [ "${TEXTUP_TEST_BUS:-}" = 1 ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  printf 'textup-test' | HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi

npm run lint
npm run typecheck
npm run build --silent
npm run scan:electron --silent
npm run audit --silent
npx vitest run
# The suites that touch the database, again on PostgreSQL (a throwaway cluster, vitest.config.ts).
bash scripts/with-postgres.sh npx vitest run
npx playwright test
