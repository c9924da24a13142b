// Second factors in tests, as their owners use them: an authenticator app set up through the same
// service as the account page, its codes computed here from the secret (RFC 6238, otpauth), and the
// recovery codes kept as the person would keep them on paper.
//
// A code works once (the server remembers the newest time-step it accepted), and only within a
// step of now. A person who signs in more than about three times in 30 seconds waits for the next
// code; so does a test, except that it moves its server's clock on instead of sleeping.
import { Secret, TOTP } from 'otpauth'
import { usernameKey } from '../../src-shared/accounts'
import { findSession, endSession, startSession } from '../../server/accounts/sessions'
import { confirmTotpEnrolment, startTotpEnrolment } from '../../server/accounts/totp'
import type { User } from '../../server/db/schema'
import type { RunningServer } from '../../server/server'
import type { SmtpReceiver } from './smtp-receiver'
import { waitUntil } from './wait'

/** What these helpers use of a test server (test-server.ts, which calls enrolTotp for its admins). */
export interface TestServer {
  server: RunningServer
  dataDir: string
  smtp?: SmtpReceiver | undefined
  passTime(ms: number): void
}

const SET_UP_SUBJECT = 'Two-step sign-in is on for your TextUp account'

export interface KeptFactor {
  /** The authenticator's secret, base32, as the QR code carries it. */
  totpSecret: string
  /** The recovery codes shown at set-up; a test that uses one takes it out. */
  recoveryCodes: string[]
  /** The newest step a code was made for here (used or not yet): the next code is for a later one. */
  lastHandedOut?: number
}

/** What each person set up, by database (data folder) and username: servers sharing a database share these too. */
const kept = new Map<string, KeptFactor>()
const keyOf = (t: Pick<TestServer, 'dataDir'>, username: string) => `${t.dataDir}\n${usernameKey(username)}`

export function keptFactor(t: Pick<TestServer, 'dataDir'>, username: string): KeptFactor | undefined {
  return kept.get(keyOf(t, username))
}

export function keepFactor(t: Pick<TestServer, 'dataDir'>, username: string, factor: KeptFactor): void {
  kept.set(keyOf(t, username), factor)
}

/** The code an authenticator app shows for the secret at `at`. */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at.getTime() })
}

const STEP_MS = 30_000

/**
 * A code from the person's authenticator that the server will take: the earliest step within a
 * step of the server's now that no code was accepted for. When there is none left, the server's
 * clock moves on by a step, as 30 seconds of waiting would.
 */
export async function freshCode(t: TestServer, username: string): Promise<string> {
  const factor = keptFactor(t, username)
  if (!factor) throw new Error(`${username} has no authenticator set up in this test`)
  const { db } = t.server.context
  const row = await db
    .selectFrom('totp_factors')
    .innerJoin('users', 'users.id', 'totp_factors.user_id')
    .select('totp_factors.last_step')
    .where('users.username_key', '=', usernameKey(username))
    .executeTakeFirst()
  const last = Math.max(row?.last_step ?? 0, factor.lastHandedOut ?? 0)
  for (;;) {
    const current = Math.floor(t.server.context.clock().getTime() / STEP_MS)
    const step = Math.max(current - 1, last + 1)
    if (step <= current + 1) {
      factor.lastHandedOut = step
      return totpCode(factor.totpSecret, new Date(step * STEP_MS))
    }
    t.passTime(STEP_MS)
  }
}

/** Sets up an authenticator app for the person through the account page's own service, and keeps its secret. */
export async function enrolTotp(t: TestServer, user: User): Promise<KeptFactor> {
  const ctx = t.server.context
  const client = { address: '127.0.0.1', userAgent: 'test set-up' }
  const enrolment = await startTotpEnrolment(ctx, user)
  if (!enrolment) throw new Error(`${user.username} has an authenticator already`)
  keepFactor(t, user.username, { totpSecret: enrolment.secret, recoveryCodes: [] })
  // The page does it in the person's browser session; here, one made for the purpose and ended after.
  const { token } = await startSession(ctx, ctx.db, user, 'browser', client, 'password')
  const session = await findSession(ctx, token, 'browser')
  if (!session) throw new Error('The set-up session did not start')
  const confirmed = await confirmTotpEnrolment(ctx, session, await freshCode(t, user.username), client)
  await endSession(ctx.db, session.tokenHash)
  if (!confirmed.ok) throw new Error(`Setting up ${user.username}'s authenticator failed: ${confirmed.reason}`)
  const factor = keptFactor(t, user.username)!
  factor.recoveryCodes = confirmed.recoveryCodes
  // The person is told by email. Set-up is over once it is out (its delivery would otherwise land
  // in the middle of whatever the test measures), and, read and filed, it leaves the inbox the test
  // looks at as it was.
  await waitUntil(
    async () =>
      (await ctx.db.selectFrom('outbox').select('id').where('user_id', '=', user.id).where('status', '=', 'pending').execute()).length ===
      0,
    `the set-up email to ${user.email}`,
  )
  const smtp = t.smtp
  if (smtp) {
    const delivered = smtp.messages.filter((m) => m.to.includes(user.email) && m.subject === SET_UP_SUBJECT)
    for (const message of delivered) smtp.messages.splice(smtp.messages.indexOf(message), 1)
  }
  return factor
}
