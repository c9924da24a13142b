// Several instances prune the same database: while one prunes, another that tries at that moment
// skips its round instead of deleting the same rows beside it or queueing behind it.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { lockIfFree } from '../../server/db/locks'
import { pruneExpired } from '../../server/jobs/prune'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir } from '../helpers/test-server'

const start = useTestServers()

describe('pruning with two instances', () => {
  it('lets one instance prune at a time; the other skips and prunes next time', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const first = await start({ dataDir })
    const second = await start({ dataDir })
    const old = new Date(Date.now() - 3 * 24 * 60 * 60_000).toISOString()
    const remaining = async () => (await second.server.context.db.selectFrom('throttle_counters').select('key').where('key', '=', 'prune-test:old').execute()).length

    // The first instance is in the middle of pruning: it holds the prune lock in an open transaction
    // (tried again while either instance's own worker happens to be pruning at that moment).
    let finishFirst!: () => void
    const firstHolds = new Promise<void>((resolve) => (finishFirst = resolve))
    let firstRound: Promise<boolean>
    for (;;) {
      let answered!: (locked: boolean) => void
      const locked = new Promise<boolean>((resolve) => (answered = resolve))
      firstRound = first.server.context.db.transaction().execute(async (trx) => {
        const took = await lockIfFree(trx, 'prune')
        answered(took)
        if (took) await firstHolds
        return took
      })
      if (await locked) break
      await firstRound
      await sleep(20)
    }

    // Written while the lock is held, so neither instance's own worker can prune it in between.
    await second.server.context.db.insertInto('throttle_counters').values({ key: 'prune-test:old', window_started_at: old, count: 1 }).execute()
    expect(await pruneExpired(second.server.context)).toBe(false)
    expect(await remaining()).toBe(1)

    finishFirst()
    await firstRound
    expect(await pruneExpired(second.server.context)).toBe(true)
    expect(await remaining()).toBe(0)
  })
})
