// Which second factors a person has, and what follows from it: whether a sign-in needs a second
// step, and whether an admin must set one up before going on (MFA_REQUIRED_FOR_ADMINS).
import { sql, type Kysely } from 'kysely'
import type { AppContext } from '../context'
import type { Database, SignInMethod, User } from '../db/schema'
import type { ActiveSession } from './sessions'

export interface FactorSummary {
  /** A confirmed authenticator app. */
  totp: boolean
  passkeys: number
  recoveryCodesLeft: number
}

/** One query, three indexed lookups: it runs in every sign-in, with or without a second factor. */
export async function factorsOf(db: Kysely<Database>, userId: string): Promise<FactorSummary> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('totp_factors')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .as('totp'),
      eb
        .selectFrom('webauthn_credentials')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .as('passkeys'),
      eb
        .selectFrom('recovery_codes')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .as('codes'),
    ])
    .executeTakeFirstOrThrow()
  return { totp: Number(row.totp) > 0, passkeys: Number(row.passkeys), recoveryCodesLeft: Number(row.codes) }
}

export function hasSecondFactor(factors: FactorSummary): boolean {
  return factors.totp || factors.passkeys > 0
}

/** An admin without a second factor, where the configuration requires admins to have one. */
export function mustEnrol(ctx: AppContext, user: Pick<User, 'role'>, factors: FactorSummary): boolean {
  return ctx.config.mfaRequiredForAdmins && user.role === 'admin' && !hasSecondFactor(factors)
}

/** Whether a session was signed in with two factors (a passkey counts as two: possession and the PIN or biometric that unlocks it). */
export function signedInWithTwoFactors(method: SignInMethod): boolean {
  return method !== 'password'
}

/**
 * Whether a session is good enough for an admin's work — the admin API, and confirming a change to
 * someone's account (a password, a second factor) with the admin's own password: only a session
 * signed in with two factors, where admins must have them. A password alone, or a token from
 * before, does not do.
 */
export function strongEnoughForAdmin(ctx: AppContext, session: ActiveSession): boolean {
  return !ctx.config.mfaRequiredForAdmins || signedInWithTwoFactors(session.signInMethod)
}
