// What a request may have changed in the database, compared row by row: every column of the
// tables that matter, so that a refused request is proven to have written nothing at all.
import type { DB } from '../../server/db/database'
import type { AuditEvent } from '../../server/db/schema'
import { rowCounts, throttleRows, workerIdle } from '../helpers/db'
import { waitUntil } from '../helpers/wait'

export interface DbState {
  counts: Awaited<ReturnType<typeof rowCounts>>
  /** Every row of the tables no refused request may touch, as JSON, by table. */
  rows: Record<string, string>
  audit: AuditEvent[]
  /**
   * throttle_counters, kept apart from `rows`: a refused sign-in or re-authentication attempt
   * legitimately counts here (that is the throttle working); every other refusal must not.
   */
  throttle: string
}

/**
 * What a refused request may still leave behind. A wrong password is refused (401/403) and yet
 * recorded, as ASVS asks: an audit event of a failed sign-in or re-authentication, and a counted
 * attempt in throttle_counters (a throttled answer, 429, counts as well). Nothing else.
 */
export interface Allowance {
  auditTypes: readonly string[]
  throttle: boolean
}

export const NOTHING: Allowance = { auditTypes: [], throttle: false }
export const FAILED_CREDENTIALS: Allowance = { auditTypes: ['sign_in_failed', 'reauthentication_failed'], throttle: true }

/** Waits until the mail worker has nothing to do, so that it writes nothing while we compare. */
export async function settled(db: DB): Promise<void> {
  await waitUntil(() => workerIdle(db), 'the mail worker to finish')
}

export async function captureState(db: DB): Promise<DbState> {
  const [counts, users, sessions, tokens, requests, outbox, settings, audit, throttle] = await Promise.all([
    rowCounts(db),
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    // Not last_seen_at: any request with a live session moves it (at most once a minute), whatever it sends.
    db
      .selectFrom('sessions')
      .select(['token_hash', 'user_id', 'kind', 'created_at', 'expires_at', 'client_address', 'user_agent'])
      .orderBy('token_hash')
      .execute(),
    db.selectFrom('password_reset_tokens').selectAll().orderBy('token_hash').execute(),
    db.selectFrom('reset_requests').selectAll().orderBy('id').execute(),
    db.selectFrom('outbox').selectAll().orderBy('id').execute(),
    db.selectFrom('settings').selectAll().orderBy('key').execute(),
    db.selectFrom('audit_events').selectAll().orderBy('id').execute(),
    throttleRows(db).execute(),
  ])
  return {
    counts: { ...counts, throttle_counters: throttle.length },
    rows: {
      users: JSON.stringify(users),
      sessions: JSON.stringify(sessions),
      password_reset_tokens: JSON.stringify(tokens),
      reset_requests: JSON.stringify(requests),
      outbox: JSON.stringify(outbox),
      settings: JSON.stringify(settings),
    },
    audit,
    throttle: JSON.stringify(throttle),
  }
}

/** Every difference between two states beyond what the allowance permits; empty when there is none. */
export function changesBeyond(before: DbState, after: DbState, allowance: Allowance): string[] {
  const problems: string[] = []
  for (const [table, count] of Object.entries(before.counts)) {
    if (table === 'audit_events' || (table === 'throttle_counters' && allowance.throttle)) continue
    const now = after.counts[table as keyof DbState['counts']]
    if (now !== count) problems.push(`${table}: ${count} rows before, ${now} after`)
  }
  for (const [table, rows] of Object.entries(before.rows)) {
    if (after.rows[table] !== rows) problems.push(`${table} changed: ${firstDifference(rows, after.rows[table] ?? '')}`)
  }
  if (!allowance.throttle && after.throttle !== before.throttle)
    problems.push(`throttle_counters changed: ${firstDifference(before.throttle, after.throttle)}`)
  const kept = JSON.stringify(after.audit.slice(0, before.audit.length))
  const old = JSON.stringify(before.audit)
  if (kept !== old) problems.push(`audit_events rewritten: ${firstDifference(old, kept)}`)
  for (const event of after.audit.slice(before.audit.length)) {
    if (!allowance.auditTypes.includes(event.type)) problems.push(`audit event added: ${event.type} ${event.details ?? ''}`)
  }
  return problems
}

function firstDifference(a: string, b: string): string {
  let at = 0
  while (at < a.length && a[at] === b[at]) at++
  const from = Math.max(0, at - 80)
  return `…${a.slice(from, at + 120)}… became …${b.slice(from, at + 120)}…`
}
