// What each console operation does, as plain async functions (one per method of the IPC
// contract). They hold the signed-in session — the token never leaves the main process — and
// talk to the server through the API client. Electron-specific pieces come in as dependencies, so
// the same handlers run under Electron, in unit tests and behind the browser test harness.
import type { SessionResponse } from '../src-shared/api'
import type { ConsoleError, ConsoleResults, MoreMenuResult, Outcome, SignedInAdmin, StartupInfo } from '../src-shared/ipc'
import { assessPassword, PASSWORD_MIN_LENGTH_DEFAULT } from '../src-shared/password-policy'
import { AdminApiClient, parseServerUrl } from './api-client'
import type { PreferencesFile, TokenStore } from './credentials'
import type { EmbeddedServer } from './embedded-server'
import type { ConsoleHandlers } from './ipc'
import type { ConsoleLanguage } from './language'
import { moreMenuItems } from './menus'
import { runMoreAction } from './more-actions'
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

interface SignedIn {
  client: AdminApiClient
  admin: SignedInAdmin
}

export function createConsoleHandlers(deps: ConsoleDeps): ConsoleHandlers {
  const language = deps.language
  /** The messages of the language the console speaks now (the admin may change it at any time). */
  const t = () => language.t()
  const locale = () => language.locale
  const signInFirst = (): ConsoleError => ({ kind: 'signed_out', title: t().t('native.session.signInFirst') })
  const signInExpired = (): ConsoleError => ({
    kind: 'sign_in_expired',
    title: t().t('native.session.expired'),
    detail: t().t('native.session.expiredDetail'),
  })
  const tokens = 'unavailable' in deps.tokens ? undefined : deps.tokens
  const deviceTokens = keptDeviceTokens(tokens)
  let current: SignedIn | undefined
  /** A sign-in whose password was right, waiting for the second factor's code. */
  let waiting:
    { client: AdminApiClient; serverUrl: string; challenge: string; keepSignedIn: boolean; recoveryCodesLeft: number } | undefined
  /** The account page to set up a second factor on, after the server refused an admin without one. */
  let enrolUrl: string | undefined
  /** The one attempt per run to restore a kept session; what it has to tell the admin. */
  let restoring: Promise<string[]> | undefined
  let restored = false
  const keychainProblem = 'unavailable' in deps.tokens ? deps.tokens.unavailable : undefined

  /** Runs an API call as the signed-in admin; a session that ended on the server ends here too. */
  async function asAdmin<T>(call: (client: AdminApiClient, admin: SignedInAdmin) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    const session = current
    if (!session) return { ok: false, error: signInFirst() }
    const result = await call(session.client, session.admin)
    if (!result.ok && result.error.kind === 'signed_out' && current === session) await endLocalSession(session)
    return result
  }

  async function endLocalSession(session: SignedIn): Promise<void> {
    current = undefined
    if (session.admin.kept && tokens) await tokens.forget(session.admin.serverUrl, session.admin.user.username).catch(() => undefined)
    await deps.preferences.update((preferences) => ({ ...preferences, keepSignedIn: false }))
  }

  async function forgetSavedToken(): Promise<void> {
    const saved = await deps.preferences.read()
    if (tokens && saved.serverUrl && saved.username) await tokens.forget(saved.serverUrl, saved.username).catch(() => undefined)
  }

  /** "Keep me signed in" from the last run: the token from the keychain, if the server still takes it. */
  async function restoreSession(): Promise<string[]> {
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
  }

  /** The server gave a session: keep it (and the device token), ending the one it replaces. */
  async function startSession(
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
  }

  const handlers: ConsoleHandlers = {
    async getStartup(): Promise<StartupInfo> {
      const notices = [...deps.notices]
      if (keychainProblem) notices.push(t().t('native.notice.keepSignedInUnavailable', { reason: keychainProblem }))
      if (!restored) {
        // A call while the attempt runs waits for it rather than answer "not signed in": the
        // renderer may ask twice at start (React's StrictMode runs its effects twice).
        restoring ??= restoreSession().finally(() => {
          restored = true
        })
        notices.push(...(await restoring))
      }
      const saved = await deps.preferences.read()
      const embedded = deps.embedded
      if (embedded) notices.push(t().t('native.notice.embedded', { folder: embedded.outboxDir }))
      return {
        serverUrl: deps.policy.serverUrl ?? saved.serverUrl ?? embedded?.url ?? null,
        serverLocked: deps.policy.serverLocked,
        embedded: embedded
          ? {
              url: embedded.url,
              needsFirstAdmin: await embedded.needsFirstAdmin(),
              passwordMinLength: embedded.passwordMinLength,
              secondFactorRequiredForAdmins: embedded.secondFactorRequiredForAdmins,
            }
          : null,
        lastUsername: saved.username ?? null,
        session: current?.admin ?? null,
        notices,
        platform: deps.platform === 'darwin' || deps.platform === 'win32' || deps.platform === 'linux' ? deps.platform : 'other',
        language: language.choice,
      }
    },

    async signIn(request): Promise<ConsoleResults['signIn']> {
      waiting = undefined
      enrolUrl = undefined
      const address = parseServerUrl(request.serverUrl, t())
      if (!address.ok)
        return { ok: false, error: { kind: 'invalid', title: address.message, fieldErrors: { serverUrl: [address.message] } } }
      if (deps.policy.serverLocked && !deps.policy.serverUrl) {
        return {
          ok: false,
          error: {
            kind: 'forbidden',
            title: t().t('native.signIn.configInvalid'),
            detail: t().t('native.signIn.configInvalidDetail'),
          },
        }
      }
      if (deps.policy.serverLocked && address.origin !== deps.policy.serverUrl) {
        const message = t().t('native.signIn.serverLocked', { server: deps.policy.serverUrl })
        return { ok: false, error: { kind: 'forbidden', title: message, fieldErrors: { serverUrl: [message] } } }
      }
      const client = new AdminApiClient(address.origin, { locale })
      const answer = await client.signIn(request.username, request.password, {
        deviceToken: await deviceTokens.load(address.origin, request.username),
      })
      if (!answer.ok) {
        if (answer.error.kind !== 'second_factor_setup_required') return answer
        // The page opened is built here from the server signed in to, never taken from its answer:
        // the console opens nothing but that server's own account page.
        enrolUrl = new URL('/account/two-factor', address.origin).href
        return { ok: false, error: { ...answer.error, enrolUrl } }
      }
      if (answer.value.step === 'signed_in') {
        const admin = await startSession(client, address.origin, answer.value.session, request.keepSignedIn)
        return admin.ok ? { ok: true, value: { step: 'signed_in', admin: admin.value } } : admin
      }
      // The challenge stays here, like the token it becomes: the renderer only asks for the code.
      const { challenge } = answer.value
      waiting = {
        client,
        serverUrl: address.origin,
        challenge: challenge.challenge,
        keepSignedIn: request.keepSignedIn,
        recoveryCodesLeft: challenge.recoveryCodesLeft,
      }
      return {
        ok: true,
        value: {
          step: 'second_factor',
          prompt: { username: request.username, methods: challenge.methods, recoveryCodesLeft: challenge.recoveryCodesLeft },
        },
      }
    },

    async submitSecondFactor({ code }): Promise<ConsoleResults['submitSecondFactor']> {
      const signingIn = waiting
      if (!signingIn) return { ok: false, error: signInExpired() }
      const result = await signingIn.client.completeSignIn(signingIn.challenge, code)
      if (!result.ok) {
        // A wrong code or a throttle may be tried again on the same challenge; anything else starts over.
        if (result.error.kind !== 'invalid' && result.error.kind !== 'throttled' && waiting === signingIn) waiting = undefined
        return result
      }
      if (waiting === signingIn) waiting = undefined
      const admin = await startSession(signingIn.client, signingIn.serverUrl, result.value, signingIn.keepSignedIn)
      if (!admin.ok) return admin
      const left = result.value.recoveryCodesLeft
      return {
        ok: true,
        value: { admin: admin.value, recoveryCodesLeft: left !== undefined && left < signingIn.recoveryCodesLeft ? left : null },
      }
    },

    async openEnrolmentPage() {
      if (!enrolUrl)
        return {
          ok: false,
          error: {
            kind: 'not_found',
            title: t().t('native.enrolment.none'),
            detail: t().t('native.enrolment.noneDetail'),
          },
        }
      await deps.ui.openInBrowser(enrolUrl)
      return { ok: true, value: null }
    },

    async signOut() {
      const session = current
      if (session) {
        // Signing out here must work even when the server cannot be reached.
        await session.client.signOut().catch(() => undefined)
        await endLocalSession(session)
      }
      return { ok: true, value: null }
    },

    async createFirstAdmin(request) {
      const embedded = deps.embedded
      if (!embedded) return { ok: false, error: { kind: 'forbidden', title: t().t('native.firstAdmin.notEmbedded') } }
      return embedded.createFirstAdmin(request, t())
    },

    searchUsers: (request) => asAdmin((client) => client.searchUsers(request)),
    getUser: (id) => asAdmin((client) => client.getUser(id)),
    listUserEvents: (id, cursor) => asAdmin((client) => client.listUserEvents(id, { cursor })),
    createUser: (request) => asAdmin((client) => client.createUser(request)),
    updateUser: (id, changes) => asAdmin((client) => client.updateUser(id, changes)),
    setUserPassword: (id, request) => asAdmin((client) => client.setUserPassword(id, request)),

    openUserMoreMenu: (id) =>
      asAdmin(async (client, admin): Promise<Outcome<MoreMenuResult>> => {
        const [user, factors] = await Promise.all([client.getUser(id), client.secondFactorStatus(id)])
        if (!user.ok) return user
        if (!factors.ok) return factors
        const subject = { user: user.value, factors: factors.value, self: user.value.id === admin.user.id }
        const action = await deps.ui.popupMenu(moreMenuItems(subject, t()))
        if (action === null) return { ok: true, value: { action: 'none' } }
        return runMoreAction(deps.ui, client, subject, action, t())
      }),
    removeSecondFactor: (id, request) => asAdmin((client) => client.removeSecondFactor(id, request)),

    assessPassword(password, context) {
      const minLength = current?.admin.passwordMinLength ?? PASSWORD_MIN_LENGTH_DEFAULT
      return assessPassword(password, { minLength, context })
    },

    getLanguage: () => Promise.resolve(language.choice),

    async setLanguage(chosen) {
      return { ok: true, value: await language.choose(chosen) }
    },
  }

  return handlers
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
