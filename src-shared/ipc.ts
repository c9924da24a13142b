// The contract between the console's renderer and its main process: one method per operation,
// each with a schema for its arguments (checked in the main process, since the renderer is not
// trusted) and a result type. The preload exposes exactly these methods as `window.textup`. The
// method names and channels live in ipc-channels.ts, which the preload imports without this file.
import { z } from 'zod'
import { displayNameSchema, emailSchema, passwordInputSchema, secondFactorCodeSchema, usernameSchema } from './accounts'
import {
  createUserRequest,
  removeSecondFactorRequest,
  setPasswordRequest,
  updateUserRequest,
  type EventPage,
  type SecondFactorRemovedResponse,
  type SecondFactorStatusResponse,
  type UserPage,
  type UserView,
} from './api'
import type { FieldErrors } from './errors'
import { LOCALES, PSEUDO_LOCALE, type Locale } from './i18n/locales'
import type { ConsoleMethod, MenuCommand } from './ipc-channels'
import type { PasswordAssessment } from './password-policy'

export { bindConsoleApi, channelOf, CONSOLE_METHODS, MENU_COMMAND_CHANNEL, type ConsoleMethod, type MenuCommand } from './ipc-channels'

// Results -----------------------------------------------------------------------------------------

export type ConsoleErrorKind =
  /** The session ended (expired, revoked, signed out elsewhere): show the sign-in screen. */
  | 'signed_out'
  /** Not allowed: deactivated, or (for a password change) the admin's own password was wrong. */
  | 'forbidden'
  /** A regular user signed in to the console: they sign in on the server's web page instead (webSignInUrl). */
  | 'not_an_admin'
  /** Some fields are wrong; see fieldErrors. */
  | 'invalid'
  | 'conflict'
  | 'not_found'
  | 'throttled'
  /** An admin without a second factor, where admins must have one: set one up on the account page (enrolUrl) first. */
  | 'second_factor_setup_required'
  /** A sign-in waiting for its code expired, was used up, or the password changed meanwhile: start again. */
  | 'sign_in_expired'
  /** The server could not be reached. */
  | 'network'
  /** The server failed, or answered something unexpected. */
  | 'server'

export interface ConsoleError {
  kind: ConsoleErrorKind
  /** A sentence to show as is. */
  title: string
  detail?: string | undefined
  fieldErrors?: FieldErrors | undefined
  retryAfterSeconds?: number | undefined
  /** For second_factor_setup_required: the page to set one up on (openEnrolmentPage opens it). */
  enrolUrl?: string | undefined
  /** For not_an_admin: the server's web sign-in page (openServerPage opens it). */
  webSignInUrl?: string | undefined
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ConsoleError }

export interface SignedInAdmin {
  serverUrl: string
  user: UserView
  expiresAt: string
  /** The session is kept in the OS keychain and restored at the next start. */
  kept: boolean
  passwordMinLength: number
}

/** The password was right; the server asks for the second factor. The challenge itself stays in the main process. */
export interface SecondFactorPrompt {
  username: string
  /** What the code may be: from the authenticator app, or one of the admin's recovery codes. */
  methods: Array<'totp' | 'recovery_code'>
  recoveryCodesLeft: number
}

export type SignInStep = { step: 'signed_in'; admin: SignedInAdmin } | { step: 'second_factor'; prompt: SecondFactorPrompt }

/**
 * The first admin was created. The console then signs in with that account itself; when it cannot
 * finish that here (a second factor to set up first, say), the admin signs in on the sign-in screen.
 */
export type FirstAdminCreated =
  | { step: 'signed_in'; admin: SignedInAdmin }
  /** enrolUrl: admins must set up a second factor first, there. problem: why signing in failed, in the console's language. */
  | { step: 'sign_in'; enrolUrl: string | null; problem: string | null }

export interface SecondFactorSignIn {
  admin: SignedInAdmin
  /** Set when the code was a recovery code: how many are left (each works once). */
  recoveryCodesLeft: number | null
}

export interface StartupInfo {
  /** The address to put in the sign-in form: IT's, the last one used, or the embedded server's. */
  serverUrl: string | null
  /** IT fixed the server address: the sign-in form shows it read-only. */
  serverLocked: boolean
  /** The server this console started itself, when no server address is configured. */
  embedded: { url: string; needsFirstAdmin: boolean; passwordMinLength: number; secondFactorRequiredForAdmins: boolean } | null
  lastUsername: string | null
  /** A session restored from the keychain ("Keep me signed in"). */
  session: SignedInAdmin | null
  /** Things the admin should know at start (an unreadable configuration, a keychain that is not available). */
  notices: string[]
  platform: 'darwin' | 'win32' | 'linux' | 'other'
  /** The console's language, as getLanguage says. */
  language: LanguageChoice
}

/** The console's language: the system's unless the admin chose one in the console. */
export interface LanguageChoice {
  /** The language the console speaks now (its screens, menus, dialogs, and the server's answers). */
  locale: Locale
  /** The admin's choice, kept between starts; null: follow the system. */
  chosen: Locale | null
  /** The operating system's language, as the console speaks it. */
  system: Locale
}

export type MoreMenuResult =
  | { action: 'none' }
  | { action: 'password_reset_sent'; sentTo: string }
  | { action: 'invitation_sent'; sentTo: string }
  | { action: 'sessions_revoked'; sessionsEnded: number }
  | { action: 'deactivated'; user: UserView }
  | { action: 'activated'; user: UserView }
  /**
   * "Remove second factor…": it needs the admin's own password, which a native dialog cannot ask
   * for, so the renderer asks for it (with what the user has, to say what goes) and calls removeSecondFactor.
   */
  | { action: 'second_factor_removal_asked'; factors: SecondFactorStatusResponse }

// Arguments ---------------------------------------------------------------------------------------

/** http(s) only; https is required for anything but this computer (checked in the main process). */
export const serverUrlSchema = z
  .string({ message: 'native.ipc.serverUrlNotText' })
  .trim()
  .min(1, { message: 'native.ipc.serverUrlMissing' })
  .max(2048, { message: 'native.ipc.serverUrlTooLong' })

export const signInToServerRequest = z.strictObject({
  serverUrl: serverUrlSchema,
  username: z.string().trim().min(1, { message: 'native.ipc.usernameMissing' }).max(256),
  password: passwordInputSchema.min(1, { message: 'native.ipc.passwordMissing' }),
  keepSignedIn: z.boolean(),
})
export type SignInToServerRequest = z.infer<typeof signInToServerRequest>

/** The server pages the sign-in screen may open in the system browser: never an address, only which page. */
export const SERVER_PAGES = ['forgot-password', 'sign-in'] as const
export type ServerPage = (typeof SERVER_PAGES)[number]

/**
 * A page of the server typed in the sign-in form (blank: the main process asks for one). The main
 * process checks the address as sign-in does and builds the page's address itself.
 */
export const serverPageRequest = z.strictObject({
  page: z.enum(SERVER_PAGES, { message: 'native.ipc.unknownServerPage' }),
  serverUrl: z.string({ message: 'native.ipc.serverUrlNotText' }).trim().max(2048, { message: 'native.ipc.serverUrlTooLong' }),
})
export type ServerPageRequest = z.infer<typeof serverPageRequest>

export const secondFactorCodeRequest = z.strictObject({ code: secondFactorCodeSchema })
export type SecondFactorCodeRequest = z.infer<typeof secondFactorCodeRequest>

export const firstAdminRequest = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  email: emailSchema,
  newPassword: passwordInputSchema,
  newPasswordConfirmation: passwordInputSchema,
})
export type FirstAdminRequest = z.infer<typeof firstAdminRequest>

const userId = z.uuid({ message: 'native.ipc.notAUserId' })
const cursor = z.string().max(200).optional()

export const searchUsersRequest = z.strictObject({
  q: z.string().max(100),
  cursor,
  role: z.enum(['admin', 'user']).optional(),
  status: z.enum(['active', 'invited', 'deactivated']).optional(),
})
export type SearchUsersRequest = z.infer<typeof searchUsersRequest>

export const passwordContext = z.strictObject({
  username: z.string().max(256).optional(),
  displayName: z.string().max(256).optional(),
  email: z.string().max(320).optional(),
})

/** A language the console speaks, or null to follow the system's. */
export const languageChoiceRequest = z.enum([...LOCALES, PSEUDO_LOCALE], { message: 'native.ipc.unknownLanguage' }).nullable()

/** Each method's argument list, validated in the main process before its handler runs: one per listed method, no more. */
export const consoleMethods = {
  getStartup: z.tuple([]),
  signIn: z.tuple([signInToServerRequest]),
  submitSecondFactor: z.tuple([secondFactorCodeRequest]),
  openEnrolmentPage: z.tuple([]),
  openServerPage: z.tuple([serverPageRequest]),
  signOut: z.tuple([]),
  createFirstAdmin: z.tuple([firstAdminRequest]),
  searchUsers: z.tuple([searchUsersRequest]),
  getUser: z.tuple([userId]),
  listUserEvents: z.tuple([userId, cursor]),
  createUser: z.tuple([createUserRequest]),
  updateUser: z.tuple([userId, updateUserRequest]),
  setUserPassword: z.tuple([userId, setPasswordRequest]),
  openUserMoreMenu: z.tuple([userId]),
  removeSecondFactor: z.tuple([userId, removeSecondFactorRequest]),
  assessPassword: z.tuple([passwordInputSchema, passwordContext]),
  getLanguage: z.tuple([]),
  setLanguage: z.tuple([languageChoiceRequest]),
} as const satisfies Record<ConsoleMethod, z.ZodTuple>

export interface ConsoleResults {
  getStartup: StartupInfo
  signIn: Outcome<SignInStep>
  submitSecondFactor: Outcome<SecondFactorSignIn>
  /** Opens the account page the last refusal named (second_factor_setup_required) in the system browser. */
  openEnrolmentPage: Outcome<null>
  /** Opens a page (forgot password, web sign-in) of the server typed in the sign-in form in the system browser. */
  openServerPage: Outcome<null>
  signOut: Outcome<null>
  /** Creates the first admin of the embedded server, then signs in with it. */
  createFirstAdmin: Outcome<FirstAdminCreated>
  searchUsers: Outcome<UserPage>
  getUser: Outcome<UserView>
  listUserEvents: Outcome<EventPage>
  createUser: Outcome<UserView>
  updateUser: Outcome<UserView>
  setUserPassword: Outcome<null>
  openUserMoreMenu: Outcome<MoreMenuResult>
  /** Lost phone: every second factor of the user goes, confirmed with the admin's own password; what was removed. */
  removeSecondFactor: Outcome<SecondFactorRemovedResponse>
  assessPassword: PasswordAssessment
  getLanguage: LanguageChoice
  /** Chooses the console's language (null: the system's again), kept for the next start; the language it speaks now. */
  setLanguage: Outcome<Locale>
}

export type ConsoleArgs<M extends ConsoleMethod> = z.input<(typeof consoleMethods)[M]>

/** What the renderer sees as `window.textup`. */
export type ConsoleApi = {
  [M in ConsoleMethod]: (...args: ConsoleArgs<M>) => Promise<ConsoleResults[M]>
} & {
  /** Menu commands (Find, New user, Sign out) from the application menu. Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}

export type {
  CreateUserRequest,
  EventView,
  RemoveSecondFactorRequest,
  SecondFactorRemovedResponse as SecondFactorRemoval,
  SecondFactorStatusResponse as SecondFactorStatus,
  SetPasswordRequest,
  UpdateUserRequest,
  EventPage,
  UserPage,
  UserView,
} from './api'
export type { PasswordAssessment, PasswordContext } from './password-policy'
