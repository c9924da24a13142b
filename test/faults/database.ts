// What the fault tests read from a server's database while it runs (or after it died), through
// Kysely on either engine: the outbox, the forgot-password requests waiting for the worker, and the
// audit trail of the settled ones.
import { sql } from 'kysely'
import { engineOf, type DB } from '../../server/db/database'

export interface OutboxRow {
  id: number
  template: string
  recipient: string
  status: string
  attempts: number
  next_attempt_at: string
  locked_until: string | null
  last_error: string | null
}

export const outboxRows = (db: DB): Promise<OutboxRow[]> =>
  db
    .selectFrom('outbox')
    .select(['id', 'template', 'recipient', 'status', 'attempts', 'next_attempt_at', 'locked_until', 'last_error'])
    .orderBy('id')
    .execute()

/** Forgot-password requests recorded and not yet settled by a worker. */
export async function waitingRequests(db: DB): Promise<number> {
  const row = await db
    .selectFrom('reset_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The audit trail of settled forgot-password requests: who was asked for and what came of it. */
export async function settledRequests(db: DB): Promise<Array<{ username: string; outcome: string }>> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['username', 'details'])
    .where('type', '=', 'password_reset_requested')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ username: row.username ?? '', outcome: (JSON.parse(row.details ?? '{}') as { outcome: string }).outcome }))
}

/**
 * SQLite's own check of the file a killed process was writing ('ok' when sound). On PostgreSQL the
 * killed process was only a client of the database server, whose files it never wrote: there is
 * nothing of ours to check, and this says so with undefined.
 */
export async function integrityCheck(db: DB): Promise<string | undefined> {
  if (engineOf(db) !== 'sqlite') return undefined
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
  return rows.map((row) => row.integrity_check).join('\n')
}

/** Waits until the workers have settled every request and every email has left the outbox one way or another. */
export async function outboxDrained(db: DB, timeoutMs: number): Promise<OutboxRow[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const waiting = await waitingRequests(db)
    const rows = await outboxRows(db)
    const pending = rows.filter((row) => row.status === 'pending')
    if (waiting === 0 && pending.length === 0) return rows
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the worker to settle every request and deliver every email ` +
          `(at ${new Date().toISOString()}: ${waiting} requests waiting, ${pending.length} pending emails, the first ${JSON.stringify(pending.slice(0, 5))})`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The outbox row an email came from: the server's Message-ID is <textup.{outbox id}.{queued at}@host>. */
export function outboxIdOf(messageId: string | undefined): number {
  const id = /^<?textup\.(\d+)\./.exec(messageId ?? '')?.[1]
  if (!id) throw new Error(`Not a TextUp Message-ID: ${messageId}`)
  return Number(id)
}
