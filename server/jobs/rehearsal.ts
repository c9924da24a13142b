// What the mail worker does for a forgot-password request that is owed no email (an unknown
// username, a deactivated account, a password set since the request): the work of delivering a
// reset email — the same database commits, the email rendered and built, as long a wait as the mail
// server's last exchange — sent nowhere. The worker's work delays whatever request this thread
// answers next; rehearsed, its amount no longer says whether the username exists (SECURITY.md).
// What is not rehearsed: the exchange with the mail server itself (the kernel's socket work);
// without SMTP, the transport writes the message to the null device instead of a file.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import { resetLinkUrl, type SettledResetRequest } from '../accounts/password-reset'
import { hashToken, newToken } from '../accounts/secrets'
import { findUserByUsername } from '../accounts/users'
import type { AppContext } from '../context'
import type { Database } from '../db/schema'
import { renderEmail } from '../mail/templates'
import { translator } from '../../src-shared/i18n/translator'
import type { MailTransport } from '../mail/transport'

/** The rehearsal's own counter rows are named so; nothing else uses the prefix. */
export const REHEARSAL_KEY_PREFIX = 'rehearsal:'

export interface Rehearsals {
  /** The transport for real deliveries: the same one, timing each exchange with the mail server. */
  transport: MailTransport
  /** Takes note of a settled request: one that passed the throttles but is owed no email is owed a rehearsal. */
  owe(settled: SettledResetRequest): void
  /** Rehearses the oldest owed delivery; false when none is owed. */
  next(): Promise<boolean>
}

export function startRehearsals(ctx: AppContext, transport: MailTransport): Rehearsals {
  const owed: SettledResetRequest[] = []
  let exchangeMs = 0
  return {
    transport: {
      ...transport,
      async send(message) {
        const started = performance.now()
        try {
          await transport.send(message)
        } finally {
          exchangeMs = performance.now() - started
        }
      },
    },
    owe(settled) {
      // A throttled request gets neither: whether it is throttled does not depend on the username existing.
      if (settled.outcome !== 'email_queued' && settled.outcome !== 'throttled') owed.push(settled)
    },
    async next() {
      const request = owed.shift()
      if (!request) return false
      await rehearse(ctx, transport, request, exchangeMs)
      return true
    },
  }
}

/** The steps of mail-worker.ts's delivery of a reset email, in order, each with the same kind of database work. */
async function rehearse(ctx: AppContext, transport: MailTransport, request: SettledResetRequest, exchangeMs: number): Promise<void> {
  // Each step's writes really change a row, so that each commit costs what a delivery's does (its
  // fsync is the costliest part; SQLite skips writing a row that an update leaves as it was). The
  // row is the rehearsal's own, in the table of short-lived counters: no throttle reads its key,
  // and the daily pruning would remove it if the process died before deleting it.
  const key = `${REHEARSAL_KEY_PREFIX}${randomUUID()}`
  const write = (db: Kysely<Database>) =>
    db
      .updateTable('throttle_counters')
      .set({ count: sql<number>`count + 1` })
      .where('key', '=', key)
      .execute()
  // Claiming the message: one write.
  await ctx.db.insertInto('throttle_counters').values({ key, window_started_at: ctx.clock().toISOString(), count: 0 }).execute()
  // Reading the account, then minting the link's token: two writes, one commit.
  await findUserByUsername(ctx.db, request.usernameKey)
  const token = newToken()
  await ctx.db.transaction().execute(async (trx) => {
    await write(trx)
    hashToken(token)
    await write(trx)
  })
  const rendered = renderEmail(
    {
      template: 'password-reset',
      displayName: request.usernameKey,
      username: request.usernameKey,
      link: resetLinkUrl(ctx, token, 'reset').href,
      expiresInMinutes: ctx.config.resetLinkTtlMinutes,
      sentByAdmin: false,
    },
    translator(ctx.config.defaultLanguage),
  )
  const started = performance.now()
  const host = ctx.publicUrl.hostname
  await transport.rehearse({
    from: ctx.config.mailFrom ?? `TextUp <no-reply@${host}>`,
    to: `no-reply@${host}`,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: `<textup.0.${Date.now()}@${host}>`,
  })
  await sleep(Math.max(0, exchangeMs - (performance.now() - started)))
  // Marking it sent and auditing it: two writes, one commit; and the delivery's log line.
  await ctx.db.transaction().execute(async (trx) => {
    await write(trx)
    await trx.deleteFrom('throttle_counters').where('key', '=', key).execute()
  })
  ctx.log.info({ event: 'email_rehearsed', outcome: request.outcome }, 'No email owed: its delivery rehearsed')
}
