// Signing in with a username and password, and confirming one's own password before a sensitive
// change. Both count against the same per-account throttle, so guessing through the "confirm your
// password" field is no easier than guessing at the sign-in form.
import { usernameKey } from '../../src-shared/accounts'
import type { AppContext, Client } from '../context'
import type { SessionKind, User } from '../db/schema'
import { recordEvent } from './audit'
import { startSession, type StartedSession } from './sessions'
import { addressKey, clearAttempts, countAttempt, forgiveAttempt } from './throttle'
import { findUserByUsername } from './users'

export type SignInResult =
  | { ok: true; user: User; session: StartedSession }
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

export async function signIn(
  ctx: AppContext,
  attempt: { username: string; password: string; kind: SessionKind; client: Client; requireRole?: 'admin' },
): Promise<SignInResult> {
  const { username, password, client } = attempt
  const now = ctx.clock()
  const accountKey = signInAccountKey(username)
  const addressKeyText = signInAddressKey(client)
  // Each commit is a disk sync on the thread that answers requests: the counting and the lookup
  // share one, and a successful sign-in's bookkeeping another.
  const { byAccount, byAddress, user } = await ctx.db.transaction().execute(async (trx) => ({
    byAccount: await countAttempt(trx, accountKey, ctx.config.throttle.signInPerAccount, now),
    byAddress: await countAttempt(trx, addressKeyText, ctx.config.throttle.signInPerAddress, now),
    user: await findUserByUsername(trx, username),
  }))
  const subject = { id: user?.id ?? null, username: user?.username ?? username.slice(0, 256) }

  if (!byAccount.allowed || !byAddress.allowed) {
    await recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason: 'throttled' } }, now)
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(byAccount.retryAfterSeconds, byAddress.retryAfterSeconds) }
  }

  if (!user?.password_hash) {
    // Same work as a real check, so the time taken does not reveal whether the account exists.
    await ctx.passwords.verifyNothing(password)
    await recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason: user ? 'no_password' : 'unknown_username' } }, now)
    return { ok: false, reason: 'invalid_credentials' }
  }

  const check = await ctx.passwords.verify(user.password_hash, password)
  if (!check.ok) {
    await recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason: 'wrong_password' } }, now)
    return { ok: false, reason: 'invalid_credentials' }
  }
  if (user.status !== 'active') {
    await recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason: 'deactivated' } }, now)
    return { ok: false, reason: 'deactivated' }
  }
  if (attempt.requireRole && user.role !== attempt.requireRole) {
    await recordEvent(ctx.db, { type: 'sign_in_failed', user: subject, client, details: { reason: `not_${attempt.requireRole}` } }, now)
    return { ok: false, reason: 'not_allowed' }
  }

  // The right password: this account's failed attempts are forgotten, and this attempt does not
  // count against the client's address (many staff may share one office address) — but only up to
  // the address limit per window, or someone with an account of their own could keep the address
  // counter down by signing in between guesses at other accounts.
  const newHash = check.needsRehash ? await ctx.passwords.hash(password) : undefined
  const session = await ctx.db.transaction().execute(async (trx) => {
    await clearAttempts(trx, accountKey)
    const forgivable = await countAttempt(trx, `sign-in:address-forgiven:${addressKey(client.address)}`, ctx.config.throttle.signInPerAddress, now)
    if (forgivable.allowed) await forgiveAttempt(trx, addressKeyText)
    await trx
      .updateTable('users')
      .set({ last_sign_in_at: now.toISOString(), ...(newHash ? { password_hash: newHash } : {}) })
      .where('id', '=', user.id)
      .execute()
    await recordEvent(trx, { type: 'sign_in_succeeded', user: subject, client, details: { via: attempt.kind, rehashed: Boolean(newHash) } }, now)
    return startSession(ctx, trx, user, attempt.kind, client)
  })
  return { ok: true, user: { ...user, last_sign_in_at: now.toISOString() }, session }
}

export type IdentityCheck = { ok: true } | { ok: false; reason: 'wrong_password' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Checks that a signed-in person typed their own current password (before changing a password).
 * Counts against their sign-in throttle; a right answer clears it as a sign-in would.
 */
export async function confirmOwnPassword(ctx: AppContext, user: User, password: string, client: Client): Promise<IdentityCheck> {
  const now = ctx.clock()
  const key = signInAccountKey(user.username)
  const verdict = await countAttempt(ctx.db, key, ctx.config.throttle.signInPerAccount, now)
  const subject = { id: user.id, username: user.username }
  if (!verdict.allowed) {
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
