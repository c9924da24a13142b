// Removes what has expired: idle sessions, old throttle counters, used or expired links, delivered
// emails. Every server process runs it now and then; one at a time does the work (an advisory lock
// on PostgreSQL that the others skip rather than wait for), so several instances never delete the
// same rows side by side. Each deletion is idempotent, so a round that dies halfway is finished by
// the next one.
import type { AppContext } from '../context'
import { pruneSessions } from '../accounts/sessions'
import { pruneCounters } from '../accounts/throttle'
import { pruneLinkTokens } from '../accounts/password-reset'
import type { Kysely } from 'kysely'
import { engineOf } from '../db/engine'
import { lockIfFree } from '../db/locks'
import type { Database } from '../db/schema'
import { pruneDelivered } from '../mail/outbox'

const DAY_MS = 24 * 60 * 60_000

/**
 * Prunes; false when another process was pruning at that moment. On PostgreSQL, in one transaction
 * holding the prune lock. On SQLite, each deletion commits on its own: one at a time is what the
 * file's write lock already gives, and a transaction would only hold that lock across all four.
 */
export async function pruneExpired(ctx: AppContext): Promise<boolean> {
  if (engineOf(ctx.db) === 'sqlite') {
    await pruneWith(ctx, ctx.db)
    return true
  }
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await lockIfFree(trx, 'prune'))) return false
    await pruneWith(ctx, trx)
    return true
  })
}

async function pruneWith(ctx: AppContext, db: Kysely<Database>): Promise<void> {
  const now = ctx.clock()
  await pruneSessions(db, now, ctx.config.sessionIdleMinutes)
  await pruneCounters(db, new Date(now.getTime() - DAY_MS))
  await pruneLinkTokens(db, new Date(now.getTime() - 7 * DAY_MS))
  await pruneDelivered(db, new Date(now.getTime() - 30 * DAY_MS))
}
