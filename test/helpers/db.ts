// Looking into a test server's database: what an attacker's request changed (row counts) and what
// the audit log recorded.
import type { DB } from '../../server/db/database'
import type { AuditEvent, Database } from '../../server/db/schema'

export const TABLES = [
  'users',
  'sessions',
  'password_reset_tokens',
  'reset_requests',
  'throttle_counters',
  'outbox',
  'audit_events',
  'settings',
  'totp_factors',
  'recovery_codes',
  'webauthn_credentials',
  'sign_in_challenges',
] as const satisfies readonly (keyof Database)[]

/** Number of rows in every table. */
export async function rowCounts(db: DB): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = await Promise.all(
    TABLES.map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
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
    throttle: await db.selectFrom('throttle_counters').selectAll().orderBy('key').execute(),
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
