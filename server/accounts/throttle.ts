// Attempt counters kept in the database, so every server process sharing it sees the same counts.
// Each attempt is counted atomically *before* the work it guards (one upsert statement), so
// concurrent attempts cannot all read "under the limit" and slip past it. Windows are fixed and
// short: a throttled account is slowed down, never locked for good.
import { isIPv6 } from 'node:net'
import { sql, type Kysely } from 'kysely'
import type { Limit } from '../config'
import type { Database } from '../db/schema'

export interface ThrottleVerdict {
  allowed: boolean
  /** Seconds until the current window ends (0 when allowed). */
  retryAfterSeconds: number
}

export async function countAttempt(db: Kysely<Database>, key: string, limit: Limit, now: Date): Promise<ThrottleVerdict> {
  const windowMs = limit.windowMinutes * 60_000
  const staleBefore = new Date(now.getTime() - windowMs).toISOString()
  const row = await db
    .insertInto('throttle_counters')
    .values({ key, window_started_at: now.toISOString(), count: 1 })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        // Both expressions read the row as it was before this update, in SQLite and PostgreSQL.
        count: sql<number>`case when throttle_counters.window_started_at <= ${staleBefore} then 1 else throttle_counters.count + 1 end`,
        window_started_at: sql<string>`case when throttle_counters.window_started_at <= ${staleBefore} then excluded.window_started_at else throttle_counters.window_started_at end`,
      }),
    )
    .returning(['count', 'window_started_at'])
    .executeTakeFirstOrThrow()
  if (row.count <= limit.limit) return { allowed: true, retryAfterSeconds: 0 }
  const windowEnds = new Date(row.window_started_at).getTime() + windowMs
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)) }
}

/** Takes back one counted attempt: it turned out to be legitimate (a successful sign-in). */
export async function forgiveAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('throttle_counters')
    .set({ count: sql<number>`count - 1` })
    .where('key', '=', key)
    .where('count', '>', 0)
    .execute()
}

export async function clearAttempts(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('throttle_counters').where('key', '=', key).execute()
}

/** Removes counters whose window ended long ago; they would restart at 1 anyway. */
export async function pruneCounters(db: Kysely<Database>, olderThan: Date): Promise<void> {
  await db.deleteFrom('throttle_counters').where('window_started_at', '<', olderThan.toISOString()).execute()
}

/**
 * The part of a client address that identifies one client: the whole IPv4 address, but only the
 * /64 prefix of an IPv6 address, since one host can easily use a whole /64.
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown'
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
  if (!isIPv6(plain)) return plain
  const groups = expandIPv6(plain)
  return `${groups.slice(0, 4).join(':')}::/64`
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = address.includes('::') && tail ? tail.split(':') : []
  const missing = 8 - headGroups.length - tailGroups.length
  return [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups].map((g) => g.toLowerCase().padStart(4, '0'))
}
