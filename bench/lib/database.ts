// The database a run measures, on either engine: SQLite, a file in the server's data folder, or
// PostgreSQL, the benchmark's own throwaway cluster (bench/lib/postgres.ts) named by DATABASE_URL.
// What the run does to it outside the server goes through here: seeding, growing it for the large
// search measure, counting signed-in accounts, and (PostgreSQL) what the database itself spent.
import { BenchPostgres, usageBetween, withClient, type DatabaseUsage } from './postgres'
import type { RequestCost } from './results'
import { addPeople, seedDatabase, type SeededUser, type SeedResult } from './seed'
import { addPeoplePostgres, seedPostgres } from './seed-postgres'
import { accountsSignedIn } from './targets'

export type Engine = 'sqlite' | 'postgres'
export const ENGINE_NAMES: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }

export interface BenchDatabase {
  engine: Engine
  /** "SQLite" or "PostgreSQL 15.x". */
  description: string
  /** What the server's environment needs to use it (DATABASE_URL), beside DATA_DIR. */
  env: Record<string, string>
  seed: (admin: SeededUser, people: SeededUser[], passwordHash: string) => Promise<SeedResult>
  /** Adds people until there are `total` accounts; returns the milliseconds it took. */
  grow: (people: SeededUser[], passwordHash: string, total: number) => Promise<number>
  /** How many different accounts have a browser session. */
  accountsSignedIn: () => Promise<number>
  /** PostgreSQL's running totals; undefined for SQLite (it runs inside the server's process). */
  usage: () => Promise<DatabaseUsage | undefined>
  close: () => Promise<void>
}

export async function openBenchDatabase(engine: Engine, dataDir: string): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    return {
      engine,
      description: 'SQLite',
      env: {},
      seed: (admin, people, hash) => Promise.resolve(seedDatabase(dataDir, admin, people, hash)),
      grow: (people, hash, total) => Promise.resolve(addPeople(dataDir, people, hash, total)),
      accountsSignedIn: () => Promise.resolve(accountsSignedIn(dataDir)),
      usage: () => Promise.resolve(undefined),
      close: () => Promise.resolve(),
    }
  }
  const postgres = await BenchPostgres.start()
  return {
    engine,
    description: `PostgreSQL ${postgres.version}`,
    env: { DATABASE_URL: postgres.url },
    seed: (admin, people, hash) => seedPostgres(postgres.url, admin, people, hash),
    grow: (people, hash, total) => addPeoplePostgres(postgres.url, people, hash, total),
    accountsSignedIn: () =>
      withClient(postgres.url, async (c) => Number((await c.query<{ n: string }>("select count(distinct user_id) as n from sessions where kind = 'browser'")).rows[0]?.n)),
    usage: () => postgres.usage(),
    close: () => postgres.destroy(),
  }
}

/** Runs a phase and what PostgreSQL spent on it per request (undefined on SQLite); requests is read from the phase's outcome. */
export async function withCost<T>(db: BenchDatabase, measure: () => Promise<T>, requests: (outcome: T) => number): Promise<{ outcome: T; cost: RequestCost | undefined }> {
  const before = await db.usage()
  const started = performance.now()
  const outcome = await measure()
  const seconds = (performance.now() - started) / 1000
  const after = await db.usage()
  const n = requests(outcome)
  if (!before || !after || n === 0) return { outcome, cost: undefined }
  const used = usageBetween(before, after)
  return {
    outcome,
    cost: { requests: n, statementsPerRequest: used.statements / n, commitsPerRequest: used.commits / n, cpuMsPerRequest: (used.cpuSeconds * 1000) / n, seconds, cpuSeconds: used.cpuSeconds },
  }
}
