// Half-done sign-ins. After the right password, an account with a second factor gets a challenge,
// not a session: a random token (kept by the browser in an HttpOnly cookie, by an API client in
// memory), stored here only as a hash, good for a few minutes and for one session. A passkey
// sign-in starts with a challenge too, before anyone is named.
//
// What a stolen challenge is worth: no more than the password it stands for. It cannot be turned
// into a session without the second factor, it dies at the first session made with it (a
// conditional update: of two second steps at once exactly one wins), it counts the codes tried
// with it, and it is bound to the password generation the first step verified, so a password
// changed meanwhile kills it. A browser challenge cannot be completed through the API, nor the
// other way round.
import type { Kysely } from 'kysely'
import { addMinutes } from '../clock'
import type { Database, SessionKind, SignInChallenge } from '../db/schema'
import { hashToken, newToken, TOKEN_PATTERN } from './secrets'

/** Long enough to find the phone and type a code; short enough that a forgotten tab is harmless. */
export const CHALLENGE_MINUTES = 5

export interface StartedChallenge {
  token: string
  tokenHash: string
  expiresAt: Date
}

export interface NewChallenge {
  kind: SessionKind
  /** Who the password step found; undefined for a passkey sign-in. */
  userId?: string
  passwordGeneration?: number
  webauthnChallenge?: string
}

export async function openChallenge(db: Kysely<Database>, challenge: NewChallenge, now: Date): Promise<StartedChallenge> {
  const token = newToken()
  const tokenHash = hashToken(token)
  const expiresAt = addMinutes(now, CHALLENGE_MINUTES)
  await db
    .insertInto('sign_in_challenges')
    .values({
      token_hash: tokenHash,
      user_id: challenge.userId ?? null,
      kind: challenge.kind,
      password_generation: challenge.passwordGeneration ?? null,
      webauthn_challenge: challenge.webauthnChallenge ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
    })
    .execute()
  return { token, tokenHash, expiresAt }
}

/** The challenge a token names, if it is of this kind, unused and unexpired. Looking does not use it. */
export async function findChallenge(
  db: Kysely<Database>,
  token: string,
  kind: SessionKind,
  now: Date,
): Promise<SignInChallenge | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined
  const row = await db.selectFrom('sign_in_challenges').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
  if (!row || row.kind !== kind || row.used_at !== null || row.expires_at <= now.toISOString()) return undefined
  return row
}

/** Uses the challenge up, if no one has: the one write that lets exactly one session come of it. */
export async function useUpChallenge(trx: Kysely<Database>, tokenHash: string, now: Date): Promise<boolean> {
  const used = await trx
    .updateTable('sign_in_challenges')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
  return Number(used.numUpdatedRows) === 1
}

/** Offers a passkey on a waiting challenge: the WebAuthn challenge the browser must sign. */
export async function offerPasskey(db: Kysely<Database>, tokenHash: string, webauthnChallenge: string, now: Date): Promise<boolean> {
  const offered = await db
    .updateTable('sign_in_challenges')
    .set({ webauthn_challenge: webauthnChallenge })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
  return Number(offered.numUpdatedRows) === 1
}

export async function pruneChallenges(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('sign_in_challenges').where('expires_at', '<', addMinutes(now, -60).toISOString()).execute()
}
