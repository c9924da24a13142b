// The PostgreSQL engine (DATABASE_URL): several server processes, on several machines, share one
// database through a pool of connections each. Every wait is bounded, so an unreachable or stalled
// database turns into a quick error the HTTP layer answers with 503, never a request left hanging.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Logger } from '../log'
import type { Database } from './schema'

/** How long a request waits for a free connection, or for a new one to be made. */
const CONNECT_TIMEOUT_MS = 5_000
/** The longest any one statement may run; the server's statements take milliseconds. */
const STATEMENT_TIMEOUT_MS = 10_000

export interface PostgresOptions {
  url: string
  poolSize: number
  log: Logger
}

export function openPostgres(options: PostgresOptions): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1_000,
    // A connection stuck in a transaction (a client gone mid-way) must not hold row locks for long.
    idle_in_transaction_session_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'textup',
  })
  // A connection the database dropped while idle (a restart, a failover): logged, and replaced at
  // the next use. Without a listener, pg's 'error' event would end the process. Only the message and
  // code are logged: pg attaches the whole client (its connection settings) to the error.
  pool.on('error', (error) =>
    options.log.warn(
      { event: 'database_connection_lost', reason: error.message, code: (error as { code?: unknown }).code },
      'A database connection was lost; a new one will be made',
    ),
  )
  // A connection dropped while a request holds it: its statement fails with the error (answered 503),
  // the pool discards it on release, and pg emits 'error' on the client too, which pg-pool listens to
  // only while the client is idle; unheard, that event would end the process.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool }
}
