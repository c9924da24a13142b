// The contract between the console's renderer and its main process: one method per operation,
// each with a schema for its arguments (checked in the main process, since the renderer is not
// trusted) and a result type. The preload exposes exactly these methods as `window.textup`. The
// method names and channels live in ipc-channels.ts, which the preload imports without this file.
import { z } from 'zod'
import { displayNameSchema, emailSchema, passwordInputSchema, usernameSchema } from './accounts'
import { createUserRequest, setPasswordRequest, updateUserRequest, type EventPage, type UserPage, type UserView } from './api'
import type { FieldErrors } from './errors'
import type { ConsoleMethod, MenuCommand } from './ipc-channels'
import type { PasswordAssessment } from './password-policy'

export { bindConsoleApi, channelOf, CONSOLE_METHODS, MENU_COMMAND_CHANNEL, type ConsoleMethod, type MenuCommand } from './ipc-channels'

// Results -----------------------------------------------------------------------------------------

export type ConsoleErrorKind =
  /** The session ended (expired, revoked, signed out elsewhere): show the sign-in screen. */
  | 'signed_out'
  /** Not allowed: not an admin, deactivated, or (for a password change) the admin's own password was wrong. */
  | 'forbidden'
  /** Some fields are wrong; see fieldErrors. */
  | 'invalid'
  | 'conflict'
  | 'not_found'
  | 'throttled'
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

export interface StartupInfo {
  /** The address to put in the sign-in form: IT's, the last one used, or the embedded server's. */
  serverUrl: string | null
  /** IT fixed the server address: the sign-in form shows it read-only. */
  serverLocked: boolean
  /** The server this console started itself, when no server address is configured. */
  embedded: { url: string; needsFirstAdmin: boolean; passwordMinLength: number } | null
  lastUsername: string | null
  /** A session restored from the keychain ("Keep me signed in"). */
  session: SignedInAdmin | null
  /** Things the admin should know at start (an unreadable configuration, a keychain that is not available). */
  notices: string[]
  platform: 'darwin' | 'win32' | 'linux' | 'other'
}

export type MoreMenuResult =
  | { action: 'none' }
  | { action: 'password_reset_sent'; sentTo: string }
  | { action: 'invitation_sent'; sentTo: string }
  | { action: 'sessions_revoked'; sessionsEnded: number }
  | { action: 'deactivated'; user: UserView }
  | { action: 'activated'; user: UserView }

// Arguments ---------------------------------------------------------------------------------------

/** http(s) only; https is required for anything but this computer (checked in the main process). */
export const serverUrlSchema = z
  .string({ message: 'Server address must be text.' })
  .trim()
  .min(1, { message: 'Enter the server address, such as https://accounts.example.org.' })
  .max(2048, { message: 'That server address is too long.' })

export const signInToServerRequest = z.strictObject({
  serverUrl: serverUrlSchema,
  username: z.string().trim().min(1, { message: 'Enter your username.' }).max(256),
  password: passwordInputSchema.min(1, { message: 'Enter your password.' }),
  keepSignedIn: z.boolean(),
})
export type SignInToServerRequest = z.infer<typeof signInToServerRequest>

export const firstAdminRequest = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  email: emailSchema,
  newPassword: passwordInputSchema,
  newPasswordConfirmation: passwordInputSchema,
})
export type FirstAdminRequest = z.infer<typeof firstAdminRequest>

const userId = z.uuid({ message: 'That is not a user id.' })
const cursor = z.string().max(200).optional()

export const searchUsersRequest = z.strictObject({ q: z.string().max(100), cursor })
export type SearchUsersRequest = z.infer<typeof searchUsersRequest>

export const passwordContext = z.strictObject({
  username: z.string().max(256).optional(),
  displayName: z.string().max(256).optional(),
  email: z.string().max(320).optional(),
})

/** Each method's argument list, validated in the main process before its handler runs: one per listed method, no more. */
export const consoleMethods = {
  getStartup: z.tuple([]),
  signIn: z.tuple([signInToServerRequest]),
  signOut: z.tuple([]),
  createFirstAdmin: z.tuple([firstAdminRequest]),
  searchUsers: z.tuple([searchUsersRequest]),
  getUser: z.tuple([userId]),
  listUserEvents: z.tuple([userId, cursor]),
  createUser: z.tuple([createUserRequest]),
  updateUser: z.tuple([userId, updateUserRequest]),
  setUserPassword: z.tuple([userId, setPasswordRequest]),
  openUserMoreMenu: z.tuple([userId]),
  assessPassword: z.tuple([passwordInputSchema, passwordContext]),
} as const satisfies Record<ConsoleMethod, z.ZodTuple>

export interface ConsoleResults {
  getStartup: StartupInfo
  signIn: Outcome<SignedInAdmin>
  signOut: Outcome<null>
  createFirstAdmin: Outcome<null>
  searchUsers: Outcome<UserPage>
  getUser: Outcome<UserView>
  listUserEvents: Outcome<EventPage>
  createUser: Outcome<UserView>
  updateUser: Outcome<UserView>
  setUserPassword: Outcome<null>
  openUserMoreMenu: Outcome<MoreMenuResult>
  assessPassword: PasswordAssessment
}

export type ConsoleArgs<M extends ConsoleMethod> = z.input<(typeof consoleMethods)[M]>

/** What the renderer sees as `window.textup`. */
export type ConsoleApi = {
  [M in ConsoleMethod]: (...args: ConsoleArgs<M>) => Promise<ConsoleResults[M]>
} & {
  /** Menu commands (Find, New user, Sign out) from the application menu. Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}

export type { CreateUserRequest, EventView, SetPasswordRequest, UpdateUserRequest, EventPage, UserPage, UserView } from './api'
export type { PasswordAssessment, PasswordContext } from './password-policy'
