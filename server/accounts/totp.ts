// Authenticator apps: time-based one-time codes (TOTP, RFC 6238) from otpauth, with QR codes drawn
// by the server as SVG (qrcode), so no other service ever sees a secret.
//
// SHA-1, six digits, 30-second steps: what every authenticator app understands. A code is accepted
// for the step before and after the current one too (clocks drift, people type slowly). Each code
// works once: accepting one moves the factor's last_step up by a conditional update, and codes of
// that step or earlier are refused from then on — by any server process, whatever the order.
import { Secret, TOTP } from 'otpauth'
import type { Kysely } from 'kysely'
import type { AppContext, Client } from '../context'
import type { Database, User } from '../db/schema'
import { recordFactorChange } from './factor-changes'
import { factorsOf } from './factors'
import { replaceRecoveryCodes } from './recovery-codes'
import { endOtherSessions, type ActiveSession } from './sessions'
import { countAttempt } from './throttle'
import { holdAccount } from './users'

const SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30 } as const
export const TOTP_WINDOW = 1
const SECRET_BYTES = 20

/** A code as typed, without spaces or dashes, if it can be one: six digits. */
export function normalizeTotpCode(typed: string): string | undefined {
  const plain = typed.replace(/[\s-]/g, '')
  return /^\d{6}$/.test(plain) ? plain : undefined
}

/** The time-step the code belongs to, within a step of `now`; undefined when it is not right. */
export function matchingStep(secret: Secret, typed: string, now: Date): number | undefined {
  const token = normalizeTotpCode(typed)
  if (!token) return undefined
  const timestamp = now.getTime()
  const delta = TOTP.validate({ token, secret, ...SETTINGS, timestamp, window: TOTP_WINDOW })
  return delta === null ? undefined : TOTP.counter({ period: SETTINGS.period, timestamp }) + delta
}

const boundTo = (userId: string) => `totp:${userId}`

async function secretOf(
  ctx: AppContext,
  db: Kysely<Database>,
  userId: string,
  state: 'confirmed' | 'pending',
): Promise<{ secret: Secret; sealed: string } | undefined> {
  const row = await db
    .selectFrom('totp_factors')
    .select('secret')
    .where('user_id', '=', userId)
    .where('confirmed_at', state === 'confirmed' ? 'is not' : 'is', null)
    .executeTakeFirst()
  const bytes = row ? ctx.factorKeys.open(row.secret, boundTo(userId)) : undefined
  return row && bytes ? { secret: new Secret({ buffer: new Uint8Array(bytes).buffer }), sealed: row.secret } : undefined
}

/** The step a code from the person's confirmed authenticator is right for, or undefined. Does not use it up. */
export async function checkTotpCode(ctx: AppContext, userId: string, typed: string, now: Date): Promise<number | undefined> {
  const found = await secretOf(ctx, ctx.db, userId, 'confirmed')
  return found ? matchingStep(found.secret, typed, now) : undefined
}

/** Uses up a step: false when a code of this step or a later one was accepted already. */
export async function acceptStep(trx: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  const accepted = await trx
    .updateTable('totp_factors')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where('last_step', '<', step)
    .executeTakeFirst()
  return Number(accepted.numUpdatedRows) === 1
}

export interface TotpEnrolment {
  /** The secret in base32, for typing in by hand. */
  secret: string
  /** The otpauth:// URI the QR code holds. */
  uri: string
  /** The QR code as an SVG element, drawn here. */
  qrSvg: string
}

async function describe(ctx: AppContext, user: Pick<User, 'username'>, secret: Secret): Promise<TotpEnrolment> {
  const uri = new TOTP({ issuer: 'TextUp', label: `${user.username} (${ctx.publicUrl.host})`, secret, ...SETTINGS }).toString()
  // Loaded on first use: only setting up an authenticator draws a QR code.
  const { default: QRCode } = await import('qrcode')
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return {
    secret: secret.base32,
    uri,
    qrSvg: svg.replace('<svg ', '<svg role="img" aria-label="QR code to scan with your authenticator app" '),
  }
}

/**
 * Starts setting up an authenticator: a new secret, stored encrypted and unconfirmed (replacing an
 * unconfirmed one). Undefined when the person already has a confirmed one: remove it first.
 */
export async function startTotpEnrolment(ctx: AppContext, user: Pick<User, 'id' | 'username'>): Promise<TotpEnrolment | undefined> {
  const secret = new Secret({ size: SECRET_BYTES })
  const sealed = ctx.factorKeys.seal(Buffer.from(secret.bytes), boundTo(user.id))
  const now = ctx.clock().toISOString()
  const stored = await ctx.db
    .insertInto('totp_factors')
    .values({ user_id: user.id, secret: sealed, created_at: now, confirmed_at: null })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ secret: sealed, created_at: now }).where('totp_factors.confirmed_at', 'is', null),
    )
    .executeTakeFirst()
  return Number(stored.numInsertedOrUpdatedRows) === 1 ? describe(ctx, user, secret) : undefined
}

/** The setup waiting for its first code, to show again (after a wrong code). */
export async function pendingTotpEnrolment(ctx: AppContext, user: Pick<User, 'id' | 'username'>): Promise<TotpEnrolment | undefined> {
  const found = await secretOf(ctx, ctx.db, user.id, 'pending')
  return found ? describe(ctx, user, found.secret) : undefined
}

export type TotpConfirmation =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: 'wrong_code' | 'no_enrolment' | 'session_ended' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Finishes setting up an authenticator with a first code from it. New recovery codes are made (to
 * show once), the person is told, and if this is their first second factor every other session
 * ends: none of them was signed in with it.
 */
export async function confirmTotpEnrolment(
  ctx: AppContext,
  session: ActiveSession,
  typed: string,
  client: Client,
): Promise<TotpConfirmation> {
  const now = ctx.clock()
  const { user } = session
  const verdict = await countAttempt(ctx.db, `totp-enrolment:session:${session.tokenHash}`, ctx.config.throttle.signInPerAccount, now)
  if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds }
  const pending = await secretOf(ctx, ctx.db, user.id, 'pending')
  if (!pending) return { ok: false, reason: 'no_enrolment' }
  const step = matchingStep(pending.secret, typed, now)
  if (step === undefined) return { ok: false, reason: 'wrong_code' }
  const result = await ctx.db.transaction().execute(async (trx): Promise<TotpConfirmation> => {
    if (!(await holdAccount(trx, user.id, { active: true, passwordGeneration: user.password_generation })))
      return { ok: false, reason: 'session_ended' }
    const confirmed = await trx
      .updateTable('totp_factors')
      .set({ confirmed_at: now.toISOString(), last_step: step })
      .where('user_id', '=', user.id)
      .where('confirmed_at', 'is', null)
      // The secret the code was checked against: not one another tab put in its place meanwhile.
      .where('secret', '=', pending.sealed)
      .executeTakeFirst()
    if (Number(confirmed.numUpdatedRows) !== 1) return { ok: false, reason: 'no_enrolment' }
    const firstFactor = (await factorsOf(trx, user.id)).passkeys === 0
    const sessionsEnded = firstFactor ? await endOtherSessions(trx, user.id, session.tokenHash) : 0
    const recoveryCodes = await replaceRecoveryCodes(trx, ctx.factorKeys.recoveryCodeKey, user.id, now)
    await recordFactorChange(trx, { user, change: 'totp_enrolled', client, details: { sessionsEnded } }, now)
    return { ok: true, recoveryCodes }
  })
  if (result.ok) ctx.wakeMailWorker()
  return result
}

export async function deleteTotp(trx: Kysely<Database>, userId: string): Promise<boolean> {
  const deleted = await trx
    .deleteFrom('totp_factors')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst()
  return Number(deleted.numDeletedRows) === 1
}
