// Self-service password reset: "Forgot password" → an emailed link → a new password.
//
// A forgot-password request only records what was typed and answers; the account lookup, the
// throttling and the email happen later in the worker. So the answer is the same, in content and in
// time, for an existing, unknown, deactivated or throttled username. The link's token is minted when
// the email is delivered (see jobs/mail-worker.ts) and stored only as a SHA-256 hash. Opening the link
// does not use it up; only setting the new password does, exactly once. Only an account's newest
// link works, and only while the account's email address is still the one it was sent to.
import { usernameKey } from '../../src-shared/accounts'
import { addMinutes } from '../clock'
import type { AppContext, Client } from '../context'
import type { ResetTokenPurpose, User } from '../db/schema'
import { enqueueEmail } from '../mail/outbox'
import { recordEvent } from './audit'
import { prepareNewPassword, recordNewPassword, type NewPasswordInput } from './password-change'
import type { FieldMessages } from '../../src-shared/errors'
import { engineOf } from '../db/engine'
import { hashToken, newToken, TOKEN_PATTERN } from './secrets'
import { addressKey, countAttempt } from './throttle'
import { findUserById, holdAccount, passwordContextOf } from './users'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** Records a forgot-password request for the worker. Does the same work whatever was typed. */
export async function requestPasswordReset(ctx: AppContext, request: { username: string; client: Client }): Promise<void> {
  await ctx.db
    .insertInto('reset_requests')
    .values({
      username_key: usernameKey(request.username),
      client_address: request.client.address,
      requested_at: ctx.clock().toISOString(),
    })
    .execute()
  ctx.wakeMailWorker()
}

export type ResetRequestOutcome = 'email_queued' | 'unknown_username' | 'deactivated' | 'throttled' | 'password_set_since'

export interface SettledResetRequest {
  outcome: ResetRequestOutcome
  usernameKey: string
}

/**
 * Takes the oldest waiting forgot-password request and settles it in one transaction: throttle,
 * lookup, queued email and audit event all happen, or none do. Returns false when none was waiting.
 */
export async function settleNextResetRequest(ctx: AppContext): Promise<SettledResetRequest | false> {
  const settled = await ctx.db.transaction().execute(async (trx) => {
    // Claiming with a write as the first statement takes SQLite's write lock at once, so two
    // processes never settle the same request.
    // On PostgreSQL, a request another process is settling right now is skipped, not waited for.
    const oldest = trx.selectFrom('reset_requests').select('id').orderBy('id').limit(1)
    const request = await trx
      .deleteFrom('reset_requests')
      .where('id', '=', engineOf(trx) === 'postgres' ? oldest.forUpdate().skipLocked() : oldest)
      .returningAll()
      .executeTakeFirst()
    if (!request) return false
    const now = ctx.clock()
    const client: Client = { address: request.client_address, userAgent: null }
    const [byAccount, byAddress] = await Promise.all([
      countAttempt(trx, `reset:account:${request.username_key}`, ctx.config.throttle.resetPerAccount, now),
      countAttempt(trx, `reset:address:${addressKey(request.client_address)}`, ctx.config.throttle.resetPerAddress, now),
    ])
    const user = await trx.selectFrom('users').selectAll().where('username_key', '=', request.username_key).executeTakeFirst()
    // A password set after the request was made (by an admin, say, while the worker was busy) has
    // already answered it: a link minted now would outlive the rule that a new password kills them all.
    const passwordSetSince = user?.password_changed_at != null && user.password_changed_at > request.requested_at
    const outcome: ResetRequestOutcome =
      !byAccount.allowed || !byAddress.allowed
        ? 'throttled'
        : !user
          ? 'unknown_username'
          : user.status !== 'active'
            ? 'deactivated'
            : passwordSetSince
              ? 'password_set_since'
              : 'email_queued'
    if (outcome === 'email_queued' && user) {
      await enqueueEmail(trx, { template: 'password-reset', userId: user.id, recipient: user.email, payload: { sentByAdmin: false } }, now)
    }
    await recordEvent(
      trx,
      {
        type: 'password_reset_requested',
        user: { id: user?.id ?? null, username: user?.username ?? request.username_key },
        client,
        details: { outcome, requestedAt: request.requested_at },
      },
      now,
    )
    return { outcome, usernameKey: request.username_key }
  })
  if (settled) ctx.metrics.resetRequested('self', settled.outcome)
  return settled
}

/**
 * Mints the token of an emailed link, bound to the address it goes to. Called by the mail worker
 * just before it sends the email, in a transaction that holds the account at that address. Every
 * earlier link of the account dies: only the newest one works.
 */
export async function mintLinkToken(
  ctx: AppContext,
  trx: Kysely<Database>,
  link: { user: Pick<User, 'id'>; purpose: ResetTokenPurpose; email: string; ttlMinutes: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken()
  const now = ctx.clock()
  const expiresAt = addMinutes(now, link.ttlMinutes)
  await trx
    .updateTable('password_reset_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', link.user.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
  await trx
    .insertInto('password_reset_tokens')
    .values({
      token_hash: hashToken(token),
      user_id: link.user.id,
      purpose: link.purpose,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
      revoked_at: null,
      email: link.email,
    })
    .execute()
  return { token, expiresAt }
}

export function resetLinkUrl(ctx: AppContext, token: string, purpose: ResetTokenPurpose): URL {
  const url = new URL(purpose === 'invitation' ? '/welcome' : '/reset-password', ctx.publicUrl)
  url.searchParams.set('token', token)
  return url
}

export type LinkState =
  | { state: 'valid'; user: User; purpose: ResetTokenPurpose; expiresAt: Date; email: string }
  | { state: 'invalid' | 'expired' | 'used' | 'revoked' }

/** What a reset link's token is worth right now. Looking does not use it up. */
export async function inspectLink(ctx: AppContext, token: string): Promise<LinkState> {
  if (!TOKEN_PATTERN.test(token)) return { state: 'invalid' }
  const row = await ctx.db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
  if (!row) return { state: 'invalid' }
  if (row.used_at) return { state: 'used' }
  if (row.revoked_at) return { state: 'revoked' }
  const expiresAt = new Date(row.expires_at)
  if (ctx.clock() >= expiresAt) return { state: 'expired' }
  const user = await findUserById(ctx.db, row.user_id)
  // A link sent to an address the account no longer has is dead, even if its revocation was missed.
  if (!user || user.status !== 'active' || row.email === null || row.email !== user.email) return { state: 'revoked' }
  return { state: 'valid', user, purpose: row.purpose, expiresAt, email: row.email }
}

export type LinkResetResult =
  | { ok: true; user: User }
  | { ok: false; state: Exclude<LinkState['state'], 'valid'> }
  | { ok: false; state: 'valid'; errors: FieldMessages; user: User }

/**
 * Sets a new password with a link's token. The token is used up in the same transaction that stores
 * the password, by a conditional update: of two simultaneous submissions exactly one succeeds.
 */
export async function resetPasswordWithLink(
  ctx: AppContext,
  submission: NewPasswordInput & { token: string; client: Client },
): Promise<LinkResetResult> {
  const link = await inspectLink(ctx, submission.token)
  if (link.state !== 'valid') return { ok: false, state: link.state }
  const { user } = link
  const prepared = await prepareNewPassword(ctx, passwordContextOf(user), submission)
  if (!prepared.ok) return { ok: false, state: 'valid', errors: prepared.errors, user }

  const tokenHash = hashToken(submission.token)
  return ctx.db.transaction().execute(async (trx): Promise<LinkResetResult> => {
    const now = ctx.clock()
    // The account first (the lock order of every password change): still active, and still at
    // the address the link was sent to, until this commits.
    if (!(await holdAccount(trx, user.id, { active: true, email: link.email }))) return { ok: false, state: 'revoked' }
    const used = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst()
    if (Number(used.numUpdatedRows) !== 1) {
      // Someone else used or revoked it while the new password was being hashed.
      const again = await trx
        .selectFrom('password_reset_tokens')
        .select(['used_at', 'revoked_at'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
      return { ok: false, state: again?.used_at ? 'used' : again?.revoked_at ? 'revoked' : 'expired' }
    }
    // Re-read inside the transaction: the account may have changed while the hash was computed.
    const current = await trx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow()
    await recordNewPassword(ctx, trx, {
      user: current,
      passwordHash: prepared.hash,
      way: link.purpose === 'invitation' ? 'invitation' : 'reset_link',
      client: submission.client,
    })
    await recordEvent(trx, { type: 'password_reset_completed', user, client: submission.client, details: { purpose: link.purpose } }, now)
    return { ok: true, user: current }
  })
}

export async function pruneLinkTokens(db: Kysely<Database>, olderThan: Date): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('expires_at', '<', olderThan.toISOString()).execute()
}
