// Removes what has expired: idle sessions, old throttle counters, used or expired links, delivered
// emails. Every server process runs it now and then; one at a time does the work (an advisory lock
// on PostgreSQL that the others skip rather than wait for), so several instances never delete the
// same rows side by side. Each deletion is idempotent, so a round that dies halfway is finished by
// the next one.
import type { AppContext } from '../context'
import { pruneSessions } from '../accounts/sessions'
import { pruneCounters } from '../accounts/throttle'
import { pruneLinkTokens } from '../accounts/password-reset'
import { lockIfFree } from '../db/locks'
import { pruneDelivered } from '../mail/outbox'

const DAY_MS = 24 * 60 * 60_000

/** Prunes in one transaction; false when another process was pruning at that moment. */
export async function pruneExpired(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock()
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await lockIfFree(trx, 'prune'))) return false
    await pruneSessions(trx, now, ctx.config.sessionIdleMinutes)
    await pruneCounters(trx, new Date(now.getTime() - DAY_MS))
    await pruneLinkTokens(trx, new Date(now.getTime() - 7 * DAY_MS))
    await pruneDelivered(trx, new Date(now.getTime() - 30 * DAY_MS))
    return true
  })
}
