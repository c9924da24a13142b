// Which engine a Kysely instance talks to, for the few places where the SQL really differs.
import { PostgresAdapter } from 'kysely'

export type Engine = 'sqlite' | 'postgres'

/** Any Kysely instance or transaction, whatever its tables. */
interface HasExecutor {
  getExecutor(): { adapter: unknown }
}

export function engineOf(db: HasExecutor): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
