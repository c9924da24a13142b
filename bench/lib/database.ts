// The database a run measures, on either engine: SQLite, a file in the server's data folder, or
// PostgreSQL, the benchmark's own throwaway cluster (bench/lib/postgres.ts) named by DATABASE_URL.
// What the run does to it outside the server goes through here: seeding, growing it for the large
// search measure, counting signed-in accounts, and (PostgreSQL) what the database itself spent.
import { setTimeout as sleep } from 'node:timers/promises'
import { BenchPostgres, usageBetween, withClient, type DatabaseUsage } from './postgres'
import type { Engine, RequestCost } from './results'
import { addPeople, seedDatabase, type SeededUser, type SeedResult } from './seed'
import { addPeoplePostgres, seedPostgres } from './seed-postgres'
import { accountsSignedIn } from './targets'

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
  /** PostgreSQL only: the number a `select count(*) as n …` reads. */
  count?: (query: string) => Promise<number>
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
  const count = (query: string) => withClient(postgres.url, async (c) => Number((await c.query<{ n: string }>(query)).rows[0]?.n))
  return {
    engine,
    description: `PostgreSQL ${postgres.version}`,
    env: { DATABASE_URL: postgres.url },
    seed: (admin, people, hash) => seedPostgres(postgres.url, admin, people, hash),
    grow: (people, hash, total) => addPeoplePostgres(postgres.url, people, hash, total),
    accountsSignedIn: () => count("select count(distinct user_id) as n from sessions where kind = 'browser'"),
    usage: () => postgres.usage(),
    count,
    close: () => postgres.destroy(),
  }
}

/** What a phase's requests leave in the database, counted there: warm-up requests included, whatever the load process reports. */
export const REQUESTS_DONE = {
  signIns: "select count(*) as n from sessions where kind = 'browser'",
  resets: "select count(*) as n from password_reset_tokens where purpose = 'reset'",
}

/** How long the server sits without requests before a measured phase, to see what the database does in the background. */
const IDLE_SECONDS = 3

/**
 * Runs a phase and what PostgreSQL spent on it per request (undefined on SQLite). The requests are
 * counted in the database (`requestsDone`, a count before and after); what it does without requests
 * (the mail worker's beat, the WAL writer…), measured over a few idle seconds before, is taken off.
 */
export async function withCost<T>(
  db: BenchDatabase,
  requestsDone: string,
  measure: () => Promise<T>,
): Promise<{ outcome: T; cost: RequestCost | undefined }> {
  if (!db.count) return { outcome: await measure(), cost: undefined }
  const idleStart = await db.usage()
  await sleep(IDLE_SECONDS * 1000)
  const idleEnd = await db.usage()
  const countBefore = await db.count(requestsDone)
  const before = await db.usage()
  const started = performance.now()
  const outcome = await measure()
  const seconds = (performance.now() - started) / 1000
  const after = await db.usage()
  const n = (await db.count(requestsDone)) - countBefore
  if (!idleStart || !idleEnd || !before || !after || n <= 0) return { outcome, cost: undefined }
  const idle = usageBetween(idleStart, idleEnd)
  const used = usageBetween(before, after)
  const background = (x: number) => (x / IDLE_SECONDS) * seconds
  return {
    outcome,
    cost: {
      requests: n,
      statementsPerRequest: (used.statements - background(idle.statements)) / n,
      commitsPerRequest: (used.commits - background(idle.commits)) / n,
      cpuMsPerRequest: ((used.cpuSeconds - background(idle.cpuSeconds)) * 1000) / n,
      seconds,
      cpuSeconds: used.cpuSeconds,
      idlePerSecond: {
        statements: idle.statements / IDLE_SECONDS,
        commits: idle.commits / IDLE_SECONDS,
        cpuMs: (idle.cpuSeconds * 1000) / IDLE_SECONDS,
      },
    },
  }
}
