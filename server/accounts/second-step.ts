// The second step of a sign-in: a challenge from the password step, and a code from the person's
// authenticator app or one of their recovery codes. Only this step creates the session, in one
// transaction that
//   1. holds the account, still active, at the password generation the first step verified
//      (a password changed meanwhile, by anyone, in any process, leaves no session);
//   2. uses up the challenge (of two second steps with one challenge, exactly one gets a session);
//   3. uses up the code: the authenticator's time-step, or the recovery code (so one code makes
//      one session, even raced on two challenges).
// If the code turns out to be used up, the whole transaction is undone: the challenge stays good
// for the right code. Codes tried count against the challenge and the account, atomically, before
// they are checked.
import type { AppContext, Client } from '../context'
import type { SessionKind, SignInMethod, User } from '../db/schema'
import { recordEvent } from './audit'
import { issueDeviceToken } from './devices'
import { recordFactorChange } from './factor-changes'
import { factorsOf } from './factors'
import { normalizeRecoveryCode, useRecoveryCode } from './recovery-codes'
import type { StartedSession } from './sessions'
import { findChallenge, useUpChallenge } from './sign-in-challenges'
import { finishSignIn } from './sign-in'
import { countAttempt } from './throttle'
import { acceptStep, checkTotpCode, normalizeTotpCode } from './totp'
import { findUserById, holdAccount } from './users'

/** Codes one challenge may be tried with; then the person starts again with the password. */
export const CODES_PER_CHALLENGE = 5

export type SecondStepResult =
  | { ok: true; user: User; session: StartedSession; deviceToken: string; method: SignInMethod; recoveryCodesLeft: number }
  /** Unknown, expired or used up, or the account changed since the password step: start again. */
  | { ok: false; reason: 'challenge_invalid' }
  | { ok: false; reason: 'wrong_code' }
  /** A passkey that is not the person's, or whose signature does not check. */
  | { ok: false; reason: 'passkey_refused' }
  /** The right code, but it was used already (wait for the next one). */
  | { ok: false; reason: 'code_used' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/** Thrown inside the transaction to undo it, carrying what to answer. */
class Undo extends Error {
  constructor(readonly result: SecondStepResult) {
    super('undo')
  }
}

export function secondFactorAccountKey(userId: string): string {
  return `second-factor:account:${userId}`
}

export async function completeSignInWithCode(
  ctx: AppContext,
  attempt: { token: string; code: string; kind: SessionKind; client: Client },
): Promise<SecondStepResult> {
  const now = ctx.clock()
  const challenge = await findChallenge(ctx.db, attempt.token, attempt.kind, now)
  const user = challenge?.user_id ? await findUserById(ctx.db, challenge.user_id) : undefined
  if (!challenge || !user || challenge.password_generation === null) return { ok: false, reason: 'challenge_invalid' }
  const subject = { id: user.id, username: user.username }
  const failed = (reason: string) =>
    recordEvent(
      ctx.db,
      { type: 'second_factor_failed', user: subject, client: attempt.client, details: { reason, via: attempt.kind } },
      now,
    )

  const [byChallenge, byAccount] = await ctx.db
    .transaction()
    .execute(async (trx) => [
      await countAttempt(trx, `second-factor:challenge:${challenge.token_hash}`, { limit: CODES_PER_CHALLENGE, windowMinutes: 15 }, now),
      await countAttempt(trx, secondFactorAccountKey(user.id), ctx.config.throttle.signInPerAccount, now),
    ])
  if (!byAccount.allowed) {
    await failed('throttled')
    return { ok: false, reason: 'throttled', retryAfterSeconds: byAccount.retryAfterSeconds }
  }
  // This challenge has had its tries: only a new password step gives more.
  if (!byChallenge.allowed) {
    await failed('too_many_codes_for_challenge')
    return { ok: false, reason: 'challenge_invalid' }
  }

  const totpCode = normalizeTotpCode(attempt.code)
  const step = totpCode ? await checkTotpCode(ctx, user.id, totpCode, now) : undefined
  const recoveryCode = totpCode ? undefined : normalizeRecoveryCode(attempt.code)
  if (step === undefined && recoveryCode === undefined) {
    await failed('wrong_code')
    return { ok: false, reason: 'wrong_code' }
  }
  const method: SignInMethod = step === undefined ? 'password+recovery_code' : 'password+totp'
  try {
    const result = await ctx.db.transaction().execute(async (trx): Promise<SecondStepResult> => {
      if (!(await holdAccount(trx, user.id, { active: true, passwordGeneration: challenge.password_generation! }))) {
        throw new Undo({ ok: false, reason: 'challenge_invalid' })
      }
      if (!(await useUpChallenge(trx, challenge.token_hash, now))) throw new Undo({ ok: false, reason: 'challenge_invalid' })
      if (step !== undefined && !(await acceptStep(trx, user.id, step))) throw new Undo({ ok: false, reason: 'code_used' })
      let recoveryCodesLeft = 0
      if (recoveryCode !== undefined) {
        if (!(await useRecoveryCode(trx, ctx.factorKeys.recoveryCodeKey, user.id, recoveryCode, now)))
          throw new Undo({ ok: false, reason: 'wrong_code' })
        recoveryCodesLeft = (await factorsOf(trx, user.id)).recoveryCodesLeft
        await recordFactorChange(trx, { user, change: 'recovery_code_used', client: attempt.client, recoveryCodesLeft }, now)
      } else {
        recoveryCodesLeft = (await factorsOf(trx, user.id)).recoveryCodesLeft
      }
      const session = await finishSignIn(ctx, trx, user, { kind: attempt.kind, method, client: attempt.client })
      return {
        ok: true,
        user: { ...user, last_sign_in_at: now.toISOString() },
        session,
        deviceToken: issueDeviceToken(ctx.deviceSecret, user.username),
        method,
        recoveryCodesLeft,
      }
    })
    if (method === 'password+recovery_code') ctx.wakeMailWorker()
    if (result.ok) ctx.metrics.signIn('succeeded', attempt.kind)
    return result
  } catch (error) {
    if (!(error instanceof Undo)) throw error
    if (error.result.ok === false) await failed(error.result.reason)
    return error.result
  }
}
