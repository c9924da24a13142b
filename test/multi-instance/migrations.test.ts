// Three instances started together on an empty PostgreSQL database: one applies the migrations, the
// others wait for the migration lock (an advisory lock for the whole database) and then find nothing
// left to do. To be sure they really contend, the test holds that lock itself until all three are
// queued behind it, then lets go.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/database'
import { migrations } from '../../server/db/migrations/index'
import { createLogger } from '../../server/log'
import { emptyDatabase } from '../helpers/postgres'
import { waitUntil } from '../helpers/wait'
import { useFaultRig } from '../faults/harness'
import { forgotPasswordForm, isAccepted } from '../faults/requests'
import { Fleet, requirePostgres } from './fleet'

const rig = useFaultRig()

/** The key of Kysely's migration lock on PostgreSQL (kysely/dist/esm/dialect/postgres/postgres-adapter.js). */
const MIGRATION_LOCK = sql.lit(BigInt('3853314791062309107'))

describe('three instances started together on an empty database', () => {
  it('migrate it exactly once, and all three serve', { timeout: 60_000 }, async () => {
    requirePostgres()
    const empty = await emptyDatabase()
    rig.afterwards(empty.drop)
    const dataDir = await rig.dataDir()
    const db = await rig.database(dataDir, empty.url)

    // One connection of our own holds the lock while the instances start.
    const holder = openDatabase({ dataDir, databaseUrl: empty.url, databasePoolSize: 1 }, createLogger('silent')).db
    rig.afterwards(() => holder.destroy())
    const fleet = await holder.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection)
      const starting = Fleet.start(rig, 3, { DATA_DIR: dataDir, DATABASE_URL: empty.url })
      // A failure to start is reported once the lock is let go (the instances cannot start before).
      starting.catch(() => undefined)
      const waiting = sql<{
        n: number
      }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`
      await waitUntil(
        async () => (await waiting.execute(connection)).rows[0]!.n === 3,
        'all three instances waiting for the migration lock',
        30_000,
      )
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection)
      return starting
    })

    // Each migration applied once (the instances that waited found nothing left to do, or they would have failed to start).
    const { rows: applied } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
    expect(applied.map((row) => row.name)).toEqual(Object.keys(migrations))
    const extensions = await sql<{ extname: string }>`select extname from pg_extension where extname = 'pg_trgm'`.execute(db)
    expect(extensions.rows).toHaveLength(1)

    // All three serve: ready, and a forgot-password request answered (a write) on each.
    for (const server of fleet.servers) {
      expect((await fetch(`${server.url}/health/ready`)).status, server.url).toBe(200)
      const browser = await forgotPasswordForm(server.url)
      const answer = await browser.post('/forgot-password', { username: 'nobody' })
      expect(isAccepted(answer.status, answer.location), server.url).toBe(true)
      expect(server.events('request_failed')).toEqual([])
    }
    console.info(
      `[migrations] 3 instances queued behind the migration lock on an empty database; ${applied.length} migrations applied once: ${applied.map((row) => row.name).join(', ')}`,
    )
  })
})
