// The audit log of account events: who did what to which account, when and from where.
import type { Kysely } from 'kysely'
import type { AuditEventType } from '../../src-shared/audit'
import type { AuditEvent, Database } from '../db/schema'
import type { Client } from '../context'

export interface AuditEntry {
  type: AuditEventType
  /** The account the event is about, when there is one. */
  user?: { id: string | null; username: string } | undefined
  /** Who caused it, when that is someone other than the account's owner (an admin, an operator). */
  actor?: { id: string | null; username: string } | undefined
  client?: Client | undefined
  details?: Record<string, string | number | boolean | null> | undefined
}

export async function recordEvent(db: Kysely<Database>, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      occurred_at: now.toISOString(),
      type: entry.type,
      user_id: entry.user?.id ?? null,
      username: entry.user?.username ?? null,
      actor_id: entry.actor?.id ?? null,
      actor_username: entry.actor?.username ?? null,
      client_address: entry.client?.address ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute()
}

/** A user's events, newest first: up to `limit` of those before the event with id `before`, and whether older ones remain. */
export async function listAuditEvents(
  db: Kysely<Database>,
  userId: string,
  page: { before?: number | undefined; limit: number },
): Promise<{ events: AuditEvent[]; more: boolean }> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (page.before !== undefined) query = query.where('id', '<', page.before)
  const rows = await query.execute()
  return { events: rows.slice(0, page.limit), more: rows.length > page.limit }
}
