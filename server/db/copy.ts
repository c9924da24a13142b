// Moving an installation from its SQLite file to PostgreSQL: every row of every table, in one
// PostgreSQL transaction (all or nothing), into a database that holds no TextUp data yet, then
// checked — the row count of every table, and every password hash, read back from PostgreSQL.
import { sql, type Kysely } from 'kysely'
import type { DB } from './database'
import { engineOf } from './engine'
import type { Database } from './schema'

/**
 * Every table that holds data, parents before children (foreign keys). SQLite's search index
 * (users_search) is not copied: PostgreSQL has its own, an index on users kept by PostgreSQL itself.
 */
export const COPIED_TABLES = [
  'users',
  'totp_factors',
  'recovery_codes',
  'webauthn_credentials',
  'sign_in_challenges',
  'sessions',
  'password_reset_tokens',
  'reset_requests',
  'throttle_counters',
  'outbox',
  'audit_events',
  'settings',
] as const satisfies readonly (keyof Database)[]
type CopiedTable = (typeof COPIED_TABLES)[number]

/** Tables of SQLite's own and of the search index: not data to move. */
const NOT_COPIED = new Set(['users_search', 'kysely_migration', 'kysely_migration_lock'])
/** Tables whose id PostgreSQL numbers itself: its counter must continue after the copied ids. */
const NUMBERED: readonly CopiedTable[] = ['recovery_codes', 'reset_requests', 'outbox', 'audit_events']
const BATCH = 500

export type CopyResult =
  | { ok: true; counts: Record<CopiedTable, number>; passwordHashes: number }
  | { ok: false; reason: 'target_not_empty'; table: string; rows: number }
  | { ok: false; reason: 'unknown_tables'; tables: string[] }
  | { ok: false; reason: 'verification_failed'; problems: string[] }

/** Copies `source` (SQLite, migrated) into `target` (PostgreSQL, migrated and empty). */
export async function copyDatabase(source: DB, target: DB): Promise<CopyResult> {
  if (engineOf(source) !== 'sqlite' || engineOf(target) !== 'postgres') throw new Error('db copy goes from SQLite to PostgreSQL')
  const unknown = (await source.introspection.getTables()).map((t) => t.name).filter((name) => !isKnown(name))
  if (unknown.length > 0) return { ok: false, reason: 'unknown_tables', tables: unknown }
  for (const table of COPIED_TABLES) {
    const rows = await countRows(target, table)
    if (rows > 0) return { ok: false, reason: 'target_not_empty', table, rows }
  }
  // One read transaction on SQLite: a snapshot, even if a server writes meanwhile.
  await source.transaction().execute(async (reading) => {
    await target.transaction().execute(async (writing) => {
      for (const table of COPIED_TABLES) await copyTable(reading, writing, table)
      for (const table of NUMBERED) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
          writing,
        )
      }
    })
  })
  return verify(source, target)
}

function isKnown(table: string): boolean {
  return NOT_COPIED.has(table) || table.startsWith('users_search_') || (COPIED_TABLES as readonly string[]).includes(table)
}

async function copyTable(from: Kysely<Database>, to: Kysely<Database>, table: CopiedTable): Promise<void> {
  for (let offset = 0; ; offset += BATCH) {
    // Ordered by SQLite's own row order, so batches neither skip nor repeat rows.
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by rowid limit ${BATCH} offset ${offset}`.execute(from)
    if (rows.rows.length === 0) return
    await to.insertInto(table).values(rows.rows).execute()
  }
}

async function countRows(db: Kysely<Database>, table: CopiedTable): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function verify(source: DB, target: DB): Promise<CopyResult> {
  const problems: string[] = []
  const counts = {} as Record<CopiedTable, number>
  for (const table of COPIED_TABLES) {
    const [from, to] = await Promise.all([countRows(source, table), countRows(target, table)])
    counts[table] = to
    if (from !== to) problems.push(`${table}: ${from} rows in SQLite, ${to} in PostgreSQL`)
  }
  const hashes = async (db: DB) =>
    new Map((await db.selectFrom('users').select(['id', 'password_hash']).execute()).map((row) => [row.id, row.password_hash]))
  const [before, after] = await Promise.all([hashes(source), hashes(target)])
  let passwordHashes = 0
  for (const [id, hash] of before) {
    if (after.get(id) !== hash) problems.push(`the password hash of account ${id} differs`)
    else if (hash !== null) passwordHashes++
  }
  return problems.length > 0 ? { ok: false, reason: 'verification_failed', problems } : { ok: true, counts, passwordHashes }
}
