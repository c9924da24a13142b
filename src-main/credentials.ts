// Where the console keeps what it remembers between starts. The session token ("Keep me signed
// in") goes only into the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
// Service on Linux) through keytar, keyed by server and username. The rest (last server, last
// username, the language the admin chose for the console) is not secret and lives in a small JSON
// file in the app's user-data folder.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { LOCALES, PSEUDO_LOCALE } from '../src-shared/i18n/locales'

export const KEYCHAIN_SERVICE = 'TextUp Console'
/**
 * Device tokens (the server's accounts/devices.ts): proof that this console signed in to the account
 * before, which gives it an allowance of sign-in attempts of its own. Not a credential (it signs no
 * one in), but kept beside the session tokens rather than in a plain file all the same.
 */
export const DEVICE_KEYCHAIN_SERVICE = 'TextUp Console device'

/** The part of keytar the console uses, so tests can run against the real thing or a folder. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export function keychainAccount(serverUrl: string, username: string): string {
  return `${serverUrl} ${username.toLowerCase()}`
}

export class TokenStore {
  constructor(private readonly keychain: Keychain) {}

  save(serverUrl: string, username: string, token: string): Promise<void> {
    return this.keychain.setPassword(KEYCHAIN_SERVICE, keychainAccount(serverUrl, username), token)
  }

  load(serverUrl: string, username: string): Promise<string | null> {
    return this.keychain.getPassword(KEYCHAIN_SERVICE, keychainAccount(serverUrl, username))
  }

  async forget(serverUrl: string, username: string): Promise<void> {
    await this.keychain.deletePassword(KEYCHAIN_SERVICE, keychainAccount(serverUrl, username))
  }

  saveDeviceToken(serverUrl: string, username: string, token: string): Promise<void> {
    return this.keychain.setPassword(DEVICE_KEYCHAIN_SERVICE, keychainAccount(serverUrl, username), token)
  }

  loadDeviceToken(serverUrl: string, username: string): Promise<string | null> {
    return this.keychain.getPassword(DEVICE_KEYCHAIN_SERVICE, keychainAccount(serverUrl, username))
  }
}

/** Loads keytar lazily: a missing native module or Secret Service must not stop the console. */
export async function loadSystemKeychain(): Promise<Keychain> {
  const keytar = (await import('keytar')) as unknown as Keychain & { default?: Keychain }
  return keytar.default ?? keytar
}

const preferencesSchema = z.object({
  serverUrl: z.string().max(2048).optional(),
  username: z.string().max(256).optional(),
  keepSignedIn: z.boolean().optional(),
  /** The console's language when the admin chose one; none: the system's. One this version does not speak is dropped, not the file. */
  language: z
    .enum([...LOCALES, PSEUDO_LOCALE])
    .optional()
    .catch(() => undefined),
})
export type Preferences = z.infer<typeof preferencesSchema>

export class PreferencesFile {
  readonly file: string
  /** Changes run one after another, so two at once (a sign-in while the language changes) both stay. */
  private updating: Promise<unknown> = Promise.resolve()

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'preferences.json')
  }

  /** The saved preferences; a missing or damaged file counts as none saved. */
  async read(): Promise<Preferences> {
    try {
      const parsed = preferencesSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      return parsed.success ? parsed.data : {}
    } catch {
      return {}
    }
  }

  async write(preferences: Preferences): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    // Written beside and renamed over, so a crash never leaves half a file; a name of its own for
    // each write, so two writes at once (sign-out while a call finds the session ended) never
    // rename each other's file away.
    const temporary = `${this.file}.${randomUUID()}.tmp`
    await writeFile(temporary, JSON.stringify(preferences, null, 2), { mode: 0o600 })
    await rename(temporary, this.file)
  }

  /** Reads, changes and writes the preferences, after any change already under way. */
  update(change: (preferences: Preferences) => Preferences): Promise<Preferences> {
    const run = this.updating.then(async () => {
      const changed = change(await this.read())
      await this.write(changed)
      return changed
    })
    this.updating = run.catch(() => undefined)
    return run
  }
}
