// Signing in with a username and password, and confirming one's own password before a sensitive
// change.
//
// Throttling: every attempt counts against the client's address. A device that has signed in to
// the account before (accounts/devices.ts) has an allowance of its own; any other device counts
// against the account's shared allowance for unknown devices, so guessing at someone's username
// locks out the guesser's devices, not the owner's. Re-authentication inside a signed-in session
// counts against that session.
//
// A sign-in verifies the password outside any transaction (argon2 takes ~12 ms), then creates the
// session in a transaction that first holds the account at the password generation it verified:
// if the password was changed meanwhile, by any process, no session is created.
//
// An account with a second factor gets no session from the password: it gets a challenge
// (accounts/sign-in-challenges.ts) that the second step (accounts/second-step.ts) turns into a
// session. An admin who must have a second factor and has none gets no API token at all; on the
// pages, a session that can only set one up (http/pages).
import type { Kysely } from 'kysely'
import { usernameKey } from '../../src-shared/accounts'
import type { AppContext, Client } from '../context'
import type { Database, SessionKind, SignInMethod, User } from '../db/schema'
import type { SignInFailure } from '../metrics/metrics'
import { recordEvent } from './audit'
import { deviceOf, issueDeviceToken } from './devices'
import { factorsOf, hasSecondFactor, mustEnrol, type FactorSummary } from './factors'
import { startSession, type ActiveSession, type StartedSession } from './sessions'
import { openChallenge, type StartedChallenge } from './sign-in-challenges'
import { addressKey, clearAttempts, countAttempt, forgiveAttempt, type ThrottleVerdict } from './throttle'
import { findUserByUsername, holdAccount } from './users'

export type SignInResult =
  | { ok: true; user: User; session: StartedSession; deviceToken: string }
  /** The password is right; the session waits for the second factor (see completeSignIn…). */
  | { ok: false; reason: 'second_factor_required'; user: User; challenge: StartedChallenge; factors: FactorSummary }
  /** The password is right, but this admin must set up a second factor first (API only). */
  | { ok: false; reason: 'enrolment_required' }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  /** Only said to someone who typed the right password: it tells an attacker nothing new. */
  | { ok: false; reason: 'deactivated' }
  | { ok: false; reason: 'not_allowed' }

export function signInAccountKey(username: string): string {
  return `sign-in:account:${usernameKey(username)}`
}

function signInAddressKey(client: Client): string {
  return `sign-in:address:${addressKey(client.address)}`
}

function signInDeviceKey(device: string): string {
  return `sign-in:device:${device}`
}

export interface SignInAttempt {
  username: string
  password: string
  kind: SessionKind
  client: Client
  requireRole?: 'admin'
  /** The device token this browser or console was given at an earlier sign-in, if any. */
  deviceToken?: string | undefined
}

export async function signIn(ctx: AppContext, attempt: SignInAttempt): Promise<SignInResult> {
  const { username, password, client } = attempt
  const now = ctx.clock()
  const { signInPerAccount: perAccount, signInPerAddress: perAddress } = ctx.config.throttle
  const device = deviceOf(ctx.deviceSecret, attempt.deviceToken, username)
  const addressKeyText = signInAddressKey(client)
  // Each commit is a disk sync on the thread that answers requests: the counting and the lookup
  // share one, and a successful sign-in's bookkeeping another.
  const { byAccount, byAddress, countedKey, user } = await ctx.db.transaction().execute(async (trx) => {
    const byAddress = await countAttempt(trx, addressKeyText, perAddress, now)
    // A known device over its own allowance is treated as an unknown one (OWASP: a device token in
    // lockout counts as no token), so a stolen token buys no more guesses than none.
    let counted: { key: string; verdict: ThrottleVerdict } | undefined
    if (device) {
      const verdict = await countAttempt(trx, signInDeviceKey(device), perAccount, now)
      if (verdict.allowed) counted = { key: signInDeviceKey(device), verdict }
    }
    counted ??= { key: signInAccountKey(username), verdict: await countAttempt(trx, signInAccountKey(username), perAccount, now) }
    return { byAccount: counted.verdict, byAddress, countedKey: counted.key, user: await findUserByUsername(trx, username) }
  })
  const subject = { id: user?.id ?? null, username: user?.username ?? username.slice(0, 256) }
  const seen = device ? 'known' : 'unknown'
  const failed = (reason: SignInFailure) => {
    ctx.metrics.signIn(reason, attempt.kind)
    return recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason, via: attempt.kind, device: seen } }, now)
  }

  if (!byAccount.allowed || !byAddress.allowed) {
    await failed('throttled')
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(byAccount.retryAfterSeconds, byAddress.retryAfterSeconds) }
  }

  if (!user?.password_hash) {
    // Same work as a real check, so the time taken does not reveal whether the account exists.
    await ctx.passwords.verifyNothing(password)
    await failed(user ? 'no_password' : 'unknown_username')
    return { ok: false, reason: 'invalid_credentials' }
  }

  const check = await ctx.passwords.verify(user.password_hash, password)
  if (!check.ok) {
    await failed('wrong_password')
    return { ok: false, reason: 'invalid_credentials' }
  }
  if (user.status !== 'active') {
    await failed('deactivated')
    return { ok: false, reason: 'deactivated' }
  }
  if (attempt.requireRole && user.role !== attempt.requireRole) {
    await failed(`not_${attempt.requireRole}`)
    return { ok: false, reason: 'not_allowed' }
  }

  // The right password: the allowance this attempt counted against is restored, and the attempt
  // does not count against the client's address (many staff may share one office address) — but
  // only up to the address limit per window, or someone with an account of their own could keep
  // the address counter down by signing in between guesses at other accounts.
  const newHash = check.needsRehash ? await ctx.passwords.hash(password) : undefined
  const next = await ctx.db.transaction().execute(async (trx) => {
    const held = await holdAccount(
      trx,
      user.id,
      { active: true, passwordGeneration: user.password_generation },
      newHash ? { password_hash: newHash } : {},
    )
    // The password was changed (or the account deactivated) while this one was being verified:
    // what was verified is no longer the password.
    if (!held) return undefined
    // The address's counter before the account's (or device's), in the order the counting above
    // locks them: the other order deadlocked on PostgreSQL against a parallel sign-in of the same
    // account from the same address, which held the address's row and waited for the account's.
    const forgivable = await countAttempt(trx, `sign-in:address-forgiven:${addressKey(client.address)}`, perAddress, now)
    if (forgivable.allowed) await forgiveAttempt(trx, addressKeyText)
    await clearAttempts(trx, countedKey)
    const factors = await factorsOf(trx, user.id)
    const details = { via: attempt.kind, rehashed: Boolean(newHash), device: seen }
    if (hasSecondFactor(factors)) {
      await recordEvent(trx, { type: 'second_factor_requested', user: subject, client, details }, now)
      const challenge = await openChallenge(trx, { kind: attempt.kind, userId: user.id, passwordGeneration: user.password_generation }, now)
      return { step: 'second_factor' as const, challenge, factors }
    }
    if (attempt.kind === 'api' && mustEnrol(ctx, user, factors)) {
      await recordEvent(
        trx,
        { type: 'sign_in_failed', user: subject, client, details: { ...details, reason: 'second_factor_not_set_up' } },
        now,
      )
      return { step: 'enrolment_required' as const }
    }
    return {
      step: 'session' as const,
      session: await finishSignIn(ctx, trx, user, { kind: attempt.kind, method: 'password', client, details }),
    }
  })
  if (!next) {
    await failed('password_changed_meanwhile')
    return { ok: false, reason: 'invalid_credentials' }
  }
  if (next.step === 'enrolment_required') {
    ctx.metrics.signIn('second_factor_not_set_up', attempt.kind)
    return { ok: false, reason: 'enrolment_required' }
  }
  // A sign-in that waits for its second factor is counted when that step ends (second-step.ts).
  if (next.step === 'second_factor')
    return { ok: false, reason: 'second_factor_required', user, challenge: next.challenge, factors: next.factors }
  ctx.metrics.signIn('succeeded', attempt.kind)
  return {
    ok: true,
    user: { ...user, last_sign_in_at: now.toISOString() },
    session: next.session,
    deviceToken: issueDeviceToken(ctx.deviceSecret, user.username),
  }
}

/**
 * The end of every successful sign-in, in the transaction that holds the account as the sign-in
 * verified it: the last sign-in time, the audit event and the session, which keeps how it was signed in.
 */
export async function finishSignIn(
  ctx: AppContext,
  trx: Kysely<Database>,
  user: User,
  how: { kind: SessionKind; method: SignInMethod; client: Client; details?: Record<string, string | number | boolean> },
): Promise<StartedSession> {
  const now = ctx.clock()
  await trx.updateTable('users').set({ last_sign_in_at: now.toISOString() }).where('id', '=', user.id).execute()
  await recordEvent(
    trx,
    { type: 'sign_in_succeeded', user, client: how.client, details: { via: how.kind, ...how.details, method: how.method } },
    now,
  )
  return startSession(ctx, trx, user, how.kind, how.client, how.method)
}

export type IdentityCheck =
  { ok: true } | { ok: false; reason: 'wrong_password' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Checks that a signed-in person typed their own current password (before changing a password).
 * Counts against the session it is asked in, not the account's sign-in allowance: someone guessing
 * at the sign-in page cannot stop an admin from working, and a stolen session buys no more guesses
 * than the limit. The caller holds the account at the session's password generation
 * (session.user.password_generation) in the transaction that acts on the answer.
 */
export async function confirmOwnPassword(
  ctx: AppContext,
  session: ActiveSession,
  password: string,
  client: Client,
): Promise<IdentityCheck> {
  const now = ctx.clock()
  const { user } = session
  const key = `reauthentication:session:${session.tokenHash}`
  const verdict = await countAttempt(ctx.db, key, ctx.config.throttle.signInPerAccount, now)
  const subject = { id: user.id, username: user.username }
  if (!verdict.allowed) {
    ctx.metrics.throttled('reauthentication')
    await recordEvent(ctx.db, { type: 'reauthentication_failed', user: subject, client, details: { reason: 'throttled' } }, now)
    return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds }
  }
  const check = user.password_hash ? await ctx.passwords.verify(user.password_hash, password) : { ok: false }
  if (!check.ok) {
    await recordEvent(ctx.db, { type: 'reauthentication_failed', user: subject, client, details: { reason: 'wrong_password' } }, now)
    return { ok: false, reason: 'wrong_password' }
  }
  await clearAttempts(ctx.db, key)
  return { ok: true }
}
