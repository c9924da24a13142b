// The background worker: settles forgot-password requests, delivers the outbox with retries and
// backoff, and prunes what has expired. It runs in every server process; the database decides
// which process handles which row, so any number of them can share one database. Its work shares
// the thread that answers requests, so when it works and how much must not depend on whether a
// forgot-password request named an existing account: it starts each round on a fixed beat (beat.ts)
// and rehearses the delivery of the reset emails it does not send (rehearsal.ts).
import { setImmediate as yieldToOthers, setTimeout as sleep } from 'node:timers/promises'
import { recordEvent } from '../accounts/audit'
import { mintLinkToken, resetLinkUrl, settleNextResetRequest } from '../accounts/password-reset'
import { hashToken } from '../accounts/secrets'
import { findUserById, holdAccount } from '../accounts/users'
import type { AppContext } from '../context'
import { linkLifetimeMinutes } from '../config'
import type { OutboxMessage, User } from '../db/schema'
import { translator } from '../../src-shared/i18n/translator'
import {
  claimDueMessage,
  extendClaim,
  isStillPending,
  markFinal,
  markSent,
  nextDueTime,
  outboxPayloads,
  scheduleRetry,
} from '../mail/outbox'
import { renderEmail, type EmailContent } from '../mail/templates'
import { WorkerBeat } from './beat'
import { pruneExpired } from './prune'
import { startRehearsals } from './rehearsal'
import { MailDeliveryError, PARALLEL_SENDS, type MailTransport } from '../mail/transport'

/**
 * A claimed message is ours for this long, and the claim is renewed every CLAIM_RENEW_MS while its
 * delivery lasts (a slow mail server may hold it for the transport's timeouts, about a minute). So
 * a worker that died mid-delivery (SIGKILL, a crash, a power cut) loses the message soon, and the
 * restarted server or another process sends it; with a fixed two-minute claim it waited that long.
 * The renewal gets several tries within one claim, each allowed SQLite's 5 s busy timeout.
 */
const CLAIM_MS = 15_000
const CLAIM_RENEW_MS = 4_000
/** Longest sleep between looks at the database (other processes may have queued work). */
const POLL_MS = 2_000
const PRUNE_EVERY_MS = 10 * 60_000
const MAX_BACKOFF_MS = 10 * 60_000
/** A message refused outright by the mail server is tried this many times before giving up. */
const PERMANENT_FAILURE_ATTEMPTS = 3
/** A message that could not be delivered for this long is given up on and logged as failed. */
const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60_000

export interface MailWorker {
  wake(): void
  /** Finishes the work in hand, then stops. */
  stop(): Promise<void>
}

export function startMailWorker(ctx: AppContext, transport: MailTransport): MailWorker {
  const beat = new WorkerBeat()
  let lastPrune = 0
  const rehearsals = startRehearsals(ctx, transport)

  async function untilNextLook(): Promise<number> {
    const next = await nextDueTime(ctx.db)
    const untilDue = next ? next.getTime() - ctx.clock().getTime() : POLL_MS
    return Math.max(0, Math.min(POLL_MS, untilDue))
  }

  async function runOnce(): Promise<void> {
    beat.beginRound()
    // better-sqlite3 answers synchronously: without a pause between steps, a loop of them would run
    // as one chain of microtasks and hold off the requests this thread also answers until it ends.
    while (!beat.stopped) {
      const settled = await settleNextResetRequest(ctx)
      if (settled === false) break
      rehearsals.owe(settled)
      await yieldToOthers()
    }
    // Several deliveries at once (each claims its own message), so one slow exchange with the
    // mail server does not hold up the rest. A slot with no message due rehearses one owed.
    await Promise.all(
      Array.from({ length: PARALLEL_SENDS }, async () => {
        while (!beat.stopped && ((await deliverNext(ctx, rehearsals.transport)) || (await rehearsals.next()))) {
          await yieldToOthers()
        }
      }),
    )
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now()
      await pruneExpired(ctx.db, ctx.clock(), ctx.config.sessionIdleMinutes)
    }
  }

  const loop = (async () => {
    while (!beat.stopped) {
      try {
        await runOnce()
        await beat.idle(untilNextLook)
      } catch (error) {
        ctx.log.error({ event: 'mail_worker_error', err: error }, 'Mail worker step failed; retrying shortly')
        await sleep(POLL_MS)
      }
    }
  })()

  return {
    wake: () => beat.wake(),
    async stop() {
      beat.stop()
      await loop
      transport.close()
    },
  }
}

/** Delivers one due message. Returns false when nothing was due. */
async function deliverNext(ctx: AppContext, transport: MailTransport): Promise<boolean> {
  const message = await claimDueMessage(ctx.db, ctx.clock(), CLAIM_MS)
  if (!message) return false
  const renewal = setInterval(() => void renewClaim(ctx, message), CLAIM_RENEW_MS)
  try {
    await deliverClaimed(ctx, transport, message)
  } finally {
    clearInterval(renewal)
  }
  return true
}

async function renewClaim(ctx: AppContext, message: OutboxMessage): Promise<void> {
  try {
    await extendClaim(ctx.db, message, new Date(ctx.clock().getTime() + CLAIM_MS))
  } catch (error) {
    // The claim lasts for a few more renewals; a database too busy for all of them is logged again.
    ctx.log.warn(
      { event: 'email_claim_renewal_failed', outboxId: message.id, err: error },
      'Could not renew the claim on an email being delivered',
    )
  }
}

async function deliverClaimed(ctx: AppContext, transport: MailTransport, message: OutboxMessage): Promise<void> {
  let prepared: PreparedEmail | undefined
  try {
    prepared = await prepareContent(ctx, message)
    if (!prepared) {
      await markFinal(ctx.db, message.id, 'cancelled', null)
      return
    }
    const rendered = renderEmail(prepared.content, translator(prepared.language))
    await transport.send({
      from: ctx.config.mailFrom ?? `TextUp <no-reply@${ctx.publicUrl.hostname}>`,
      to: message.recipient,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: `<textup.${message.id}.${Date.parse(message.created_at)}@${ctx.publicUrl.hostname}>`,
    })
  } catch (error) {
    // The link in an email that did not go out must not stay usable; a retry mints a new one.
    if (prepared?.tokenHash) await revokeToken(ctx.db, prepared.tokenHash, ctx.clock())
    await handleFailure(ctx, message, error)
    return
  }
  const { content } = prepared
  const now = ctx.clock()
  await ctx.db.transaction().execute(async (trx) => {
    await markSent(trx, message.id, now)
    await recordEvent(
      trx,
      {
        type: message.template === 'password-reset' ? 'password_reset_emailed' : 'email_sent',
        user: { id: message.user_id, username: content.username },
        details: { template: message.template, outboxId: message.id, attempts: message.attempts },
      },
      now,
    )
  })
  ctx.log.info({ event: 'email_sent', outboxId: message.id, template: message.template }, 'Email delivered')
  ctx.metrics.emailDelivery('sent')
}

/**
 * Builds what the email says. For a link email, mints the token now — only if the message is still
 * wanted (a password set meanwhile cancels it), the account is still active and its email address
 * is still the one the message was queued for (an address changed because the old mailbox was lost
 * must not receive a fresh link).
 */
interface PreparedEmail {
  content: EmailContent
  /** The language it is written in: the account's preferred language now (see languageOf). */
  language: User['preferred_language']
  /** The hash of the link's token, for an email that carries one. */
  tokenHash?: string
}

async function revokeToken(db: AppContext['db'], tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable('password_reset_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .execute()
}

/**
 * The language of an email: the account's preferred language when the email is rendered, that is
 * when it is delivered (every attempt renders it again), not when it was queued. The outbox row
 * holds what the email is about (template, account, address, payload) and nothing of its words, so
 * a crash or an SMTP outage loses nothing: the retry renders it from the row and the account. A
 * person who changes their language while an email waits, during an outage say, gets it in the
 * language they chose last, which is the one they now read; the same rule as the display name,
 * which is also read at delivery. An email whose account is gone (accounts are deactivated, not
 * deleted, so this should not happen) is written in the server's DEFAULT_LANGUAGE.
 */
function languageOf(ctx: AppContext, user: User | undefined): User['preferred_language'] {
  return user?.preferred_language ?? ctx.config.defaultLanguage
}

async function prepareContent(ctx: AppContext, message: OutboxMessage): Promise<PreparedEmail | undefined> {
  const user = message.user_id ? await findUserById(ctx.db, message.user_id) : undefined
  const payload = JSON.parse(message.payload) as unknown
  const language = languageOf(ctx, user)
  switch (message.template) {
    case 'password-reset':
    case 'invitation': {
      if (!user || user.status !== 'active' || user.email !== message.recipient) return undefined
      const purpose = message.template === 'invitation' ? 'invitation' : 'reset'
      const ttl = linkLifetimeMinutes(ctx.config, purpose)
      // The account first, as every password change locks it: still active and still at this
      // address until the token is stored; then the message, which a password set meanwhile cancels.
      const minted = await ctx.db
        .transaction()
        .execute(async (trx) =>
          (await holdAccount(trx, user.id, { active: true, email: message.recipient })) && (await isStillPending(trx, message.id))
            ? mintLinkToken(ctx, trx, { user, purpose, email: message.recipient, ttlMinutes: ttl })
            : undefined,
        )
      if (!minted) return undefined
      const link = resetLinkUrl(ctx, minted.token, purpose).href
      const base = { displayName: user.display_name, username: user.username, link, expiresInMinutes: ttl }
      const tokenHash = hashToken(minted.token)
      if (message.template === 'invitation') {
        const { invitedBy } = outboxPayloads.invitation.parse(payload)
        return { tokenHash, language, content: { template: 'invitation', ...base, invitedBy } }
      }
      return {
        tokenHash,
        language,
        content: { template: 'password-reset', ...base, sentByAdmin: outboxPayloads['password-reset'].parse(payload).sentByAdmin },
      }
    }
    case 'email-changed': {
      const details = outboxPayloads['email-changed'].parse(payload)
      const content: EmailContent = {
        template: 'email-changed',
        displayName: user?.display_name,
        username: user?.username ?? '',
        changedAt: new Date(details.changedAt),
        newEmailHint: details.newEmailHint,
        adminName: details.adminName,
      }
      return { content, language }
    }
    case 'password-changed': {
      const details = outboxPayloads['password-changed'].parse(payload)
      const content: EmailContent = {
        template: 'password-changed',
        displayName: user?.display_name,
        username: user?.username ?? '',
        changedAt: new Date(details.changedAt),
        way: details.way,
        adminName: details.adminName,
        forgotPasswordUrl: new URL('/forgot-password', ctx.publicUrl).href,
      }
      return { content, language }
    }
    case 'second-factor-changed': {
      const details = outboxPayloads['second-factor-changed'].parse(payload)
      const content: EmailContent = {
        template: 'second-factor-changed',
        displayName: user?.display_name,
        username: user?.username ?? '',
        change: details.change,
        changedAt: new Date(details.changedAt),
        adminName: details.adminName,
        passkeyName: details.passkeyName,
        recoveryCodesLeft: details.recoveryCodesLeft,
        accountUrl: new URL('/account', ctx.publicUrl).href,
      }
      return { content, language }
    }
    default:
      throw new MailDeliveryError(`Unknown email template "${message.template}"`, true)
  }
}

async function handleFailure(ctx: AppContext, message: OutboxMessage, error: unknown): Promise<void> {
  const now = ctx.clock()
  const reason = error instanceof Error ? error.message : String(error)
  const permanent = error instanceof MailDeliveryError && error.permanent
  ctx.metrics.emailDelivery(permanent ? 'permanent_failure' : 'temporary_failure')
  const tooOld = now.getTime() - Date.parse(message.created_at) > GIVE_UP_AFTER_MS
  if ((permanent && message.attempts >= PERMANENT_FAILURE_ATTEMPTS) || tooOld) {
    // The audit log names the account as it is now, like every other event (not an empty name).
    const user = message.user_id ? await findUserById(ctx.db, message.user_id) : undefined
    await ctx.db.transaction().execute(async (trx) => {
      await markFinal(trx, message.id, 'failed', reason)
      await recordEvent(
        trx,
        {
          type: 'email_failed',
          user: message.user_id ? { id: message.user_id, username: user?.username ?? '' } : undefined,
          details: { template: message.template, outboxId: message.id, attempts: message.attempts, reason: reason.slice(0, 300) },
        },
        now,
      )
    })
    ctx.log.error({ event: 'email_failed', outboxId: message.id, template: message.template, reason }, 'Email given up on')
    return
  }
  // Exponential backoff with jitter, so a recovering mail server is not hit by every message at once.
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(message.attempts, 20))
  const retryAt = new Date(now.getTime() + base * (0.8 + Math.random() * 0.4))
  await scheduleRetry(ctx.db, message.id, retryAt, reason)
  ctx.log.warn(
    { event: 'email_retry', outboxId: message.id, attempts: message.attempts, retryAt: retryAt.toISOString(), reason },
    'Email delivery failed; will retry',
  )
}
