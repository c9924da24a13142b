// One of three instances SIGKILLed in the middle of 300 forgot-password requests, and not started
// again: the two that are left settle what it had recorded and deliver what it had in hand once its
// claims run out (CLAIM_MS in server/jobs/mail-worker.ts, 15 s), so every accepted request for an account
// gets its email. The kill lands while the mail server holds every delivery unanswered, so the dead
// instance certainly has messages in hand (as many as it sends at once); the mail server had read
// them whole, keeps them when it answers, and gets them again from the survivors: those are the
// duplicates of at-least-once delivery, counted and printed.
import { describe, expect, it } from 'vitest'
import { seededRandom, shuffled } from '../../lib/stats'
import { PARALLEL_SENDS } from '../../server/mail/transport'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import { outboxDrained, outboxIdOf, settledRequests } from '../faults/database'
import { emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from '../faults/harness'
import { forgotPasswordForm, isAccepted } from '../faults/requests'
import { Fleet, inParallel, requirePostgres } from './fleet'

const rig = useFaultRig()

const ACCOUNTS = Array.from({ length: 100 }, (_, i) => `staff${String(i + 1).padStart(3, '0')}`)
const REQUESTS_PER_ACCOUNT = 3
const IN_FLIGHT = 24

describe('an instance killed during a burst of reset requests', () => {
  it('loses no promised email: the other instances take over what it had recorded and had in hand', { timeout: 120_000 }, async () => {
    requirePostgres()
    const dataDir = await rig.dataDir()
    const db = await rig.database(dataDir)
    await seedAccounts(
      dataDir,
      ACCOUNTS.map((username) => ({ username, active: true })),
    )
    const smtp = await SmtpReceiver.start()
    rig.afterwards(() => smtp.stop())
    const fleet = await Fleet.start(rig, 3, {
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://accounts.example.org',
      ...UNTHROTTLED,
    })
    const victim = fleet.at(1)

    const names = shuffled(
      ACCOUNTS.flatMap((name) => Array<string>(REQUESTS_PER_ACCOUNT).fill(name)),
      seededRandom(7),
    )
    let accepted = 0
    let kill: Promise<void> | undefined
    let killed!: () => void
    const victimDead = new Promise<void>((resolve) => (killed = resolve))
    const killAt = names.length / 2
    let sentAfterKill = 0
    const outcomes = await inParallel(names, IN_FLIGHT, async (username, i) => {
      // Midway for certain: the last requests wait for the kill (on a fast machine the burst could
      // otherwise be over before every delivery is held), and then go to the survivors.
      if (i >= killAt + IN_FLIGHT) {
        await victimDead
        sentAfterKill += 1
      }
      // Like a balancer, the client stops sending to the dead instance; requests in flight there get no answer.
      const running = fleet.servers.filter((server) => server.running)
      const server = running[i % running.length]!
      try {
        const browser = await forgotPasswordForm(server.url)
        const answer = await browser.post('/forgot-password', { username })
        const ok = isAccepted(answer.status, answer.location)
        if (!ok) return { username, accepted: false, failure: `answered ${answer.status}` }
        if (++accepted === killAt) {
          kill = (async () => {
            // Every instance's deliveries held (PARALLEL_SENDS each), then the victim dies with its own in hand.
            smtp.hold()
            try {
              await waitUntil(() => smtp.held === fleet.size * PARALLEL_SENDS, 'every instance to have its deliveries held', 20_000)
              victim.child.kill('SIGKILL')
              await victim.exited
            } finally {
              killed()
              smtp.release()
            }
          })()
        }
        return { username, accepted: true }
      } catch (error) {
        // fetch says "fetch failed"; why (the connection reset or closed) is in its cause.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
        return { username, accepted: false, failure: cause instanceof Error ? cause.message : String(cause) }
      }
    })
    await kill
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const unanswered = outcomes.filter((outcome) => !outcome.accepted)
    // Every request got the normal answer, or none at all because its instance died.
    expect(unanswered.filter((outcome) => outcome.failure?.startsWith('answered'))).toEqual([])

    const drainStarted = Date.now()
    const rows = await outboxDrained(db, 45_000)
    const drainMs = Date.now() - drainStarted

    // Every email went to an account asked for, and every one the outbox marked sent arrived.
    expect(rows.every((row) => row.template === 'password-reset' && row.status === 'sent')).toBe(true)
    const received = new Map<number, number>()
    for (const message of smtp.messages) received.set(outboxIdOf(message.messageId), (received.get(outboxIdOf(message.messageId)) ?? 0) + 1)
    expect([...received.keys()].sort((a, b) => a - b)).toEqual(rows.map((row) => row.id))
    const settled = await settledRequests(db)
    expect(settled.every((s) => s.outcome === 'email_queued')).toBe(true)

    // The property: each accepted request has an email of its own (a request the dead instance had
    // committed but not answered is owed nothing, and is emailed too).
    // And none was settled twice, though the dead instance may have been settling one (SKIP LOCKED
    // claims, the claim a delete in the settling transaction): no account has more settled
    // requests, or emails, than were sent for it.
    for (const name of ACCOUNTS) {
      const owed = outcomes.filter((outcome) => outcome.accepted && outcome.username === name).length
      const emails = rows.filter((row) => row.recipient === emailOf(name)).length
      expect(emails, `distinct emails to ${name}`).toBeGreaterThanOrEqual(owed)
      expect(settled.filter((s) => s.username === name).length, `requests settled for ${name}`).toBeLessThanOrEqual(REQUESTS_PER_ACCOUNT)
    }
    expect(settled.length).toBe(rows.length)

    const duplicates = smtp.messages.length - received.size
    const reasons = new Map<string, number>()
    for (const outcome of unanswered) reasons.set(outcome.failure ?? '?', (reasons.get(outcome.failure ?? '?') ?? 0) + 1)
    console.info(
      `[killed instance] ${names.length} forgot-password requests over 3 instances, one SIGKILLed after ${killAt} accepted answers and not restarted: ` +
        `${sentAfterKill} sent after its death, to the survivors; accepted ${accepted}, no answer ${unanswered.length} ${JSON.stringify(Object.fromEntries(reasons))}; ${rows.length} distinct emails ` +
        `(${rows.length - accepted} for requests committed but never answered), ${smtp.messages.length} received, ${duplicates} duplicate(s); ` +
        `the survivors finished ${drainMs} ms after the last answer`,
    )
    // The dead instance's messages in hand reached the mail server and were sent again by the others.
    expect(duplicates).toBe(PARALLEL_SENDS)
  })
})
