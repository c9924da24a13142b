// The benchmark's set-up around the servers it measures: the run's shared state (bench.ts), a data
// folder with the schema and the seeded accounts, and a server started on it with an admin's token.
import { randomInt } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { databasePath } from '../../server/db/sqlite'
import { seededRandom } from '../../lib/stats'
import { PLAN, THROTTLE_OVERRIDES, type Bench, type Target } from './bench'
import type { BundleCopy } from './bundle'
import { HttpClient } from './http'
import { PhaseClock } from './phase'
import { QuietWaiter } from './quiet'
import type { SeededUser } from './seed'
import { startServerProcess, type ServerProcess } from './server-process'
import { SmtpSink } from './smtp-sink'

/** A run's state; the same seed gives the same accounts and queries (both engines in one run). */
export async function startBench(seed = randomInt(2 ** 31)): Promise<Bench & { seed: number }> {
  return {
    plan: PLAN,
    phases: new PhaseClock(),
    quiet: new QuietWaiter(PLAN.quietBudgetSeconds * 1000),
    sink: await SmtpSink.start(),
    random: seededRandom(seed),
    loads: [],
    seed,
  }
}

/**
 * The environment of every server the benchmark starts on dataDir. Its seeded admin, whose API
 * token the search phases use, has no authenticator (nor has anyone it signs in): admins may get a
 * token with their password alone. What a code check adds is measured by probes/code-check-cost.ts.
 */
export function serverEnvironment(bench: Bench, dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, SMTP_URL: bench.sink.url, LOG_LEVEL: 'warn', MFA_REQUIRED_FOR_ADMINS: 'false', ...THROTTLE_OVERRIDES }
}

/** Starts a build on its data folder, and signs its admin in for an API token. */
export async function startTarget(
  name: string,
  app: BundleCopy,
  env: Record<string, string>,
  admin: SeededUser,
  password: string,
): Promise<{ target: Target; server: ServerProcess }> {
  const server = await startServerProcess({ args: [app.bundle], cwd: app.cwd, env })
  const api = new HttpClient(server.url)
  try {
    const signIn = await api.request({
      method: 'POST',
      path: '/api/session',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password }),
    })
    if (signIn.status !== 201) throw new Error(`The admin could not sign in to ${name}: ${signIn.status} ${signIn.body}`)
    const { token } = JSON.parse(signIn.body) as { token: string }
    return { server, target: { name, url: server.url, pid: server.pid, dataDir: env.DATA_DIR!, token } }
  } catch (error) {
    await server.stop()
    throw error
  } finally {
    api.close()
  }
}

/** Creates the schema on an empty data folder: the build's own first start, stopped at once. */
export async function migrate(app: BundleCopy, env: Record<string, string>): Promise<void> {
  const first = await startServerProcess({ args: [app.bundle], cwd: app.cwd, env })
  await first.stop()
}

export function readDatabase<T>(dataDir: string, read: (db: SQLite.Database) => T): T {
  const db = new SQLite(databasePath(dataDir), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** How many different accounts have a browser session: the sign-in load really spread over them. */
export function accountsSignedIn(dataDir: string): number {
  return readDatabase(
    dataDir,
    (db) => (db.prepare("select count(distinct user_id) as n from sessions where kind = 'browser'").get() as { n: number }).n,
  )
}
