// Pruning from three processes on one PostgreSQL database: every instance's worker prunes now and
// then, and they must not collide. One at a time does the work under the 'prune' advisory lock; an
// instance that finds it taken skips its turn at once instead of waiting or repeating the deletes.
// The "instances" here are three connection pools of their own, as three server processes have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DB } from '../../server/db/database'
import { lockIfFree } from '../../server/db/locks'
import { pruneExpired } from '../../server/jobs/prune'
import { createLogger } from '../../server/log'
import { databaseUrlFor } from '../helpers/postgres'
import { removeDataDir, tempDataDir } from '../helpers/test-server'
import { requirePostgres } from './fleet'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const LONG_AGO = '2026-01-01T00:00:00.000Z'
const IDLE_MINUTES = 30
const STALE = 500
const ROUNDS = 5

let dataDir: string
let instances: DB[]

beforeAll(async () => {
  requirePostgres()
  dataDir = await tempDataDir()
  const databaseUrl = await databaseUrlFor(dataDir)
  instances = [1, 2, 3].map(() => openDatabase({ dataDir, databaseUrl, databasePoolSize: 2 }, createLogger('silent')).db)
  await migrateToLatest(instances[0]!)
})

afterAll(async () => {
  await Promise.all((instances ?? []).map((db) => db.destroy()))
  if (dataDir) await removeDataDir(dataDir)
})

/** Stale and fresh throttle counters and delivered emails: what pruning must remove, and what it must keep. */
async function seed(db: DB, round: number): Promise<void> {
  const counter = (key: string, at: string) => ({ key, window_started_at: at, count: 1 })
  await db
    .insertInto('throttle_counters')
    .values([
      ...Array.from({ length: STALE }, (_, i) => counter(`stale-${round}-${i}`, LONG_AGO)),
      counter(`fresh-${round}`, NOW.toISOString()),
    ])
    .execute()
  const email = (created: string) => ({
    template: 'password-reset',
    user_id: null,
    recipient: 'someone@example.org',
    payload: '{}',
    created_at: created,
    status: 'sent' as const,
    next_attempt_at: created,
    locked_until: null,
    last_error: null,
    sent_at: created,
  })
  await db
    .insertInto('outbox')
    .values([...Array.from({ length: STALE }, () => email(LONG_AGO)), email(NOW.toISOString())])
    .execute()
}

async function remaining(db: DB): Promise<{ stale: number; fresh: number }> {
  const [counters, emails] = await Promise.all([
    db.selectFrom('throttle_counters').select(['key', 'window_started_at']).execute(),
    db.selectFrom('outbox').select('created_at').execute(),
  ])
  const stale =
    counters.filter((row) => row.window_started_at === LONG_AGO).length + emails.filter((row) => row.created_at === LONG_AGO).length
  return { stale, fresh: counters.length + emails.length - stale }
}

describe('pruning on three instances sharing one PostgreSQL database', () => {
  it('skips at once while another instance prunes, and deletes nothing then', async () => {
    await seed(instances[0]!, 0)
    await instances[0]!.transaction().execute(async (trx) => {
      expect(await lockIfFree(trx, 'prune')).toBe(true)
      const started = Date.now()
      expect(await pruneExpired(instances[1]!, NOW, IDLE_MINUTES)).toBe(false)
      expect(Date.now() - started).toBeLessThan(2_000)
      expect(await remaining(instances[2]!)).toEqual({ stale: 2 * STALE, fresh: 2 })
    })
    expect(await pruneExpired(instances[1]!, NOW, IDLE_MINUTES)).toBe(true)
    expect(await remaining(instances[2]!)).toEqual({ stale: 0, fresh: 2 })
  })

  it('prunes from all three at once without an error, removing every stale row and keeping every fresh one', async () => {
    const outcomes: boolean[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      await seed(instances[0]!, round)
      const results = await Promise.allSettled(instances.map((db) => pruneExpired(db, NOW, IDLE_MINUTES)))
      expect(
        results.filter((result) => result.status === 'rejected'),
        `round ${round}`,
      ).toEqual([])
      const pruned = results.map((result) => result.status === 'fulfilled' && result.value)
      expect(pruned.filter(Boolean).length, `round ${round}`).toBeGreaterThanOrEqual(1)
      outcomes.push(...pruned)
      expect(await remaining(instances[0]!), `round ${round}`).toEqual({ stale: 0, fresh: 2 * (round + 1) })
    }
    console.info(
      `[pruning] ${ROUNDS} rounds of three instances pruning at once: ${outcomes.filter(Boolean).length} prunes done, ${outcomes.filter((done) => !done).length} skipped because another instance held the lock`,
    )
  })
})
