// The OS keychain for the console's tests: the real keytar on a real Secret Service. `npm test`
// (scripts/test.sh) starts one in a private D-Bus session; without one the tests that need it
// fail with this explanation instead of being skipped.
import { randomUUID } from 'node:crypto'
import { KEYCHAIN_SERVICE, loadSystemKeychain, type Keychain } from '../../src-main/credentials'

const NO_SECRET_SERVICE =
  'No Secret Service answered (the OS keychain keytar uses on Linux). Run the tests with `npm test`, which starts one, or inside ' +
  "`dbus-run-session -- bash -c 'printf pw | HOME=$(mktemp -d) gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/main'`"

/** The system keychain, checked to answer: a missing Secret Service fails here with a clear message. */
export async function systemKeychain(): Promise<Keychain> {
  const keychain = await loadSystemKeychain()
  const probe = `probe ${randomUUID()}`
  try {
    await keychain.setPassword(KEYCHAIN_SERVICE, probe, 'probe')
    await keychain.deletePassword(KEYCHAIN_SERVICE, probe)
  } catch (error) {
    throw new Error(`${NO_SECRET_SERVICE}\n(${String(error)})`)
  }
  return keychain
}
