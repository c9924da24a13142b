// The one rule for every way a password gets set (own change, reset link, admin, operator,
// invitation): check it against the policy, store its hash, then end every session of the person,
// kill every outstanding reset link, tell them by email and write the audit event.
import type { Kysely } from 'kysely'
import { assessPassword, normalizePassword } from '../../src-shared/password-policy'
import type { FieldErrors } from '../../src-shared/errors'
import type { Actor, AppContext, Client } from '../context'
import type { Database, User } from '../db/schema'
import { cancelPendingLinks, enqueueEmail } from '../mail/outbox'
import type { PasswordChangeWay } from '../mail/templates'
import { recordEvent } from './audit'
import { endAllSessions } from './sessions'

export interface NewPasswordInput {
  newPassword: string
  newPasswordConfirmation: string
}

export type PreparedPassword = { ok: true; hash: string } | { ok: false; errors: FieldErrors }

export const PASSWORDS_DO_NOT_MATCH = 'The two passwords do not match. Type the same new password in both fields.'

/** Checks a new password against the policy and the confirmation, then hashes it. */
export async function prepareNewPassword(
  ctx: AppContext,
  person: { username: string; displayName: string; email: string },
  input: NewPasswordInput,
): Promise<PreparedPassword> {
  const errors: FieldErrors = {}
  const assessment = await assessPassword(input.newPassword, {
    minLength: ctx.config.passwordMinLength,
    context: person,
  })
  if (!assessment.ok) errors.newPassword = assessment.problems.map((p) => p.message)
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
      user: { id: user.id, username: user.username },
      actor: change.actor,
      client: change.client,
      details: { way: change.way, sessionsEnded, requireChangeAtNextSignIn: Boolean(change.requireChangeAtNextSignIn) },
    },
    now,
  )
  ctx.wakeMailWorker()
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
