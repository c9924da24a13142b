// The emails an admin (console, API) or an operator (CLI) sends on someone's behalf: a reset link,
// or the invitation again. Each is throttled per account, queued with its audit event in one
// transaction, and delivered by the mail worker.
import type { Actor, AppContext, Client } from '../context'
import type { User } from '../db/schema'
import { enqueueEmail, invitationPayload } from '../mail/outbox'
import { recordEvent } from './audit'
import { countAttempt } from './throttle'

export type SendResetResult =
  { ok: true; recipient: string } | { ok: false; reason: 'inactive' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/** Emails a person a reset link on an admin's request, under the same token rules as self-service. */
export async function sendPasswordResetEmail(ctx: AppContext, user: User, by: Actor, client: Client): Promise<SendResetResult> {
  if (user.status !== 'active') return { ok: false, reason: 'inactive' }
  const now = ctx.clock()
  const verdict = await countAttempt(ctx.db, `admin-reset:user:${user.id}`, ctx.config.throttle.resetPerAccount, now)
  if (!verdict.allowed) {
    ctx.metrics.resetRequested('admin', 'throttled')
    return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await enqueueEmail(trx, { template: 'password-reset', userId: user.id, recipient: user.email, payload: { sentByAdmin: true } }, now)
    await recordEvent(
      trx,
      { type: 'password_reset_requested', user, actor: by, client, details: { outcome: 'email_queued', by: 'admin' } },
      now,
    )
  })
  ctx.metrics.resetRequested('admin', 'email_queued')
  ctx.wakeMailWorker()
  return { ok: true, recipient: user.email }
}

export type SendInvitationResult =
  | { ok: true; recipient: string }
  | { ok: false; reason: 'inactive' | 'has_password' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Emails an invited person a new invitation link (the first one expired, went to a mistyped
 * address, or was lost). Only for an account that has no password yet: anyone else gets a reset.
 */
export async function sendInvitationAgain(ctx: AppContext, user: User, by: Actor, client: Client): Promise<SendInvitationResult> {
  if (user.status !== 'active') return { ok: false, reason: 'inactive' }
  if (user.password_hash !== null) return { ok: false, reason: 'has_password' }
  const now = ctx.clock()
  const verdict = await countAttempt(ctx.db, `admin-invitation:user:${user.id}`, ctx.config.throttle.resetPerAccount, now)
  if (!verdict.allowed) {
    ctx.metrics.invitationRequested('again', 'throttled')
    return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await enqueueEmail(trx, { template: 'invitation', userId: user.id, recipient: user.email, payload: invitationPayload(by) }, now)
    await recordEvent(trx, { type: 'invitation_sent', user, actor: by, client, details: { again: true } }, now)
  })
  ctx.metrics.invitationRequested('again', 'email_queued')
  ctx.wakeMailWorker()
  return { ok: true, recipient: user.email }
}
