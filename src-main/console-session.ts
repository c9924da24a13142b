// The signed-in session of the console's main process: the API client holding the token (which
// never leaves the main process), kept in the keychain with "Keep me signed in", restored at the
// next start, and ended here when it ends on the server.
import type { SessionResponse } from '../src-shared/api'
import type { ConsoleError, Outcome, SignedInAdmin } from '../src-shared/ipc'
import { AdminApiClient } from './api-client'
import type { TokenStore } from './credentials'
import type { ConsoleDeps } from './console-deps'

interface SignedIn {
  client: AdminApiClient
  admin: SignedInAdmin
}

export type ConsoleSession = ReturnType<typeof consoleSession>

export function consoleSession(deps: ConsoleDeps) {
  const t = () => deps.language.t()
  const locale = () => deps.language.locale
  const tokens = 'unavailable' in deps.tokens ? undefined : deps.tokens
  const deviceTokens = keptDeviceTokens(tokens)
  let current: SignedIn | undefined

  async function endLocalSession(session: SignedIn): Promise<void> {
    current = undefined
    if (session.admin.kept && tokens) await tokens.forget(session.admin.serverUrl, session.admin.user.username).catch(() => undefined)
    await deps.preferences.update((preferences) => ({ ...preferences, keepSignedIn: false }))
  }

  async function forgetSavedToken(): Promise<void> {
    const saved = await deps.preferences.read()
    if (tokens && saved.serverUrl && saved.username) await tokens.forget(saved.serverUrl, saved.username).catch(() => undefined)
  }

  return {
    deviceTokens,
    /** The signed-in admin, if any. */
    get admin(): SignedInAdmin | undefined {
      return current?.admin
    },

    /** Runs an API call as the signed-in admin; a session that ended on the server ends here too. */
    async asAdmin<T>(call: (client: AdminApiClient, admin: SignedInAdmin) => Promise<Outcome<T>>): Promise<Outcome<T>> {
      const session = current
      if (!session) return { ok: false, error: { kind: 'signed_out', title: t().t('native.session.signInFirst') } satisfies ConsoleError }
      const result = await call(session.client, session.admin)
      if (!result.ok && result.error.kind === 'signed_out' && current === session) await endLocalSession(session)
      return result
    },

    /** "Keep me signed in" from the last run: the token from the keychain, if the server still takes it. Notices for the admin. */
    async restore(): Promise<string[]> {
      const saved = await deps.preferences.read()
      if (!saved.keepSignedIn || !saved.serverUrl || !saved.username || !tokens) return []
      if (deps.policy.serverLocked && saved.serverUrl !== deps.policy.serverUrl) return []
      const token = await tokens.load(saved.serverUrl, saved.username).catch(() => null)
      if (!token) return []
      const client = new AdminApiClient(saved.serverUrl, { token, locale })
      const session = await client.currentSession()
      if (session.ok) {
        current = {
          client,
          admin: {
            serverUrl: saved.serverUrl,
            user: session.value.user,
            expiresAt: session.value.expiresAt,
            kept: true,
            passwordMinLength: session.value.passwordMinLength,
          },
        }
      } else if (session.error.kind === 'signed_out' || session.error.kind === 'forbidden') {
        await tokens.forget(saved.serverUrl, saved.username).catch(() => undefined)
      } else {
        return [t().t('native.notice.notRestored', { reason: session.error.title })]
      }
      return []
    },

    /** The server gave a session: keep it (and the device token), ending the one it replaces. */
    async start(
      client: AdminApiClient,
      serverUrl: string,
      session: SessionResponse,
      keepSignedIn: boolean,
    ): Promise<Outcome<SignedInAdmin>> {
      await deviceTokens.save(serverUrl, session.user.username, session.deviceToken)
      const about = await client.currentSession()
      if (!about.ok) return about
      // The session this one replaces ends on its server too, and no token of an earlier run is left
      // in the keychain (one that could not be restored at start, say).
      if (current) {
        const previous = current
        await previous.client.signOut().catch(() => undefined)
        await endLocalSession(previous)
      }
      await forgetSavedToken()
      let kept = false
      if (keepSignedIn && tokens) {
        kept = await tokens.save(serverUrl, session.user.username, session.token).then(
          () => true,
          () => false,
        )
      }
      const admin: SignedInAdmin = {
        serverUrl,
        user: session.user,
        expiresAt: session.expiresAt,
        kept,
        passwordMinLength: about.value.passwordMinLength,
      }
      current = { client, admin }
      await deps.preferences.update((preferences) => ({ ...preferences, serverUrl, username: admin.user.username, keepSignedIn: kept }))
      return { ok: true, value: admin }
    },

    /** Signs out on the server (when it can be reached) and here. */
    async end(): Promise<void> {
      const session = current
      if (!session) return
      // Signing out here must work even when the server cannot be reached.
      await session.client.signOut().catch(() => undefined)
      await endLocalSession(session)
    },
  }
}

/**
 * This console's device tokens, one per server and account: in the keychain when there is one, else
 * for this run only. A keychain that fails is no reason to fail a sign-in: the token is a help.
 */
function keptDeviceTokens(tokens: TokenStore | undefined) {
  const thisRun = new Map<string, string>()
  const key = (serverUrl: string, username: string) => `${serverUrl} ${username.trim().toLowerCase()}`
  return {
    async load(serverUrl: string, username: string): Promise<string | undefined> {
      const kept = tokens ? await tokens.loadDeviceToken(serverUrl, username.trim()).catch(() => null) : null
      return kept ?? thisRun.get(key(serverUrl, username))
    },
    async save(serverUrl: string, username: string, token: string): Promise<void> {
      thisRun.set(key(serverUrl, username), token)
      if (tokens) await tokens.saveDeviceToken(serverUrl, username, token).catch(() => undefined)
    },
  }
}
