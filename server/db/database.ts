// Opens the database the configuration names (PostgreSQL with DATABASE_URL, else the SQLite file in
// DATA_DIR) and applies pending migrations. Every query goes through Kysely, so the engines differ
// only where SQL really differs: the migrations that say so, and the search index.
import type { Kysely } from 'kysely'
import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type MigrationProvider, type MigrationResultSet } from 'kysely'
import type { Logger } from '../log'
import { engineOf, type Engine } from './engine'
import { migrations } from './migrations/index'
import { openPostgres } from './postgres'
import type { Database } from './schema'
import { openSqlite } from './sqlite'

export type DB = Kysely<Database>
export { engineOf, type Engine }

export interface DatabaseSettings {
  dataDir: string
  /** postgres:// or postgresql://; undefined: SQLite in dataDir. */
  databaseUrl: string | undefined
  databasePoolSize: number
}

export interface OpenDatabase {
  db: DB
  engine: Engine
  /** Connections of the pool in use, idle and waited for (PostgreSQL); undefined for SQLite. */
  poolUse(): { total: number; idle: number; waiting: number } | undefined
}

export function openDatabase(settings: DatabaseSettings, log: Logger): OpenDatabase {
  if (!settings.databaseUrl) return { db: openSqlite(settings.dataDir), engine: 'sqlite', poolUse: () => undefined }
  const { db, pool } = openPostgres({ url: settings.databaseUrl, poolSize: settings.databasePoolSize, log })
  return { db, engine: 'postgres', poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }) }
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }

/**
 * Brings the schema up to date; throws with the failing migration's name if one fails. Several
 * processes may start at once: each engine's adapter takes a lock (SQLite's write lock, a
 * PostgreSQL advisory lock) around the whole batch, which runs in one transaction, so one process
 * migrates and the others wait, then find nothing left to do. A database already migrated by a
 * newer version (during a rolling upgrade, where migrations only ever add) is left as it is.
 */
export async function migrateToLatest(db: DB): Promise<void> {
  if ((await pendingMigrations(db)).length === 0) return
  let outcome = await (await migratorFor(db)).migrateToLatest()
  // Before it migrates, Kysely lists every table of every schema in the database (to find its own
  // table). A table renamed or dropped in another schema while it reads makes that listing fail
  // (undefined table or column), though nothing here is wrong: read the catalogue again.
  for (let retry = 1; retry <= CATALOGUE_RETRIES && catalogueChangedMeanwhile(outcome); retry++) {
    outcome = await (await migratorFor(db)).migrateToLatest()
  }
  const { error, results } = outcome
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const name = failed ? ` (migration ${failed.migrationName})` : ''
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    })
  }
}

const CATALOGUE_RETRIES = 3

/** PostgreSQL's "undefined table" and "undefined column", raised before any migration ran. */
function catalogueChangedMeanwhile(outcome: MigrationResultSet): boolean {
  const code = (outcome.error as { code?: unknown } | undefined)?.code
  return (code === '42P01' || code === '42703') && !outcome.results?.some((r) => r.status !== 'NotExecuted')
}

/**
 * Migrations this code knows that the database has not applied yet (at start, and for every
 * readiness check). Read from the migration table itself: Kysely's own bookkeeping would first
 * list every table of every schema in the database, on each load balancer probe.
 */
export async function pendingMigrations(db: DB): Promise<string[]> {
  const applied = new Set(await appliedMigrations(db))
  return Object.keys(migrations).filter((name) => !applied.has(name))
}

async function appliedMigrations(db: DB): Promise<string[]> {
  if (engineOf(db) === 'sqlite') {
    const table = await sql`select 1 from sqlite_master where type = 'table' and name = ${DEFAULT_MIGRATION_TABLE}`.execute(db)
    if (table.rows.length === 0) return []
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db)
    return rows.map((row) => row.name)
  }
  // The table in the schema the migrations go to (migratorFor), never another schema's on the search path.
  const { rows: found } = await sql<{ schema: string; exists: boolean }>`
    select current_schema() as schema, to_regclass(quote_ident(current_schema()) || '.' || ${DEFAULT_MIGRATION_TABLE}) is not null as exists
  `.execute(db)
  const schema = found[0]
  if (!schema?.exists) return []
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema.schema}.${DEFAULT_MIGRATION_TABLE}`)}`.execute(db)
  return rows.map((row) => row.name)
}

/**
 * On PostgreSQL, the migration bookkeeping lives in the schema the tables go to (the first on the
 * search path, usually public): Kysely would otherwise look for it in any schema of the database,
 * and find another installation's.
 */
async function migratorFor(db: DB): Promise<Migrator> {
  if (engineOf(db) === 'sqlite') return new Migrator({ db, provider })
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return new Migrator({ db, provider, migrationTableSchema: rows[0]?.schema ?? 'public' })
}
