// The suites run on PostgreSQL when TEXTUP_TEST_POSTGRES_URL names a throwaway cluster (npm test
// starts one: scripts/with-postgres.sh). Each data folder a test makes gets a schema of its own in
// that cluster, named in a file in the folder, so two servers started on one folder (two processes
// of one installation) share one database, as they share one SQLite file.
import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

/** The cluster's address with a database the tests may create schemas in; undefined: SQLite. */
export const TEST_POSTGRES_URL = process.env.TEXTUP_TEST_POSTGRES_URL || undefined

const MARKER = '.test-postgres-schema'

/**
 * The DATABASE_URL of a data folder's own schema, made on first use; undefined on SQLite. Servers
 * started side by side on one folder ask at the same moment: one promise per folder makes the
 * schema once, and the marker is written whole (a rename) so that no one reads half a name.
 */
export async function databaseUrlFor(dataDir: string): Promise<string | undefined> {
  if (!TEST_POSTGRES_URL) return undefined
  const key = path.resolve(dataDir)
  let schema = schemas.get(key)
  if (!schema) {
    schema = schemaOf(key)
    schemas.set(key, schema)
    schema.catch(() => schemas.delete(key))
  }
  return schemaUrl(await schema)
}

const schemas = new Map<string, Promise<string>>()

async function schemaOf(dataDir: string): Promise<string> {
  const marker = path.join(dataDir, MARKER)
  const existing = await readFile(marker, 'utf8').catch(() => undefined)
  if (existing) return existing
  const schema = `t_${randomBytes(8).toString('hex')}`
  await withAdmin((client) => client.query(`create schema ${schema}`))
  await writeFile(`${marker}.${schema}`, schema)
  await rename(`${marker}.${schema}`, marker)
  return schema
}

/**
 * Forgets a data folder's schema (call before removing the folder). The schema itself stays until
 * the throwaway cluster is deleted at the end of the run: a schema dropped while another test's
 * server starts breaks that server's migrations, because Kysely's introspection reads every
 * schema's tables and fails on one that vanishes mid-query ("schema … does not exist").
 */
export function forgetSchemaOf(dataDir: string): void {
  schemas.delete(path.resolve(dataDir))
}

/**
 * A new database in the tests' cluster, empty (not even the extensions the other tests share), for
 * a test about what a server does to an empty database; `drop` removes it, connections and all.
 */
export async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_POSTGRES_URL) throw new Error('emptyDatabase() needs TEXTUP_TEST_POSTGRES_URL')
  const name = `textup_empty_${randomBytes(6).toString('hex')}`
  await withAdmin((client) => client.query(`create database ${name}`))
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    url: url.href,
    drop: () => withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}

/**
 * The cluster's URL with the schema first on the search path. public stays on it: pg_trgm lives
 * there, once per database, whichever test created it first.
 */
function schemaUrl(schema: string): string {
  const url = new URL(TEST_POSTGRES_URL!)
  url.searchParams.set('options', `-c search_path=${schema},public`)
  return url.href
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
