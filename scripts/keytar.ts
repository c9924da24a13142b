// Whether keytar (the console's access to the OS keychain) is installed. It is an optional
// dependency so that a server-only install needs no libsecret; npm ci drops it without a word when
// it cannot be built, so the console's own scripts check before starting or packaging without it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const KEYTAR_MISSING = `keytar (the console's access to the OS keychain) is not installed, so the console could not keep
admins signed in.

Why: keytar is an optional dependency (the server does not use it), and npm ci skips it without
saying so when it cannot be built. On Linux, building it needs libsecret-1-dev (and python3, make, g++).

What to do: install what it needs, then run npm ci again (README, "Installing").`

export function keytarInstalled(): boolean {
  return existsSync(fileURLToPath(new URL('../node_modules/keytar/package.json', import.meta.url)))
}
