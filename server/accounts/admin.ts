// What admins (through the API and the console) and operators (through the CLI) do to accounts:
// create them, change their details or status, set a password, sign them out. The emails they send
// on someone's behalf (a reset link, the invitation again) are in admin-emails.ts.
import type { Kysely } from 'kysely'
import type { Role } from '../../src-shared/accounts'
import type { FieldMessages } from '../../src-shared/errors'
import { msg } from '../../src-shared/i18n/translator'
import type { Actor, AppContext, Client } from '../context'
import type { Database, User, UserStatus } from '../db/schema'
import { enqueueEmail, invitationPayload } from '../mail/outbox'
import { lockUntilCommit } from '../db/locks'
import { recordEvent } from './audit'
import { strongEnoughForAdmin } from './factors'
import { prepareNewPassword, recordNewPassword, revokeOutstandingLinks, type NewPasswordInput } from './password-change'
import { actorOf, endAllSessions, type ActiveSession } from './sessions'
import { confirmOwnPassword } from './sign-in'
import { holdAccount, insertUser, passwordContextOf } from './users'

export interface AccountInput {
  username: string
  displayName: string
  email: string
  role: Role
  /** The language of the person's emails; left out, the server's DEFAULT_LANGUAGE. */
  preferredLanguage?: User['preferred_language'] | undefined
}

export type AccountResult = { ok: true; user: User } | { ok: false; errors: FieldMessages }

/**
 * Creates an account, either with a password chosen now (checked against the policy) or, with
 * `invite`, without one: the person gets an email with a link to choose their own.
 */
export async function createAccount(
  ctx: AppContext,
  input: AccountInput & { password?: NewPasswordInput | undefined; invite: boolean },
  by: Actor,
  client: Client,
): Promise<AccountResult> {
  let passwordHash: string | null = null
  if (input.password) {
    const prepared = await prepareNewPassword(ctx, input, input.password)
    if (!prepared.ok) return prepared
    passwordHash = prepared.hash
  } else if (!input.invite) {
    return { ok: false, errors: { password: [msg('api.account.passwordOrInvitation')] } }
  }
  const result = await ctx.db.transaction().execute((trx) => storeAccount(ctx, trx, { ...input, passwordHash }, by, client))
  if (result.ok && input.invite) {
    ctx.metrics.invitationRequested('new_account', 'email_queued')
    ctx.wakeMailWorker()
  }
  return result
}

/** Writes a new account (in the caller's transaction), its invitation if it has no password, and the audit event. */
export async function storeAccount(
  ctx: AppContext,
  trx: Kysely<Database>,
  input: AccountInput & { passwordHash: string | null; invite: boolean },
  by: Actor,
  client: Client,
): Promise<AccountResult> {
  const now = ctx.clock()
  const created = await insertUser(trx, { ...input, preferredLanguage: input.preferredLanguage ?? ctx.config.defaultLanguage }, now)
  if (!created.ok) return created
  const { user } = created
  if (input.invite) {
    await enqueueEmail(trx, { template: 'invitation', userId: user.id, recipient: user.email, payload: invitationPayload(by) }, now)
  }
  await recordEvent(
    trx,
    {
      type: 'user_created',
      user,
      actor: by,
      client,
      details: { role: user.role, invited: input.invite, preferredLanguage: user.preferred_language },
    },
    now,
  )
  return created
}

export interface AccountChanges {
  displayName?: string | undefined
  email?: string | undefined
  role?: Role | undefined
  status?: UserStatus | undefined
  preferredLanguage?: User['preferred_language'] | undefined
}

export const LAST_ADMIN = msg('api.account.lastAdmin')

class LastAdminError extends Error {}

/**
 * Changes an account's details. Refuses to leave the organisation without an active admin; a
 * deactivated account is signed out everywhere at once. A new email address kills every reset and
 * invitation link sent to the old one (the old mailbox may be someone else's: a typo), and the old
 * address is told of the change.
 */
export async function updateAccount(
  ctx: AppContext,
  user: User,
  changes: AccountChanges,
  by: Actor,
  client: Client,
): Promise<AccountResult> {
  const now = ctx.clock()
  try {
    const updated = await ctx.db.transaction().execute(async (trx) => {
      // Two admins demoting each other at the same moment must not both succeed: changes of role or
      // status take turns (on SQLite the first write takes the database's write lock anyway), so
      // each counts the admins the other left. The account is judged as it is now, not as it was
      // when the request read it.
      if (changes.role !== undefined || changes.status !== undefined) await lockUntilCommit(trx, 'admin-roster')
      // Holds the row (an update that changes nothing) and reads it as it is now.
      const before = await trx
        .updateTable('users')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      const wanted = {
        display_name: changes.displayName,
        email: changes.email,
        role: changes.role,
        status: changes.status,
        preferred_language: changes.preferredLanguage,
      }
      const keys = {
        display_name: 'displayName',
        email: 'email',
        role: 'role',
        status: 'status',
        preferred_language: 'preferredLanguage',
      } as const
      const differing = (Object.keys(keys) as (keyof typeof keys)[]).filter(
        (column) => wanted[column] !== undefined && wanted[column] !== before[column],
      )
      // Nothing would change (activating an active account, a name as it already is): not a change,
      // so nothing is written, not even updated_at, and no audit event says something happened.
      if (differing.length === 0) return before
      const row = await trx
        .updateTable('users')
        .set({ ...Object.fromEntries(differing.map((column) => [column, wanted[column]])), updated_at: now.toISOString() })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      if (before.role === 'admin' && before.status === 'active' && (row.role !== 'admin' || row.status !== 'active')) {
        if ((await countActiveAdmins(trx)) === 0) throw new LastAdminError()
      }
      // Only what really changed: a name sent again as it was is not "changed the name".
      const changed: Record<string, string> = Object.fromEntries(differing.map((column) => [keys[column], String(wanted[column])]))
      if (row.status !== 'active' && before.status === 'active') {
        changed.sessionsEnded = String(await endAllSessions(trx, user.id))
        // Links sent before must not come back to life if the account is activated again.
        await revokeOutstandingLinks(trx, user.id, now)
      }
      if (row.email !== before.email) {
        await revokeOutstandingLinks(trx, user.id, now)
        await enqueueEmail(
          trx,
          {
            template: 'email-changed',
            userId: user.id,
            recipient: before.email,
            payload: {
              changedAt: now.toISOString(),
              newEmailHint: emailHint(row.email),
              adminName: by.id === null ? undefined : by.displayName,
            },
          },
          now,
        )
      }
      await recordEvent(trx, { type: 'user_updated', user, actor: by, client, details: changed }, now)
      return row
    })
    if (updated.email !== user.email) ctx.wakeMailWorker()
    return { ok: true, user: updated }
  } catch (error) {
    if (error instanceof LastAdminError) {
      return { ok: false, errors: { [changes.status !== undefined && changes.status !== 'active' ? 'status' : 'role']: [LAST_ADMIN] } }
    }
    throw error
  }
}

/** An address with most of its mailbox name hidden: m•••••@example.org. */
export function emailHint(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '•••'
  return `${email.slice(0, 1)}${'•'.repeat(Math.min(5, at - 1) || 1)}${email.slice(at)}`
}

async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Sets someone's password on an admin's or operator's authority (the caller has checked who they are). */
export async function setPasswordFor(
  ctx: AppContext,
  user: User,
  input: NewPasswordInput & { requireChangeAtNextSignIn?: boolean | undefined },
  by: Actor,
  client: Client,
): Promise<AccountResult> {
  const prepared = await prepareNewPassword(ctx, passwordContextOf(user), input)
  if (!prepared.ok) return prepared
  await ctx.db.transaction().execute((trx) =>
    recordNewPassword(ctx, trx, {
      user,
      passwordHash: prepared.hash,
      way: by.id === null ? 'operator' : 'admin',
      actor: by,
      client,
      requireChangeAtNextSignIn: input.requireChangeAtNextSignIn ?? false,
    }),
  )
  return { ok: true, user }
}

export type AdminSetPasswordResult =
  | AccountResult
  | { ok: false; reason: 'wrong_password' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  /** The admin's own session died meanwhile: password changed, demoted or deactivated. */
  | { ok: false; reason: 'session_ended' }
  /** The admin's session was not signed in with two factors (where admins must have them). */
  | { ok: false; reason: 'two_factors_needed' }

/**
 * An admin sets someone's password after confirming it is them with their OWN password (the user
 * guide's "Updating password"). The admin's account must still be an active admin at the password
 * generation that was confirmed when the change commits: the admin's own password changed while
 * theirs was being checked must not let the old one through. The session itself must have been
 * signed in with two factors, where admins must have them.
 */
export async function setPasswordAsAdmin(
  ctx: AppContext,
  change: {
    admin: ActiveSession
    adminPassword: string
    user: User
    input: NewPasswordInput & { requireChangeAtNextSignIn?: boolean | undefined }
    client: Client
  },
): Promise<AdminSetPasswordResult> {
  const { admin, user, input, client } = change
  if (!strongEnoughForAdmin(ctx, admin)) return { ok: false, reason: 'two_factors_needed' }
  const identity = await confirmOwnPassword(ctx, admin, change.adminPassword, client)
  if (!identity.ok) return identity
  const prepared = await prepareNewPassword(ctx, passwordContextOf(user), input)
  if (!prepared.ok) return prepared
  const by = actorOf(admin)
  return ctx.db.transaction().execute(async (trx): Promise<AdminSetPasswordResult> => {
    const stillAdmin = await holdAccount(trx, admin.user.id, {
      active: true,
      role: 'admin',
      passwordGeneration: admin.user.password_generation,
    })
    if (!stillAdmin) return { ok: false, reason: 'session_ended' }
    await recordNewPassword(ctx, trx, {
      user,
      passwordHash: prepared.hash,
      way: 'admin',
      actor: by,
      client,
      requireChangeAtNextSignIn: input.requireChangeAtNextSignIn ?? false,
    })
    return { ok: true, user }
  })
}

/**
 * Signs a person out everywhere: every browser session and API token. Audited only when a session
 * ended: the count is the rows this DELETE removed, in the same transaction as the event, so a
 * sign-in at the same moment cannot make the log say "signed out" about nothing (or miss one).
 */
export async function revokeSessions(ctx: AppContext, user: User, by: Actor, client: Client): Promise<number> {
  const now = ctx.clock()
  return ctx.db.transaction().execute(async (trx) => {
    const ended = await endAllSessions(trx, user.id)
    if (ended === 0) return 0
    await recordEvent(trx, { type: 'sessions_revoked', user, actor: by, client, details: { sessionsEnded: ended } }, now)
    return ended
  })
}
