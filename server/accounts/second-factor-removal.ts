// Someone lost their phone: an admin (console, API) or an operator (CLI) removes every second factor
// of the account — authenticator, passkeys, recovery codes — so the person can sign in with their
// password and set up a new one. The person is signed out everywhere (a session on the lost phone
// must not outlive it), told by email, and the removal is audited with who did it.
//
// An admin proves it is them with their own password, inside a session that was itself signed in
// with two factors (when admins must have them): whoever holds an admin's password alone must not
// be able to strip someone's second factor, nor whoever holds a token from before.
import type { Kysely } from 'kysely'
import type { Actor, AppContext, Client } from '../context'
import type { Database, User } from '../db/schema'
import { recordFactorChange } from './factor-changes'
import { factorsOf, strongEnoughForAdmin } from './factors'
import { deleteRecoveryCodes } from './recovery-codes'
import { actorOf, endAllSessions, type ActiveSession } from './sessions'
import { confirmOwnPassword } from './sign-in'
import { holdAccount } from './users'

export interface RemovedFactors {
  authenticator: boolean
  passkeys: number
  recoveryCodes: number
  sessionsEnded: number
}

export type AdminRemovalResult =
  | { ok: true; removed: RemovedFactors }
  /** The person has no second factor to remove. */
  | { ok: false; reason: 'nothing_to_remove' }
  | { ok: false; reason: 'wrong_password' | 'session_ended' | 'two_factors_needed' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

async function removeEverything(
  trx: Kysely<Database>,
  user: User,
  by: Actor,
  how: 'removed_by_admin' | 'removed_by_operator',
  client: Client,
  now: Date,
): Promise<RemovedFactors | undefined> {
  const totp = await trx.deleteFrom('totp_factors').where('user_id', '=', user.id).returning('confirmed_at').execute()
  const passkeys = await trx.deleteFrom('webauthn_credentials').where('user_id', '=', user.id).executeTakeFirst()
  const recoveryCodes = await deleteRecoveryCodes(trx, user.id)
  const removed = {
    authenticator: totp.some((row) => row.confirmed_at !== null),
    passkeys: Number(passkeys.numDeletedRows),
    recoveryCodes,
    sessionsEnded: 0,
  }
  if (!removed.authenticator && removed.passkeys === 0 && recoveryCodes === 0) return undefined
  removed.sessionsEnded = await endAllSessions(trx, user.id)
  await recordFactorChange(
    trx,
    {
      user,
      change: how,
      actor: by,
      client,
      details: { authenticator: removed.authenticator, passkeys: removed.passkeys, recoveryCodes, sessionsEnded: removed.sessionsEnded },
    },
    now,
  )
  return removed
}

export async function removeSecondFactorAsAdmin(
  ctx: AppContext,
  removal: { admin: ActiveSession; adminPassword: string; user: User; client: Client },
): Promise<AdminRemovalResult> {
  const { admin, user, client } = removal
  if (!strongEnoughForAdmin(ctx, admin)) return { ok: false, reason: 'two_factors_needed' }
  // Nothing to remove: said before the password is checked, so the refusal writes nothing (the
  // admin may read the user's factors anyway). The transaction below checks again.
  const factors = await factorsOf(ctx.db, user.id)
  if (!factors.totp && factors.passkeys === 0 && factors.recoveryCodesLeft === 0) return { ok: false, reason: 'nothing_to_remove' }
  const identity = await confirmOwnPassword(ctx, admin, removal.adminPassword, client)
  if (!identity.ok) return identity
  const now = ctx.clock()
  const result = await ctx.db.transaction().execute(async (trx): Promise<AdminRemovalResult> => {
    // The admin as confirmed, still an active admin at that password, until this commits. Both
    // accounts are held in one order whoever acts on whom, so two admins acting on each other wait
    // for each other instead of deadlocking.
    for (const id of [admin.user.id, user.id].sort()) {
      const expected =
        id === admin.user.id ? { active: true as const, role: 'admin' as const, passwordGeneration: admin.user.password_generation } : {}
      if (!(await holdAccount(trx, id, expected)) && id === admin.user.id) return { ok: false, reason: 'session_ended' }
    }
    const removed = await removeEverything(trx, user, actorOf(admin), 'removed_by_admin', client, now)
    return removed ? { ok: true, removed } : { ok: false, reason: 'nothing_to_remove' }
  })
  if (result.ok) ctx.wakeMailWorker()
  return result
}

/** The operator's way (CLI): for the last admin who lost their phone, with no other admin to ask. */
export async function removeSecondFactorAsOperator(
  ctx: AppContext,
  user: User,
  by: Actor,
  client: Client,
): Promise<RemovedFactors | undefined> {
  const now = ctx.clock()
  const removed = await ctx.db.transaction().execute(async (trx) => {
    await holdAccount(trx, user.id, {})
    return removeEverything(trx, user, by, 'removed_by_operator', client, now)
  })
  if (removed) ctx.wakeMailWorker()
  return removed
}
