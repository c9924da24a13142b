// Pruning what has expired: old throttle counters, expired links, idle sessions and delivered emails
// go; what is still in use stays. Runs on both engines.
import { describe, expect, it } from 'vitest'
import { pruneExpired } from '../../server/jobs/prune'
import { testClock } from '../helpers/clock'
import { useTestServers } from '../helpers/servers'

const start = useTestServers()
const DAY_MS = 24 * 60 * 60_000

describe('pruning', () => {
  it('removes expired rows and keeps live ones', async () => {
    const clock = testClock()
    const t = await start({ clock })
    const db = t.server.context.db
    const now = clock().getTime()
    const at = (ms: number) => new Date(now + ms).toISOString()
    await db
      .insertInto('throttle_counters')
      .values([
        { key: 'prune-test:old', window_started_at: at(-2 * DAY_MS), count: 3 },
        { key: 'prune-test:fresh', window_started_at: at(-60_000), count: 1 },
      ])
      .execute()
    await db
      .insertInto('outbox')
      .values(
        (['sent', 'pending'] as const).map((status) => ({
          template: 'password-reset',
          recipient: `${status}@example.org`,
          payload: '{}',
          status,
          attempts: 0,
          // Not due: the worker leaves it alone during the test.
          next_attempt_at: at(DAY_MS),
          created_at: at(-31 * DAY_MS),
        })),
      )
      .execute()

    expect(await pruneExpired(db, clock(), t.server.context.config.sessionIdleMinutes)).toBe(true)

    const keys = await db.selectFrom('throttle_counters').select('key').where('key', 'like', 'prune-test:%').execute()
    expect(keys.map((row) => row.key)).toEqual(['prune-test:fresh'])
    // A month-old delivered email goes; one still waiting to be sent is never pruned, however old.
    const outbox = await db
      .selectFrom('outbox')
      .select('status')
      .where('recipient', 'in', ['sent@example.org', 'pending@example.org'])
      .execute()
    expect(outbox.map((row) => row.status)).toEqual(['pending'])
  })
})
