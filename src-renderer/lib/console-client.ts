// The renderer's one door to the console's main process: the only module that touches
// window.textup (the preload's API, typed by src-shared/ipc.ts). A call that fails inside the
// console becomes an ordinary error outcome, and a signed-in call that finds the session ended
// tells the one handler that brings the admin back to the sign-in screen, from wherever it happened.
// The console's language is the main process's (it also speaks it in menus, dialogs and to the
// server): read at start, and each change made here is applied to the renderer's too.
import type { Locale } from '../../src-shared/i18n/locales'
import type {
  ConsoleApi,
  ConsoleError,
  CreateUserRequest,
  FirstAdminRequest,
  LanguageChoice,
  MenuCommand,
  Outcome,
  PasswordAssessment,
  PasswordContext,
  RemoveSecondFactorRequest,
  SearchUsersRequest,
  SecondFactorCodeRequest,
  ServerPageRequest,
  SetPasswordRequest,
  SignInToServerRequest,
  StartupInfo,
  UpdateUserRequest,
} from '../../src-shared/ipc'
import { currentT, useLocale } from '../i18n'

/** window.textup, set by the preload before the page's scripts run; typed here only, so no other module reaches it. */
function preload(): ConsoleApi {
  return (window as unknown as { readonly textup: ConsoleApi }).textup
}

let onSessionEnded: () => void = () => {}

/** Registers what to do when any signed-in call reports that the session has ended (once, at start). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler
}

function unexpected(): ConsoleError {
  const t = currentT()
  return { kind: 'server', title: t.t('native.client.unexpected'), detail: t.t('native.client.unexpectedDetail') }
}

/** A call that rejects (an IPC failure, a bug in the main process) becomes an ordinary error outcome. */
async function settle<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await run()
  } catch (cause) {
    console.error('A console call failed', cause)
    return { ok: false, error: unexpected() }
  }
}

/** For calls made while signed in: like settle, and a 'signed_out' error ends the session in the UI. */
async function authed<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const outcome = await settle(run)
  if (!outcome.ok && isSessionEnd(outcome.error)) onSessionEnded()
  return outcome
}

/** A signed_out error is handled by the sign-in screen, so screens do not show it themselves. */
export function isSessionEnd(error: ConsoleError): boolean {
  return error.kind === 'signed_out'
}

export const consoleClient = {
  /** What the console knows at start; null when even that failed (then nothing else can work). */
  async getStartup(): Promise<StartupInfo | null> {
    try {
      return await preload().getStartup()
    } catch (cause) {
      console.error('getStartup failed', cause)
      return null
    }
  },
  signIn: (request: SignInToServerRequest) => settle(() => preload().signIn(request)),
  /** The code for the sign-in that signIn answered with a second-factor prompt. */
  submitSecondFactor: (request: SecondFactorCodeRequest) => settle(() => preload().submitSecondFactor(request)),
  /** The server's account page, where an admin sets up a second factor, in the system browser. */
  openEnrolmentPage: () => settle(() => preload().openEnrolmentPage()),
  /** A page (forgot password, web sign-in) of the server typed in the sign-in form, in the system browser. */
  openServerPage: (request: ServerPageRequest) => settle(() => preload().openServerPage(request)),
  signOut: () => settle(() => preload().signOut()),
  /** Creates the first admin of the console's own server, then signs in with it. */
  createFirstAdmin: (request: FirstAdminRequest) => settle(() => preload().createFirstAdmin(request)),

  // Calls that need a session: one that ended sends the admin back to sign-in (see whenSessionEnds).
  searchUsers: (request: SearchUsersRequest) => authed(() => preload().searchUsers(request)),
  getUser: (userId: string) => authed(() => preload().getUser(userId)),
  /** A page of the user's events; `cursor` continues an earlier page. */
  listUserEvents: (userId: string, { cursor }: { cursor?: string } = {}) =>
    // No `undefined` argument for the first page: a bridge that sends arguments as JSON would turn it into null.
    authed(() => (cursor === undefined ? preload().listUserEvents(userId) : preload().listUserEvents(userId, cursor))),
  createUser: (request: CreateUserRequest) => authed(() => preload().createUser(request)),
  /** Changes some of a user's details (their email language, say); answers the user as they are now. */
  updateUser: (userId: string, request: UpdateUserRequest) => authed(() => preload().updateUser(userId, request)),
  setUserPassword: (userId: string, request: SetPasswordRequest) => authed(() => preload().setUserPassword(userId, request)),
  /** The main process shows the native More menu (and its confirmations) and says what came of it. */
  openUserMoreMenu: (userId: string) => authed(() => preload().openUserMoreMenu(userId)),
  /** After More › Remove second factor…: the removal itself, with the admin's own password. */
  removeSecondFactor: (userId: string, request: RemoveSecondFactorRequest) => authed(() => preload().removeSecondFactor(userId, request)),

  /** The policy's judgement of a password being typed; null when it could not be had (the meter keeps its last answer). */
  async assessPassword(password: string, context: PasswordContext): Promise<PasswordAssessment | null> {
    try {
      return await preload().assessPassword(password, context)
    } catch (cause) {
      console.error('assessPassword failed', cause)
      return null
    }
  },

  /** The console's language (the system's unless the admin chose one); null when it could not be had. */
  async getLanguage(): Promise<LanguageChoice | null> {
    try {
      return await preload().getLanguage()
    } catch (cause) {
      console.error('getLanguage failed', cause)
      return null
    }
  },

  /**
   * Chooses the console's language (null: the system's again), kept for the next start. The main
   * process rebuilds its menus in it; the renderer switches here. The outcome holds the language now spoken.
   */
  async setLanguage(locale: Locale | null): Promise<Outcome<Locale>> {
    const outcome = await settle(() => preload().setLanguage(locale))
    if (outcome.ok) useLocale.getState().setLocale(outcome.value)
    return outcome
  },

  /** Menu commands (Find, New user, Sign out) from the application menu. Returns an unsubscribe function. */
  onMenuCommand: (listener: (command: MenuCommand) => void) => preload().onMenuCommand(listener),
}
