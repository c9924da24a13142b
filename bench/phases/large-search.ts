// Phase: user search on a larger table. After the measures at 100,000 accounts, the server stops,
// the table grows to BENCH_SEARCH_USERS accounts of the same kind (the search index kept by the
// schema, as for the first 100,000), and the same queries run again on a restarted server, so the
// pair shows how the cost of each kind of query grows with the table.
import { log, type Bench } from '../lib/bench'
import type { BundleCopy } from '../lib/bundle'
import type { BenchDatabase } from '../lib/database'
import type { BenchResults } from '../lib/results'
import { generatePeople } from '../lib/seed'
import { startTarget } from '../lib/targets'
import { measureSearch } from './search'
import type { Dataset } from './seed'

/** BENCH_SEARCH_USERS=0 leaves the large search out. */
export const SEARCH_USERS = Number(process.env.BENCH_SEARCH_USERS ?? '1000000')

export async function measureLargeSearch(
  bench: Bench,
  db: BenchDatabase,
  app: BundleCopy,
  serverEnv: Record<string, string>,
  data: Dataset,
): Promise<BenchResults['searchLarge']> {
  if (!(SEARCH_USERS > bench.plan.users)) return undefined
  const more = generatePeople(SEARCH_USERS - bench.plan.users, bench.random, data.people)
  log(`growing the table to ${SEARCH_USERS.toLocaleString('en')} accounts…`)
  const growMs = await bench.phases.run(
    'grow for search',
    () => undefined,
    () => db.grow(more, data.hash, SEARCH_USERS),
  )
  log(`  ${more.length.toLocaleString('en')} accounts added in ${(growMs / 1000).toFixed(1)} s`)
  const { server, target } = await startTarget('current', app, serverEnv, data.admin, data.password)
  try {
    const search = (await measureSearch({ ...bench, plan: { ...bench.plan, users: SEARCH_USERS } }, [target], data.queries, 1)).get(target)!
    return { ...search, growSeconds: growMs / 1000 }
  } finally {
    await server.stop()
  }
}
