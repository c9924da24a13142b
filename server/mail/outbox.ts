// The durable email outbox. A message is written in the same transaction as the change that
// promises it, and stays until the worker has handed it to the mail server: a crash or a mail
// outage delays an email but never loses it. Reset and invitation links are not stored here: the
// worker mints the link's token when it delivers, so no usable secret ever rests in the database.
// Nor is the email's text: the worker renders it when it delivers, from the template, the payload
// and the account, in the language the account has then (jobs/mail-worker.ts).
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { PASSWORD_CHANGE_WAYS } from '../../src-shared/accounts'
import { engineOf } from '../db/engine'
import type { Database, OutboxMessage } from '../db/schema'

const way = z.enum(PASSWORD_CHANGE_WAYS)
export const secondFactorChanges = z.enum([
  'totp_enrolled',
  'totp_removed',
  'passkey_added',
  'passkey_removed',
  'recovery_codes_regenerated',
  'recovery_code_used',
  'removed_by_admin',
  'removed_by_operator',
])

export const outboxPayloads = {
  'password-reset': z.object({ sentByAdmin: z.boolean() }),
  // No invitedBy: an operator made the account (at the command line), not an admin with a name.
  invitation: z.object({ invitedBy: z.string().optional() }),
  'password-changed': z.object({ changedAt: z.iso.datetime(), way, adminName: z.string().optional() }),
  'email-changed': z.object({ changedAt: z.iso.datetime(), newEmailHint: z.string(), adminName: z.string().optional() }),
  'second-factor-changed': z.object({
    change: secondFactorChanges,
    changedAt: z.iso.datetime(),
    adminName: z.string().optional(),
    passkeyName: z.string().optional(),
    recoveryCodesLeft: z.number().int().optional(),
  }),
} as const

export type OutboxTemplate = keyof typeof outboxPayloads
export type OutboxPayload<T extends OutboxTemplate> = z.infer<(typeof outboxPayloads)[T]>

/**
 * Who an invitation says made the account: an admin by name; an operator (the CLI) by no name, so
 * that the email says "a system operator" in the person's own language rather than in English.
 */
export function invitationPayload(by: { id: string | null; displayName: string }): OutboxPayload<'invitation'> {
  return by.id === null ? {} : { invitedBy: by.displayName }
}

/** Templates whose message carries a link that sets a password. */
export const LINK_TEMPLATES = ['password-reset', 'invitation'] as const satisfies readonly OutboxTemplate[]

export async function enqueueEmail<T extends OutboxTemplate>(
  db: Kysely<Database>,
  message: { template: T; userId: string; recipient: string; payload: OutboxPayload<T> },
  now: Date,
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      template: message.template,
      user_id: message.userId,
      recipient: message.recipient,
      payload: JSON.stringify(message.payload),
      created_at: now.toISOString(),
      status: 'pending',
      next_attempt_at: now.toISOString(),
    })
    .execute()
}

/**
 * Takes the oldest message that is due and not being delivered by another worker, and holds it
 * for `leaseMs`. The conditions are repeated outside the sub-select so that two processes racing
 * for the same row cannot both win (PostgreSQL re-checks them after waiting for the row lock). On
 * PostgreSQL the sub-select skips rows another worker is claiming right now, so each worker takes
 * a different message instead of queueing behind the same one; SQLite has one writer at a time.
 */
export async function claimDueMessage(db: Kysely<Database>, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
  const nowText = now.toISOString()
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', nowText)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowText)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1)
  const unclaimed = engineOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due
  return db
    .updateTable('outbox')
    .set((eb) => ({ locked_until: new Date(now.getTime() + leaseMs).toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', unclaimed)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowText)]))
    .returningAll()
    .executeTakeFirst()
}

/**
 * When the next message falls due, so the worker can sleep until then. A message claimed by a worker
 * (another process, or one that died mid-delivery) is not due before its claim runs out: counting
 * it as due at once made the worker spin without sleeping for as long as the claim lasted.
 */
export async function nextDueTime(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) =>
      eb.fn
        .min<string | null>(
          eb.case().when('locked_until', '>', eb.ref('next_attempt_at')).then(eb.ref('locked_until')).else(eb.ref('next_attempt_at')).end(),
        )
        .as('next'),
    )
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return row?.next ? new Date(row.next) : undefined
}

/**
 * Extends a worker's claim on the message it is delivering. The claim is matched by its attempt
 * number, so a worker whose claim ran out and was taken over cannot take it back; a message already
 * settled (sent, or put back to wait for a retry) is left alone.
 */
export async function extendClaim(db: Kysely<Database>, claimed: Pick<OutboxMessage, 'id' | 'attempts'>, until: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ locked_until: until.toISOString() })
    .where('id', '=', claimed.id)
    .where('attempts', '=', claimed.attempts)
    .where('status', '=', 'pending')
    .where('locked_until', 'is not', null)
    .execute()
}

export async function markSent(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now.toISOString(), locked_until: null, last_error: null })
    .where('id', '=', id)
    .execute()
}

export async function scheduleRetry(db: Kysely<Database>, id: number, at: Date, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: at.toISOString(), locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute()
}

export async function markFinal(db: Kysely<Database>, id: number, status: 'failed' | 'cancelled', error: string | null): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status, locked_until: null, last_error: error?.slice(0, 1000) ?? null })
    .where('id', '=', id)
    .execute()
}

/** A password was set: reset or invitation emails still waiting to go out must not go out. */
export async function cancelPendingLinks(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'cancelled', locked_until: null })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('template', 'in', LINK_TEMPLATES)
    .execute()
}

/**
 * Whether the message is still wanted, asked with a write: as the first statement of a transaction
 * it takes SQLite's write lock at once, so another connection cannot slip a change in before the
 * transaction's own writes (which would fail it with SQLITE_BUSY instead of waiting).
 */
export async function isStillPending(db: Kysely<Database>, id: number): Promise<boolean> {
  const touched = await db
    .updateTable('outbox')
    .set({ status: 'pending' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(touched.numUpdatedRows) === 1
}

/** What the outbox holds right now, for the metrics: its backlog and what was given up on. */
export interface OutboxBacklog {
  pending: number
  /** Age of the oldest pending message; 0 when none is pending. */
  oldestPendingSeconds: number
  /** Messages given up on (kept until pruned, 30 days). */
  failed: number
}

export async function outboxBacklog(db: Kysely<Database>, now: Date): Promise<OutboxBacklog> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('count'), eb.fn.min<string | null>('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute()
  const pending = rows.find((row) => row.status === 'pending')
  const oldest = pending?.oldest ? Date.parse(pending.oldest) : undefined
  return {
    pending: Number(pending?.count ?? 0),
    oldestPendingSeconds: oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    failed: Number(rows.find((row) => row.status === 'failed')?.count ?? 0),
  }
}

export async function pruneDelivered(db: Kysely<Database>, olderThan: Date): Promise<void> {
  await db
    .deleteFrom('outbox')
    .where('status', 'in', ['sent', 'cancelled', 'failed'])
    .where('created_at', '<', olderThan.toISOString())
    .execute()
}
