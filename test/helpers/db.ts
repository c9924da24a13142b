// Looking into a test server's database: what an attacker's request changed (row counts) and what
// the audit log recorded.
import { COPIED_TABLES } from '../../server/db/copy'
import type { DB } from '../../server/db/database'
import type { AuditEvent } from '../../server/db/schema'
import { REHEARSAL_KEY_PREFIX } from '../../server/jobs/rehearsal'

/** Every table that holds data: the ones `db copy` carries. */
export const TABLES = COPIED_TABLES

/**
 * The throttle counters, without the mail worker's rehearsal rows: scratch rows that live for one
 * rehearsal (milliseconds), which no throttle reads and no request writes (server/jobs/rehearsal.ts).
 */
export function throttleRows(db: DB) {
  return db.selectFrom('throttle_counters').selectAll().where('key', 'not like', `${REHEARSAL_KEY_PREFIX}%`).orderBy('key')
}

/** Number of rows in every table (throttle counters as throttleRows sees them). */
export async function rowCounts(db: DB): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = await Promise.all(
    TABLES.map(async (table) => {
      let query = db.selectFrom(table)
      if (table === 'throttle_counters') query = query.where('key', 'not like', `${REHEARSAL_KEY_PREFIX}%`)
      const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return [table, Number(row.n)] as const
    }),
  )
  return Object.fromEntries(counts) as Record<(typeof TABLES)[number], number>
}

export interface AuditRow extends AuditEvent {
  parsed: Record<string, unknown>
}

/** Audit events in order, optionally of one type, with their details parsed. */
export async function auditEvents(db: DB, type?: string): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id')
  if (type) query = query.where('type', '=', type)
  const rows = await query.execute()
  return rows.map((row) => ({ ...row, parsed: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {} }))
}

/** Everything a request could have changed, in a form that compares with toEqual. */
export async function snapshot(db: DB): Promise<unknown> {
  return {
    counts: await rowCounts(db),
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    sessions: await db.selectFrom('sessions').select(['token_hash', 'user_id', 'expires_at']).orderBy('token_hash').execute(),
    tokens: await db.selectFrom('password_reset_tokens').selectAll().orderBy('token_hash').execute(),
    outbox: await db.selectFrom('outbox').select(['id', 'template', 'recipient', 'status']).orderBy('id').execute(),
    throttle: await throttleRows(db).execute(),
    secondFactors: {
      totp: await db.selectFrom('totp_factors').selectAll().orderBy('user_id').execute(),
      recoveryCodes: await db.selectFrom('recovery_codes').select(['code_hash', 'used_at']).orderBy('code_hash').execute(),
      passkeys: await db.selectFrom('webauthn_credentials').select(['id', 'counter']).orderBy('id').execute(),
      challenges: await db.selectFrom('sign_in_challenges').select(['token_hash', 'used_at']).orderBy('token_hash').execute(),
    },
  }
}

/** Resolves once the mail worker has nothing left to do: no waiting request, no pending email. */
export async function workerIdle(db: DB): Promise<boolean> {
  const requests = await db.selectFrom('reset_requests').select('id').execute()
  const pending = await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()
  return requests.length === 0 && pending.length === 0
}
