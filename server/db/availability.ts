// Whether an error means the database cannot be used right now (stopped, restarting, failing over,
// unreachable, out of connections, too slow to answer, or SQLite's file locked too long), as opposed
// to a bug: the first is answered 503 and retried later; the second is a 500 worth a look.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/**
 * PostgreSQL SQLSTATEs: connection exceptions (08…), shutdown and startup (57P01–57P03), too many
 * connections (53300), and a statement cancelled by the statement timeout (57014): a database too
 * slow to answer in time (stalled behind a lock, overloaded) is unavailable for now, like one that
 * cannot be reached; the transaction was rolled back, so nothing was changed.
 */
const POSTGRES_STATES = /^(08...|57P0[1-3]|57014|53300)$/
/** What node-postgres says when a connection could not be made or was lost, without a code. */
const POOL_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|Client has encountered a connection error/i

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code) || code === 'SQLITE_BUSY')) return true
    if (POOL_MESSAGES.test(cause.message)) return true
  }
  return false
}
