// What a signed-in person does with their own second factors on the account page: add or remove a
// passkey, remove their authenticator app, make new recovery codes. Each removal or new set of
// codes asks for the current password first (counted against the session, like every
// confirmation), and removing the authenticator asks for a code from it (or a recovery code) too:
// a session left open on a shared computer is not enough to take the second factor away.
//
// Every change holds the account at the session's password generation until it commits, is
// audited and emailed, and any change that takes a factor away ends the person's other sessions.
import type { AppContext, Client } from '../context'
import { recordFactorChange } from './factor-changes'
import { factorsOf, hasSecondFactor } from './factors'
import { type PasskeyResponse, useUpRegistrationChallenge, verifyNewPasskey } from './passkeys'
import { deleteRecoveryCodes, normalizeRecoveryCode, replaceRecoveryCodes, useRecoveryCode } from './recovery-codes'
import { secondFactorAccountKey } from './second-step'
import { endOtherSessions, type ActiveSession } from './sessions'
import { confirmOwnPassword } from './sign-in'
import { countAttempt } from './throttle'
import { acceptStep, checkTotpCode, deleteTotp, normalizeTotpCode } from './totp'
import { holdAccount } from './users'

export type FactorChangeRefusal =
  | { ok: false; reason: 'wrong_password' | 'wrong_code' | 'session_ended' | 'not_found' | 'expired' | 'not_verified' | 'duplicate' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

class Undo extends Error {
  constructor(readonly refusal: FactorChangeRefusal) {
    super('undo')
  }
}

/** Runs a change in a transaction that holds the account as the session knows it; an Undo thrown inside becomes the answer. */
async function asSession<T>(
  ctx: AppContext,
  session: ActiveSession,
  change: (trx: AppContext['db']) => Promise<T>,
): Promise<T | FactorChangeRefusal> {
  try {
    const result = await ctx.db.transaction().execute(async (trx) => {
      if (!(await holdAccount(trx, session.user.id, { active: true, passwordGeneration: session.user.password_generation })))
        throw new Undo({ ok: false, reason: 'session_ended' })
      return change(trx)
    })
    ctx.wakeMailWorker()
    return result
  } catch (error) {
    if (error instanceof Undo) return error.refusal
    throw error
  }
}

export type PasskeyAdded = { ok: true; name: string; recoveryCodes: string[] | undefined } | FactorChangeRefusal

/** Adds the passkey the browser just made. The first second factor of an account brings recovery codes (shown once) and ends other sessions. */
export async function addPasskey(
  ctx: AppContext,
  session: ActiveSession,
  added: { response: PasskeyResponse; name: string },
  client: Client,
): Promise<PasskeyAdded> {
  const verified = await verifyNewPasskey(ctx, session, added.response)
  if (!verified.ok) return verified
  const now = ctx.clock()
  const { user } = session
  return asSession(ctx, session, async (trx): Promise<PasskeyAdded> => {
    if (!(await useUpRegistrationChallenge(trx, session, verified.challenge))) throw new Undo({ ok: false, reason: 'expired' })
    const before = await factorsOf(trx, user.id)
    const inserted = await trx
      .insertInto('webauthn_credentials')
      .values({ ...verified.credential, user_id: user.id, name: added.name, created_at: now.toISOString(), last_used_at: null })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows) !== 1) throw new Undo({ ok: false, reason: 'duplicate' })
    const first = !hasSecondFactor(before)
    const sessionsEnded = first ? await endOtherSessions(trx, user.id, session.tokenHash) : 0
    const recoveryCodes = first ? await replaceRecoveryCodes(trx, ctx.factorKeys.recoveryCodeKey, user.id, now) : undefined
    await recordFactorChange(trx, { user, change: 'passkey_added', client, passkeyName: added.name, details: { sessionsEnded } }, now)
    return { ok: true, name: added.name, recoveryCodes }
  })
}

/** Ends a second factor's consequences once it is gone: other sessions end, and recovery codes go with the last factor. */
async function afterRemoval(trx: AppContext['db'], session: ActiveSession): Promise<number> {
  if (!hasSecondFactor(await factorsOf(trx, session.user.id))) await deleteRecoveryCodes(trx, session.user.id)
  return endOtherSessions(trx, session.user.id, session.tokenHash)
}

export async function removePasskey(
  ctx: AppContext,
  session: ActiveSession,
  removal: { credentialId: string; currentPassword: string },
  client: Client,
): Promise<{ ok: true; name: string } | FactorChangeRefusal> {
  const identity = await confirmOwnPassword(ctx, session, removal.currentPassword, client)
  if (!identity.ok) return identity
  const now = ctx.clock()
  return asSession(ctx, session, async (trx) => {
    const removed = await trx
      .deleteFrom('webauthn_credentials')
      .where('id', '=', removal.credentialId)
      .where('user_id', '=', session.user.id)
      .returning('name')
      .executeTakeFirst()
    if (!removed) throw new Undo({ ok: false, reason: 'not_found' })
    const sessionsEnded = await afterRemoval(trx, session)
    await recordFactorChange(
      trx,
      { user: session.user, change: 'passkey_removed', client, passkeyName: removed.name, details: { sessionsEnded } },
      now,
    )
    return { ok: true as const, name: removed.name }
  })
}

/** Removes the authenticator app, after the current password and a code from it (or a recovery code, for a lost phone). */
export async function removeOwnTotp(
  ctx: AppContext,
  session: ActiveSession,
  removal: { currentPassword: string; code: string },
  client: Client,
): Promise<{ ok: true } | FactorChangeRefusal> {
  const identity = await confirmOwnPassword(ctx, session, removal.currentPassword, client)
  if (!identity.ok) return identity
  const now = ctx.clock()
  const { user } = session
  const verdict = await countAttempt(ctx.db, secondFactorAccountKey(user.id), ctx.config.throttle.signInPerAccount, now)
  if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds }
  const totpCode = normalizeTotpCode(removal.code)
  const step = totpCode ? await checkTotpCode(ctx, user.id, totpCode, now) : undefined
  const recoveryCode = totpCode ? undefined : normalizeRecoveryCode(removal.code)
  if (step === undefined && recoveryCode === undefined) return { ok: false, reason: 'wrong_code' }
  return asSession(ctx, session, async (trx) => {
    // The code is used up like at sign-in: one code, one use.
    const used =
      step !== undefined
        ? await acceptStep(trx, user.id, step)
        : await useRecoveryCode(trx, ctx.factorKeys.recoveryCodeKey, user.id, recoveryCode!, now)
    if (!used) throw new Undo({ ok: false, reason: 'wrong_code' })
    if (!(await deleteTotp(trx, user.id))) throw new Undo({ ok: false, reason: 'not_found' })
    const sessionsEnded = await afterRemoval(trx, session)
    await recordFactorChange(trx, { user, change: 'totp_removed', client, details: { sessionsEnded } }, now)
    return { ok: true as const }
  })
}

/** New recovery codes (shown once) in place of every earlier one, after the current password. */
export async function regenerateRecoveryCodes(
  ctx: AppContext,
  session: ActiveSession,
  currentPassword: string,
  client: Client,
): Promise<{ ok: true; recoveryCodes: string[] } | FactorChangeRefusal> {
  const identity = await confirmOwnPassword(ctx, session, currentPassword, client)
  if (!identity.ok) return identity
  const now = ctx.clock()
  return asSession(ctx, session, async (trx) => {
    if (!hasSecondFactor(await factorsOf(trx, session.user.id))) throw new Undo({ ok: false, reason: 'not_found' })
    const recoveryCodes = await replaceRecoveryCodes(trx, ctx.factorKeys.recoveryCodeKey, session.user.id, now)
    await recordFactorChange(trx, { user: session.user, change: 'recovery_codes_regenerated', client }, now)
    return { ok: true as const, recoveryCodes }
  })
}
