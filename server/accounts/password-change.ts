// The one rule for every way a password gets set (own change, reset link, admin, operator,
// invitation): check it against the policy, store its hash and move the account to a new password
// generation, then end every session of the person, kill every outstanding reset link, tell them
// by email and write the audit event. Also the person's own changes on the account pages.
import { sql, type Kysely } from 'kysely'
import type { PasswordChangeWay } from '../../src-shared/accounts'
import { assessPassword, normalizePassword, type PasswordContext } from '../../src-shared/password-policy'
import type { FieldErrors } from '../../src-shared/errors'
import type { Actor, AppContext, Client } from '../context'
import type { Database, User } from '../db/schema'
import { cancelPendingLinks, enqueueEmail } from '../mail/outbox'
import { recordEvent } from './audit'
import { endAllSessions, type ActiveSession } from './sessions'
import { confirmOwnPassword } from './sign-in'
import { holdAccount, passwordContextOf } from './users'
import { translator } from '../../src-shared/i18n/translator'

export interface NewPasswordInput {
  newPassword: string
  newPasswordConfirmation: string
}

export type PreparedPassword = { ok: true; hash: string } | { ok: false; errors: FieldErrors }

export const PASSWORDS_DO_NOT_MATCH = 'The two passwords do not match. Type the same new password in both fields.'

/** Checks a new password against the policy and the confirmation, then hashes it. */
export async function prepareNewPassword(ctx: AppContext, person: PasswordContext, input: NewPasswordInput): Promise<PreparedPassword> {
  const errors: FieldErrors = {}
  const assessment = await assessPassword(input.newPassword, {
    minLength: ctx.config.passwordMinLength,
    context: person,
  })
  // English until the request's language reaches this layer (the API's messages are being localised).
  if (!assessment.ok) errors.newPassword = assessment.problems.map((p) => translator('en').text(p.message))
  if (!input.newPasswordConfirmation) {
    errors.newPasswordConfirmation = ['Type the new password again to confirm it.']
  } else if (normalizePassword(input.newPasswordConfirmation) !== normalizePassword(input.newPassword)) {
    errors.newPasswordConfirmation = [PASSWORDS_DO_NOT_MATCH]
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, hash: await ctx.passwords.hash(input.newPassword) }
}

export interface PasswordChange {
  user: User
  passwordHash: string
  way: PasswordChangeWay
  /** The admin or operator who set it, when it was not the person themself. */
  actor?: Actor | undefined
  client: Client
  requireChangeAtNextSignIn?: boolean
}

/** Stores a prepared password and applies everything that follows from it. Run inside a transaction. */
export async function recordNewPassword(ctx: AppContext, trx: Kysely<Database>, change: PasswordChange): Promise<void> {
  const now = ctx.clock()
  const { user } = change
  await trx
    .updateTable('users')
    .set({
      password_hash: change.passwordHash,
      password_generation: sql<number>`password_generation + 1`,
      password_changed_at: now.toISOString(),
      must_change_password: change.requireChangeAtNextSignIn ? 1 : 0,
      updated_at: now.toISOString(),
    })
    .where('id', '=', user.id)
    .execute()
  const sessionsEnded = await endAllSessions(trx, user.id)
  await revokeOutstandingLinks(trx, user.id, now)
  if (change.way !== 'invitation') {
    await enqueueEmail(
      trx,
      {
        template: 'password-changed',
        userId: user.id,
        recipient: user.email,
        payload: { changedAt: now.toISOString(), way: change.way, adminName: change.actor?.displayName },
      },
      now,
    )
  }
  await recordEvent(
    trx,
    {
      type: 'password_changed',
      user,
      actor: change.actor,
      client: change.client,
      details: { way: change.way, sessionsEnded, requireChangeAtNextSignIn: Boolean(change.requireChangeAtNextSignIn) },
    },
    now,
  )
  ctx.wakeMailWorker()
}

export type OwnPasswordChange =
  | { ok: true }
  | { ok: false; reason: 'wrong_password' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'invalid'; errors: FieldErrors }
  /** The session died meanwhile (the password was changed elsewhere, or the account deactivated). */
  | { ok: false; reason: 'session_ended' }

/** A signed-in person changes their own password, proving who they are with the current one. */
export async function changeOwnPassword(
  ctx: AppContext,
  session: ActiveSession,
  input: NewPasswordInput & { currentPassword: string },
  client: Client,
): Promise<OwnPasswordChange> {
  const identity = await confirmOwnPassword(ctx, session, input.currentPassword, client)
  if (!identity.ok) return identity
  return storeOwnPassword(ctx, session, input, client)
}

/**
 * The new password an administrator required at the next sign-in. No current password is asked:
 * the person has just signed in with it, in this session.
 */
export async function completeRequiredChange(
  ctx: AppContext,
  session: ActiveSession,
  input: NewPasswordInput,
  client: Client,
): Promise<OwnPasswordChange> {
  if (!session.user.must_change_password) return { ok: false, reason: 'session_ended' }
  return storeOwnPassword(ctx, session, input, client)
}

async function storeOwnPassword(
  ctx: AppContext,
  session: ActiveSession,
  input: NewPasswordInput,
  client: Client,
): Promise<OwnPasswordChange> {
  const { user } = session
  const prepared = await prepareNewPassword(ctx, passwordContextOf(user), input)
  if (!prepared.ok) return { ok: false, reason: 'invalid', errors: prepared.errors }
  return ctx.db.transaction().execute(async (trx): Promise<OwnPasswordChange> => {
    // What was proved (this session, its password) must still hold when the change commits.
    if (!(await holdAccount(trx, user.id, { active: true, passwordGeneration: user.password_generation })))
      return { ok: false, reason: 'session_ended' }
    await recordNewPassword(ctx, trx, { user, passwordHash: prepared.hash, way: 'self', client })
    return { ok: true }
  })
}

/** Every unused reset or invitation link of the person dies, including those not yet emailed. */
export async function revokeOutstandingLinks(trx: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await trx
    .updateTable('password_reset_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
  await cancelPendingLinks(trx, userId)
}
