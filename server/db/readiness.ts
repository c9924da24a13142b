// Whether this instance can serve requests: its database answers, and holds the schema this code
// expects. A load balancer sends traffic only to instances that are ready.
import { sql } from 'kysely'
import { pendingMigrations, type DB } from './database'

/** The database must answer within this, or the instance counts as not ready. */
const CHECK_TIMEOUT_MS = 2_000

export type Readiness =
  { ready: true } | { ready: false; reason: 'database_unreachable' } | { ready: false; reason: 'migrations_pending'; pending: string[] }

export async function checkReadiness(db: DB): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS)
  })
  try {
    const check = (async () => {
      await sql`select 1`.execute(db)
      return pendingMigrations(db)
    })()
    // The check may go on after the timeout; its failure then is nobody's business.
    check.catch(() => undefined)
    const pending = await Promise.race([check, timeout])
    if (pending === 'timeout') return { ready: false, reason: 'database_unreachable' }
    return pending.length > 0 ? { ready: false, reason: 'migrations_pending', pending } : { ready: true }
  } catch {
    return { ready: false, reason: 'database_unreachable' }
  } finally {
    clearTimeout(timer)
  }
}
