// The mail server out of action for a while during a burst of forgot-password requests, with the
// TextUp server as a real process: first refusing every message with 451 (try again later), then
// stopped outright (connections refused) and started again on the same port. Every email is
// retried with backoff (about 2 s, then 4 s: server/jobs/mail-worker.ts) and arrives once the mail
// server is back, exactly once since nothing crashed; the tries are visible in the outbox table.
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { openResetLink } from '../helpers/flows'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import type { DB } from '../../server/db/database'
import { outboxDrained, outboxIdOf, outboxRows, settledRequests, type OutboxRow } from './database'
import { emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from './harness'
import { forgotPasswordForm, isAccepted } from './requests'

const rig = useFaultRig()

const ACTIVE = Array.from({ length: 10 }, (_, i) => `staff${i + 1}`)
const UNKNOWN = ['nobody1', 'nobody2']

/** Fires every request at once, each from its own browser; all must get the normal answer. */
async function burst(url: string, usernames: string[]): Promise<void> {
  const browsers = await Promise.all(usernames.map(() => forgotPasswordForm(url)))
  const answers = await Promise.all(browsers.map((browser, i) => browser.post('/forgot-password', { username: usernames[i]! })))
  expect(answers.filter((answer) => !isAccepted(answer.status, answer.location)).map((a) => a.status)).toEqual([])
}

/** Waits until every listed email has been tried at least `attempts` times and is waiting for its retry. */
function triedAtLeast(db: DB, ids: () => Promise<number[]>, attempts: number, timeoutMs = 15_000): Promise<OutboxRow[]> {
  return waitUntil(
    async () => {
      const wanted = new Set(await ids())
      const rows = (await outboxRows(db)).filter((row) => wanted.has(row.id))
      return (
        rows.length === wanted.size &&
        rows.every((row) => row.attempts >= attempts && row.locked_until === null && row.status === 'pending') &&
        rows
      )
    },
    `every email tried ${attempts} time(s)`,
    timeoutMs,
  )
}

/** Reset-link tokens minted so far: one per try that got as far as sending; a failed try's is revoked at once. */
async function linkTokens(db: DB): Promise<{ minted: number; revoked: number }> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .select((eb) => [eb.fn.countAll<number | string>().as('minted'), eb.fn.count<number | string>('revoked_at').as('revoked')])
    .executeTakeFirstOrThrow()
  return { minted: Number(row.minted), revoked: Number(row.revoked) }
}

/** A server process with the ACTIVE accounts, sending to its own SMTP receiver. */
async function serverWithAccounts() {
  const dataDir = await rig.dataDir()
  const db = await rig.database(dataDir)
  await seedAccounts(
    dataDir,
    ACTIVE.map((username) => ({ username, active: true })),
  )
  const smtp = await SmtpReceiver.start()
  rig.afterwards(() => smtp.stop())
  const server = await rig.startServer({ DATA_DIR: dataDir, SMTP_URL: smtp.url, ...UNTHROTTLED })
  return { db, smtp, server }
}

describe('an SMTP outage during a burst of reset requests', () => {
  it(
    'retries through 451 refusals with backoff and delivers every email exactly once when the mail server takes mail again',
    { timeout: 45_000 },
    async () => {
      const { db, smtp, server } = await serverWithAccounts()

      smtp.refuseWith = 451
      const outageStarted = Date.now()
      // Two requests for each account and some for unknown names, all at once.
      await burst(server.url, [...ACTIVE, ...ACTIVE, ...UNKNOWN].sort())
      const owed = ACTIVE.length * 2
      await waitUntil(async () => (await outboxRows(db)).length === owed, 'every request settled into an email')
      const allIds = async () => (await outboxRows(db)).map((row) => row.id)
      // The outage lasts until every email has been refused twice: the first try, and the retry
      // about 2 s later.
      const refused = await triedAtLeast(db, allIds, 2)
      smtp.refuseWith = undefined
      const outageMs = Date.now() - outageStarted
      const refusals = smtp.refusals
      expect(refused.map((row) => row.last_error)).toEqual(Array<string>(owed).fill(expect.stringContaining('451') as string))
      // The next try is scheduled about 4 s (±20 %) after the second.
      const nextTryIn = refused.map((row) => Date.parse(row.next_attempt_at) - Date.now())
      expect(Math.max(...nextTryIn)).toBeLessThanOrEqual(4800)

      const rows = await outboxDrained(db, 20_000)
      const recoveredInMs = Date.now() - outageStarted - outageMs

      // Every email arrived, each exactly once, two to each account and none to the unknown names.
      expect(rows.map((row) => row.status)).toEqual(Array<string>(owed).fill('sent'))
      expect(smtp.messages.map((m) => outboxIdOf(m.messageId)).sort((a, b) => a - b)).toEqual(rows.map((row) => row.id))
      for (const name of ACTIVE) expect(smtp.to(emailOf(name)), name).toHaveLength(2)
      expect((await settledRequests(db)).filter((s) => UNKNOWN.includes(s.username)).map((s) => s.outcome)).toEqual(
        Array<string>(UNKNOWN.length).fill('unknown_username'),
      )
      // The retries are in the outbox table and in the log.
      expect(rows.every((row) => row.attempts > 1)).toBe(true)
      expect(server.events('email_retry')).toHaveLength(refusals)
      expect(await server.waitForEvents('email_sent', owed)).toHaveLength(owed)
      // Each refused try's link was revoked, and of the two links delivered to each account only the
      // newer works (minting a link revokes the account's earlier ones).
      expect(await linkTokens(db)).toEqual({ minted: refusals + owed, revoked: refusals + owed - ACTIVE.length })
      const links = smtp.to(emailOf('staff1')).map((m) => m.links.find((l) => l.includes('/reset-password?token='))!)
      const opened = await Promise.all(links.map(async (link) => (await openResetLink(new Browser(server.url), link)).status))
      expect(opened.sort()).toEqual([200, 410])

      const attempts = rows.map((row) => row.attempts)
      console.info(
        `[smtp 451] ${owed} emails refused ${refusals} times during a ${outageMs} ms outage; all ${smtp.messages.length} delivered once ` +
          `${recoveredInMs} ms after the mail server was back; attempts per email ${Math.min(...attempts)}–${Math.max(...attempts)}`,
      )
    },
  )

  it(
    'retries while the mail server is down (connections refused) and delivers every email exactly once after it starts again on the same port',
    { timeout: 45_000 },
    async () => {
      const { db, smtp, server } = await serverWithAccounts()
      const port = smtp.port

      // Mail flows, then the mail server goes down in the middle of the burst.
      const before = ACTIVE.slice(0, 4)
      await burst(server.url, before)
      await waitUntil(() => smtp.messages.length === before.length, 'the emails before the outage')
      await smtp.stop()
      const outageStarted = Date.now()
      await burst(server.url, [...ACTIVE, ...UNKNOWN])
      const owed = before.length + ACTIVE.length
      await waitUntil(async () => (await outboxRows(db)).length === owed, 'every request settled into an email')
      const duringOutage = async () => (await outboxRows(db)).filter((row) => row.status === 'pending').map((row) => row.id)
      const refused = await triedAtLeast(db, duringOutage, 2)
      expect(refused).toHaveLength(ACTIVE.length)
      expect(refused.map((row) => row.last_error)).toEqual(
        Array<string>(ACTIVE.length).fill(expect.stringContaining('ECONNREFUSED') as string),
      )

      await smtp.listen()
      expect(smtp.port).toBe(port)
      const outageMs = Date.now() - outageStarted
      const rows = await outboxDrained(db, 20_000)
      const recoveredInMs = Date.now() - outageStarted - outageMs

      expect(rows.map((row) => row.status)).toEqual(Array<string>(owed).fill('sent'))
      expect(smtp.messages.map((m) => outboxIdOf(m.messageId)).sort((a, b) => a - b)).toEqual(rows.map((row) => row.id))
      for (const name of ACTIVE)
        expect(
          smtp.messages.filter((m) => m.to.includes(emailOf(name))),
          name,
        ).toHaveLength(before.includes(name) ? 2 : 1)
      const retried = rows.filter((row) => refused.some((r) => r.id === row.id))
      expect(retried.every((row) => row.attempts > 1)).toBe(true)
      expect(rows.filter((row) => !retried.includes(row)).map((row) => row.attempts)).toEqual(Array<number>(before.length).fill(1))
      const retries = server.events('email_retry')
      expect(retries.length).toBeGreaterThanOrEqual(2 * ACTIVE.length)
      expect(retries.every((entry) => String(entry.reason).includes('ECONNREFUSED'))).toBe(true)

      const attempts = retried.map((row) => row.attempts)
      console.info(
        `[smtp down] ${ACTIVE.length} emails refused a connection ${retries.length} times during a ${outageMs} ms outage; ` +
          `all ${owed} emails delivered once, ${recoveredInMs} ms after the mail server was back on port ${port}; ` +
          `attempts per retried email ${Math.min(...attempts)}–${Math.max(...attempts)}`,
      )
    },
  )
})
