#!/usr/bin/env bash
# `npm run docs:screenshots`: retakes every picture in docs/user-guide.md from the current build.
# The user guide's keyboard-only runs take them as they go (DOCS_SCREENSHOTS=1; see
# test/helpers/guide-screenshots.ts): the browser pages (test/e2e/guide-keyboard.spec.ts) and the
# console (test/console/guide-keyboard.spec.ts). The console's keychain needs a Secret Service:
# as in scripts/test.sh, when none is running this re-runs itself inside a private D-Bus session
# with an unlocked gnome-keyring whose files live in a throwaway folder.
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

npm run build --silent
# Old pictures go first: a screen the guide no longer shows must not linger in docs/images.
rm -f docs/images/*.png
# One time zone and language for the dates and words in the pictures, whatever the machine's.
export DOCS_SCREENSHOTS=1 TZ=UTC LANG=en_US.UTF-8 LANGUAGE=en_US
npx playwright test test/e2e/guide-keyboard.spec.ts test/console/guide-keyboard.spec.ts
echo "Pictures saved in docs/images/: $(ls docs/images/*.png | wc -l)"
