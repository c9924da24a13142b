// The audit log of account events: who did what to which account, when and from where.
import type { Kysely } from 'kysely'
import type { AuditEventType } from '../../src-shared/audit'
import type { Database } from '../db/schema'
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
