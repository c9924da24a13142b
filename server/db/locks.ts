// Locks for invariants that span rows, such as "one active admin at least". On PostgreSQL these are
// advisory locks held until the transaction ends, so every process sharing the database takes its
// turn. On SQLite, the first write of a transaction takes the database's one write lock, which
// already lets a single transaction at a time through: there they do nothing.
import { sql, type Kysely } from 'kysely'
import type { Database } from './schema'
import { engineOf } from './engine'

export type LockName = 'admin-roster' | 'prune'

/** Waits for the lock, and holds it until the transaction `trx` ends. */
export async function lockUntilCommit(trx: Kysely<Database>, name: LockName): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${`textup:${name}`}, 0))`.execute(trx)
}

/** Takes the lock for the transaction if no one holds it; false if someone does (do the work another time). */
export async function lockIfFree(trx: Kysely<Database>, name: LockName): Promise<boolean> {
  if (engineOf(trx) !== 'postgres') return true
  // Advisory locks are per database, not per schema: the schema is part of the key, so two
  // installations in one database (or parallel test schemas) never skip each other's work.
  const { rows } = await sql<{
    locked: boolean
  }>`select pg_try_advisory_xact_lock(hashtextextended(current_schema() || ${`:textup:${name}`}, 0)) as locked`.execute(trx)
  return rows[0]?.locked === true
}
