// SIGKILL in the middle of a burst of forgot-password requests, then a restart on the same data.
//
// What an accepted request is owed: the server answers 303 only after the request's row in
// reset_requests is committed (durably: SQLite's synchronous=FULL, or PostgreSQL's commit), and the
// worker settles each row into an outbox email in one transaction. So after a crash every accepted request for an active account must
// still get its email. Delivery is at least once: a message the mail server had taken when the
// process died (its "250 OK" unread, or the row not yet marked sent) is sent again after the
// restart, so duplicates are allowed, and counted. A request the server had committed but not yet
// answered when it died is owed nothing, yet gets its email too; those are counted as well.
// The message the dead worker had in hand stays claimed until its claim runs out (CLAIM_MS in
// server/jobs/mail-worker.ts, 15 s): that is why each round takes about that long after the restart.
import { describe, expect, it } from 'vitest'
import { seededRandom, shuffled } from '../../lib/stats'
import { engineOf } from '../../server/db/database'
import { Browser } from '../helpers/browser'
import { openResetLink } from '../helpers/flows'
import { freePort } from '../helpers/ports'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import { integrityCheck, outboxDrained, outboxIdOf, outboxRows, settledRequests, waitingRequests } from './database'
import { cpuSeconds, emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from './harness'
import { forgotPasswordForm, heldPost, isAccepted } from './requests'

const rig = useFaultRig()

const ACTIVE = Array.from({ length: 12 }, (_, i) => `active${i + 1}`)
const DEACTIVATED = ['gone1', 'gone2', 'gone3']
const UNKNOWN = ['nobody1', 'nobody2', 'nobody3', 'nobody4']
const REQUESTS_PER_NAME = 3

type Moment =
  /** After a random number of accepted answers: the worker is still settling, its first delivery under way. */
  | 'during the burst'
  /** A first wave answered and some of its emails delivered, then a second wave, killed part-way. */
  | 'during a second wave, emails going out'
  /** The mail server holds the first message unanswered: the kill lands mid-delivery for sure. */
  | 'while the mail server holds a delivery'

const ROUNDS: Array<{ seed: number; moment: Moment }> = [
  { seed: 1, moment: 'during the burst' },
  { seed: 2, moment: 'during a second wave, emails going out' },
  { seed: 3, moment: 'while the mail server holds a delivery' },
]

interface Attempt {
  username: string
  browser: Browser
  accepted: boolean
  /** Why there was no answer (the process died), or the unexpected status. */
  failure?: string
}

async function submit(attempt: Attempt): Promise<void> {
  try {
    const answer = await attempt.browser.post('/forgot-password', { username: attempt.username })
    attempt.accepted = isAccepted(answer.status, answer.location)
    if (!attempt.accepted) attempt.failure = `answered ${answer.status}`
  } catch (error) {
    // fetch says "fetch failed"; why (the connection reset or closed) is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
    attempt.failure = cause instanceof Error ? cause.message : String(cause)
  }
}

describe('SIGKILL in the middle of a burst of reset requests', () => {
  for (const { seed, moment } of ROUNDS) {
    it(
      `still emails every accepted request for an active account after a restart (seed ${seed}, killed ${moment})`,
      { timeout: 60_000 },
      async () => {
        const random = seededRandom(seed)
        const dataDir = await rig.dataDir()
        const db = await rig.database(dataDir)
        await seedAccounts(dataDir, [
          ...ACTIVE.map((username) => ({ username, active: true })),
          ...DEACTIVATED.map((username) => ({ username, active: false })),
        ])
        const smtp = await SmtpReceiver.start()
        rig.afterwards(() => smtp.stop())
        // The same port after the restart, as a service manager would bring it back: links emailed
        // by the first process then work on the second.
        const env = { PORT: String(await freePort()), DATA_DIR: dataDir, SMTP_URL: smtp.url, ...UNTHROTTLED }
        const first = await rig.startServer(env)

        // Every request has its own browser, with its own anonymous CSRF cookie and token.
        const names = [...ACTIVE, ...DEACTIVATED, ...UNKNOWN].flatMap((name) => Array<string>(REQUESTS_PER_NAME).fill(name))
        const attempts: Attempt[] = await Promise.all(
          shuffled(names, random).map(async (username) => ({ username, browser: await forgotPasswordForm(first.url), accepted: false })),
        )

        let burst = attempts
        let emailsBeforeTheKill = 0
        if (moment === 'while the mail server holds a delivery') {
          smtp.hold()
          const opener = attempts.find((a) => ACTIVE.includes(a.username))!
          await submit(opener)
          expect(opener.accepted).toBe(true)
          await waitUntil(() => smtp.held === 1, 'the mail server to hold the first delivery')
          burst = attempts.filter((a) => a !== opener)
        } else if (moment === 'during a second wave, emails going out') {
          const firstWave = attempts.slice(0, 20)
          await Promise.all(firstWave.map(submit))
          expect(firstWave.filter((a) => !a.accepted)).toEqual([])
          emailsBeforeTheKill = 1 + Math.floor(random() * Math.min(4, firstWave.filter((a) => ACTIVE.includes(a.username)).length))
          await waitUntil(() => smtp.messages.length >= emailsBeforeTheKill, `${emailsBeforeTheKill} email(s) delivered`)
          burst = attempts.slice(20)
        }

        // One request provably in flight at the kill, whatever the machine's speed: its headers are
        // being handled, its body is never sent.
        const held = heldPost(first.url, '/forgot-password', await forgotPasswordForm(first.url), { username: 'nobody-held' })
        await held.started
        // Settled at once, so the connection reset at the kill is not an unhandled rejection meanwhile.
        const heldOutcome = held.answer.then(
          (answer) => `answered ${answer.status}`,
          () => 'no answer',
        )
        // The burst, all at once; SIGKILL as the killAfter-th accepted answer comes back, early
        // enough in the burst that requests are usually still in flight (on a fast machine the
        // burst may all be answered before the signal lands: the held request is in flight anyway).
        const killAfter = 3 + Math.floor(random() * (burst.length / 2))
        let acceptedInBurst = 0
        await Promise.all(
          burst.map(async (attempt) => {
            await submit(attempt)
            if (attempt.accepted && ++acceptedInBurst === killAfter) first.child.kill('SIGKILL')
          }),
        )
        expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
        const accepted = attempts.filter((a) => a.accepted)
        const unanswered = attempts.filter((a) => !a.accepted)
        // Every request either got the normal answer or none at all (the process was gone).
        expect(unanswered.filter((a) => a.failure?.startsWith('answered'))).toEqual([])
        expect(acceptedInBurst).toBeGreaterThanOrEqual(killAfter)
        expect(await heldOutcome, 'the kill should land while a request is in flight').toBe('no answer')

        // What the crash left behind, read before the restart. (On PostgreSQL the killed process was
        // only a client of the database: no file of ours to check.)
        expect(await integrityCheck(db)).toBe(engineOf(db) === 'sqlite' ? 'ok' : undefined)
        const leftWaiting = await waitingRequests(db)
        const leftInOutbox = await outboxRows(db)
        const leftClaimed = leftInOutbox.filter((row) => row.status === 'pending' && row.locked_until !== null)
        const leftSent = leftInOutbox.filter((row) => row.status === 'sent')
        if (moment === 'while the mail server holds a delivery') {
          expect(leftClaimed).toHaveLength(1)
          // The mail server now answers what it held: it had the whole message, so it keeps it
          // although the sender died before reading the reply.
          smtp.release()
        }
        if (moment === 'during a second wave, emails going out') expect(leftSent.length).toBeGreaterThanOrEqual(emailsBeforeTheKill)

        const second = await rig.startServer(env)
        // While the only email left is the one the dead worker had claimed, the new worker must wait
        // for the claim to run out without spinning (it used to poll the database without pause).
        const claimWaitStarted = await waitUntil(
          async () => {
            const pending = (await outboxRows(db)).filter((row) => row.status === 'pending')
            return (
              (await waitingRequests(db)) === 0 &&
              pending.every((row) => leftClaimed.some((c) => c.id === row.id)) && { at: Date.now(), cpu: cpuSeconds(second.pid) }
            )
          },
          'every email but the claimed one to go out',
          30_000,
        )
        const rows = await outboxDrained(db, 30_000)
        const cpuNow = cpuSeconds(second.pid)
        const claimWait = {
          ms: Date.now() - claimWaitStarted.at,
          cpu: cpuNow === undefined || claimWaitStarted.cpu === undefined ? undefined : cpuNow - claimWaitStarted.cpu,
        }
        // Idle is a few milliseconds of CPU; the spinning worker used about 0.3 s per second.
        if (leftClaimed.length > 0 && claimWait.cpu !== undefined && claimWait.ms > 2000) {
          expect(claimWait.cpu / (claimWait.ms / 1000), `CPU share while waiting ${claimWait.ms} ms for the claim`).toBeLessThan(0.1)
        }
        expect(await integrityCheck(db)).toBe(engineOf(db) === 'sqlite' ? 'ok' : undefined)

        // Every email is a reset email to an active account; none to unknown or deactivated names.
        const activeEmails = new Set(ACTIVE.map(emailOf))
        expect(smtp.messages.flatMap((m) => m.to).filter((to) => !activeEmails.has(to))).toEqual([])
        expect(rows.every((row) => row.template === 'password-reset' && row.status === 'sent')).toBe(true)
        const received = new Map<number, number>()
        for (const message of smtp.messages) {
          const id = outboxIdOf(message.messageId)
          received.set(id, (received.get(id) ?? 0) + 1)
        }
        // Every email the outbox marked sent did arrive, and nothing arrived that the outbox does not know.
        expect([...received.keys()].sort((a, b) => a - b)).toEqual(rows.map((row) => row.id))

        // The audit trail of settled requests: every accepted request was settled (none lost in the
        // crash), each with the outcome its kind of name calls for.
        const settled = await settledRequests(db)
        const settledFor = (name: string) => settled.filter((s) => s.username === name)
        for (const name of new Set(accepted.map((a) => a.username))) {
          expect(settledFor(name).length, `requests settled for ${name}`).toBeGreaterThanOrEqual(
            accepted.filter((a) => a.username === name).length,
          )
        }
        expect(settled.length).toBeLessThanOrEqual(attempts.length)
        for (const s of settled) {
          const expected = ACTIVE.includes(s.username)
            ? 'email_queued'
            : DEACTIVATED.includes(s.username)
              ? 'deactivated'
              : 'unknown_username'
          expect(s.outcome, s.username).toBe(expected)
        }

        // The property: each accepted request for an active account has its own email, at least once.
        for (const name of ACTIVE) {
          const owed = accepted.filter((a) => a.username === name).length
          const emailsTo = rows.filter((row) => row.recipient === emailOf(name))
          expect(emailsTo.length, `distinct emails to ${name}`).toBeGreaterThanOrEqual(owed)
          expect(emailsTo.length, `distinct emails to ${name}`).toBe(settledFor(name).length)
        }
        // And the links work on the restarted server: of the links emailed to each account, exactly
        // one, the newest minted (minting revokes the account's earlier links; deliveries run side
        // by side, so it is not always the last to arrive).
        for (const name of ACTIVE) {
          const emails = smtp.to(emailOf(name))
          if (emails.length === 0) continue
          const statuses = await Promise.all(
            emails.map(async (email) => {
              const link = email.links.find((l) => l.includes('/reset-password?token='))
              expect(link, `reset link for ${name}`).toBeDefined()
              return (await openResetLink(new Browser(second.url), link!)).status
            }),
          )
          expect(statuses.sort(), `reset links for ${name}`).toEqual([200, ...Array<number>(emails.length - 1).fill(410)])
        }

        const owedToActive = accepted.filter((a) => ACTIVE.includes(a.username)).length
        const duplicates = smtp.messages.length - received.size
        const reasons = new Map<string, number>()
        for (const a of unanswered) reasons.set(a.failure ?? '?', (reasons.get(a.failure ?? '?') ?? 0) + 1)
        console.info(
          `[sigkill seed ${seed}, ${moment}] fired ${attempts.length}; SIGKILL after ${killAfter} accepted answers of a burst of ${burst.length}: ` +
            `accepted ${accepted.length} (${owedToActive} for active accounts), no answer ${unanswered.length} ${JSON.stringify(Object.fromEntries(reasons))} ` +
            `(${settled.length - accepted.length} of them committed anyway). The crash left ${leftWaiting} unsettled requests, ` +
            `${leftSent.length} emails sent, ${leftInOutbox.length - leftSent.length} pending (${leftClaimed.length} claimed mid-delivery). ` +
            `After the restart: ${received.size} distinct emails (owed ${owedToActive}), ${smtp.messages.length} received, ${duplicates} duplicate(s); ` +
            `the claimed email waited ${claimWait.ms} ms for its claim, using ${claimWait.cpu?.toFixed(2) ?? '(unknown)'} s of CPU; ` +
            `${smtp.connectionErrors.length} SMTP connection(s) reset mid-transaction by the kill`,
        )
        if (moment === 'while the mail server holds a delivery') {
          // The held message reached the mail server and was sent again after the restart.
          expect(duplicates).toBe(1)
        }
        expect(second.events('mail_worker_error')).toEqual([])
      },
    )
  }
})
