// What each console operation does, as plain async functions (one per method of the IPC
// contract). They hold the signed-in session (console-session.ts) — the token never leaves the main
// process — and talk to the server through the API client; signing in and out is in
// sign-in-handlers.ts. Electron-specific pieces come in as dependencies (console-deps.ts), so the
// same handlers run under Electron, in unit tests and behind the browser test harness.
import type { MoreMenuResult, Outcome, StartupInfo } from '../src-shared/ipc'
import { assessPassword, PASSWORD_MIN_LENGTH_DEFAULT } from '../src-shared/password-policy'
import { consoleSession } from './console-session'
import type { ConsoleHandlers } from './ipc'
import { moreMenuItems } from './menus'
import { runMoreAction } from './more-actions'
import { signInHandlers } from './sign-in-handlers'
import type { ConsoleDeps } from './console-deps'

export function createConsoleHandlers(deps: ConsoleDeps): ConsoleHandlers {
  const language = deps.language
  /** The messages of the language the console speaks now (the admin may change it at any time). */
  const t = () => language.t()
  const session = consoleSession(deps)
  /** The one attempt per run to restore a kept session; what it has to tell the admin. */
  let restoring: Promise<string[]> | undefined
  let restored = false
  const keychainProblem = 'unavailable' in deps.tokens ? deps.tokens.unavailable : undefined

  const handlers: ConsoleHandlers = {
    async getStartup(): Promise<StartupInfo> {
      const notices = [...deps.notices]
      if (keychainProblem) notices.push(t().t('native.notice.keepSignedInUnavailable', { reason: keychainProblem }))
      if (!restored) {
        // A call while the attempt runs waits for it rather than answer "not signed in": the
        // renderer may ask twice at start (React's StrictMode runs its effects twice).
        restoring ??= session.restore().finally(() => {
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
        session: session.admin ?? null,
        notices,
        platform: deps.platform === 'darwin' || deps.platform === 'win32' || deps.platform === 'linux' ? deps.platform : 'other',
        language: language.choice,
      }
    },

    ...signInHandlers(deps, session),

    searchUsers: (request) => session.asAdmin((client) => client.searchUsers(request)),
    getUser: (id) => session.asAdmin((client) => client.getUser(id)),
    listUserEvents: (id, cursor) => session.asAdmin((client) => client.listUserEvents(id, { cursor })),
    createUser: (request) => session.asAdmin((client) => client.createUser(request)),
    updateUser: (id, changes) => session.asAdmin((client) => client.updateUser(id, changes)),
    setUserPassword: (id, request) => session.asAdmin((client) => client.setUserPassword(id, request)),

    openUserMoreMenu: (id) =>
      session.asAdmin(async (client, admin): Promise<Outcome<MoreMenuResult>> => {
        const [user, factors] = await Promise.all([client.getUser(id), client.secondFactorStatus(id)])
        if (!user.ok) return user
        if (!factors.ok) return factors
        const subject = { user: user.value, factors: factors.value, self: user.value.id === admin.user.id }
        const action = await deps.ui.popupMenu(moreMenuItems(subject, t()))
        if (action === null) return { ok: true, value: { action: 'none' } }
        return runMoreAction(deps.ui, client, subject, action, t())
      }),
    removeSecondFactor: (id, request) => session.asAdmin((client) => client.removeSecondFactor(id, request)),

    assessPassword(password, context) {
      const minLength = session.admin?.passwordMinLength ?? PASSWORD_MIN_LENGTH_DEFAULT
      return assessPassword(password, { minLength, context })
    },

    getLanguage: () => Promise.resolve(language.choice),

    async setLanguage(chosen) {
      return { ok: true, value: await language.choose(chosen) }
    },
  }

  return handlers
}
