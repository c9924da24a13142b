// What the console's handlers are given: the Electron-specific pieces (native dialogs, the keychain,
// the preferences file) and IT's machine policy. Its own module so the handler modules can share it
// without importing each other.
import type { PreferencesFile, TokenStore } from './credentials'
import type { EmbeddedServer } from './embedded-server'
import type { ConsoleLanguage } from './language'
import type { NativeUi } from './native-ui'

/** What IT decided for this machine (see machine-config.ts). */
export interface ServerPolicy {
  /** The organisation's server address, if IT set one. */
  serverUrl: string | undefined
  /** The admin may not sign in to any other server. */
  serverLocked: boolean
}

export interface ConsoleDeps {
  ui: NativeUi
  /** The keychain, or the reason it cannot be used (a sentence's end, in the console's language). */
  tokens: TokenStore | { unavailable: string }
  preferences: PreferencesFile
  /** The console's language: of every message here, and asked of the server at every request. */
  language: ConsoleLanguage
  policy: ServerPolicy
  embedded: EmbeddedServer | null
  /** Problems found at start (an invalid machine configuration, say) to show the admin, in the console's language. */
  notices: string[]
  platform: NodeJS.Platform
}
