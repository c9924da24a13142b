// Signing in with a passkey on the browser pages: as the second step after the password, or on its
// own from the sign-in page (a user-verifying passkey stands for both factors). Either way the
// WebAuthn challenge rides on a sign-in challenge (accounts/sign-in-challenges.ts), and the session
// is made as in the code step: holding the account (at the password generation the password step
// verified, if there was one), using the challenge up, in one transaction.
//
// Passkey attempts are not counted by the throttles: there is nothing to guess, a signature from a
// registered key is needed, and checking one costs a fraction of a millisecond.
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import type { AppContext, Client } from '../context'
import { recordEvent } from './audit'
import { issueDeviceToken } from './devices'
import { factorsOf } from './factors'
import { authenticationOptions, credentialsOf, recordPasskeyUse, verifyPasskey, type PasskeyResponse } from './passkeys'
import type { SecondStepResult } from './second-step'
import { findChallenge, offerPasskey, openChallenge, useUpChallenge } from './sign-in-challenges'
import { finishSignIn } from './sign-in'
import { findUserById, holdAccount } from './users'

export interface PasskeyPrompt {
  /** The sign-in challenge's token (for the browser's HttpOnly cookie); undefined when it already has one. */
  token?: string
  expiresAt: Date
  options: PublicKeyCredentialRequestOptionsJSON
}

/** A passkey sign-in from the sign-in page: any passkey of this site may answer. */
export async function startPasskeySignIn(ctx: AppContext): Promise<PasskeyPrompt> {
  const options = await authenticationOptions(ctx)
  const challenge = await openChallenge(ctx.db, { kind: 'browser', webauthnChallenge: options.challenge }, ctx.clock())
  return { token: challenge.token, expiresAt: challenge.expiresAt, options }
}

/** A passkey as the second step of a password sign-in: only the person's own passkeys may answer. */
export async function passkeyForSecondStep(ctx: AppContext, token: string): Promise<PasskeyPrompt | undefined> {
  const now = ctx.clock()
  const challenge = await findChallenge(ctx.db, token, 'browser', now)
  if (!challenge?.user_id) return undefined
  const credentials = await credentialsOf(ctx.db, challenge.user_id)
  if (credentials.length === 0) return undefined
  const options = await authenticationOptions(ctx, credentials)
  if (!(await offerPasskey(ctx.db, challenge.token_hash, options.challenge, now))) return undefined
  return { expiresAt: new Date(challenge.expires_at), options }
}

export async function completeSignInWithPasskey(
  ctx: AppContext,
  attempt: { token: string; response: PasskeyResponse; client: Client },
): Promise<SecondStepResult> {
  const now = ctx.clock()
  const challenge = await findChallenge(ctx.db, attempt.token, 'browser', now)
  if (!challenge?.webauthn_challenge) return { ok: false, reason: 'challenge_invalid' }
  const verified = await verifyPasskey(ctx, attempt.response, challenge.webauthn_challenge, challenge.user_id ?? undefined)
  const user = verified.ok
    ? await findUserById(ctx.db, verified.credential.user_id)
    : challenge.user_id
      ? await findUserById(ctx.db, challenge.user_id)
      : undefined
  if (!verified.ok || !user) {
    if (user)
      await recordEvent(
        ctx.db,
        { type: 'second_factor_failed', user, client: attempt.client, details: { reason: 'passkey_refused', via: 'browser' } },
        now,
      )
    return { ok: false, reason: 'passkey_refused' }
  }
  const method = challenge.user_id ? 'password+passkey' : 'passkey'
  const result = await ctx.db.transaction().execute(async (trx): Promise<SecondStepResult> => {
    // After a password step, the password it verified must still be the password; a passkey on its
    // own signs in to the account as it is now.
    const passwordGeneration = challenge.password_generation ?? user.password_generation
    if (!(await holdAccount(trx, user.id, { active: true, passwordGeneration }))) return { ok: false, reason: 'challenge_invalid' }
    if (!(await useUpChallenge(trx, challenge.token_hash, now))) return { ok: false, reason: 'challenge_invalid' }
    await recordPasskeyUse(trx, verified.credential.id, verified.newCounter, now)
    const session = await finishSignIn(
      ctx,
      trx,
      { ...user, password_generation: passwordGeneration },
      { kind: 'browser', method, client: attempt.client, details: { passkey: verified.credential.name } },
    )
    const { recoveryCodesLeft } = await factorsOf(trx, user.id)
    return {
      ok: true,
      user: { ...user, last_sign_in_at: now.toISOString() },
      session,
      deviceToken: issueDeviceToken(ctx.deviceSecret, user.username),
      method,
      recoveryCodesLeft,
    }
  })
  if (result.ok) ctx.metrics.signIn('succeeded', 'browser')
  return result
}
