// Deletes what has expired: sessions, second-factor challenges, throttle counters, spent links,
// delivered emails. Every server
// process runs it now and then; one at a time does the work, the others skip their turn.
import type { Kysely } from 'kysely'
import { pruneLinkTokens } from '../accounts/password-reset'
import { pruneSessions } from '../accounts/sessions'
import { pruneChallenges } from '../accounts/sign-in-challenges'
import { pruneCounters } from '../accounts/throttle'
import { engineOf } from '../db/engine'
import { lockIfFree } from '../db/locks'
import type { Database } from '../db/schema'
import { pruneDelivered } from '../mail/outbox'

const DAY_MS = 24 * 60 * 60_000

/**
 * On PostgreSQL, prunes in one transaction under the 'prune' lock, or returns false at once when
 * another process holds it (it is doing the same work). Each delete on its own would be safe at
 * READ COMMITTED (a row another process deleted first is skipped), but two processes deleting the
 * same rows in different orders could deadlock, and they would do the same work twice.
 * On SQLite each delete commits on its own: the file's one write lock already lets one writer at a
 * time through, and a transaction would only hold that lock across all five.
 */
export async function pruneExpired(db: Kysely<Database>, now: Date, sessionIdleMinutes: number): Promise<boolean> {
  if (engineOf(db) === 'sqlite') {
    await pruneWith(db, now, sessionIdleMinutes)
    return true
  }
  return db.transaction().execute(async (trx) => {
    if (!(await lockIfFree(trx, 'prune'))) return false
    await pruneWith(trx, now, sessionIdleMinutes)
    return true
  })
}

async function pruneWith(db: Kysely<Database>, now: Date, sessionIdleMinutes: number): Promise<void> {
  await pruneSessions(db, now, sessionIdleMinutes)
  await pruneChallenges(db, now)
  await pruneCounters(db, new Date(now.getTime() - DAY_MS))
  await pruneLinkTokens(db, new Date(now.getTime() - 7 * DAY_MS))
  await pruneDelivered(db, new Date(now.getTime() - 30 * DAY_MS))
}
