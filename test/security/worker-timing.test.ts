// Username enumeration through the mail worker's timing. The worker shares the thread that answers
// requests, so its work delays whatever request meets it: if an existing username made it work
// (look the account up, mint, render and send the email) right after the answer, and an unknown one
// did not, an attacker could send a probe, follow it at once with any request, and time that one.
// The server runs as its own process, as in production, with real requests in a shuffled order;
// every figure is printed.
//
// How often the server before the fix (the worker woken by each request, an email's work only for
// existing usernames) lost, on this 2-core machine shared with other test runs (load average 5–24):
// the first test in every run, 9 of 9 (the last 2 with this very file; the page after an existing
// username 9–18 ms later, z 3.6–9.2), the second in every run, 6 of 6 (z ≥ 8.6). With the beat but
// without the rehearsal, the first passed and the second lost 4 of 4 (z ≥ 7.7). The fixed server
// passed every run of both (9 and 6).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import { seededRandom, shuffled } from '../../lib/stats'
import { seedAccounts, useFaultRig } from '../faults/harness'
import { forgotPasswordForm } from '../faults/requests'
import { compareSamples, SIGNIFICANT_P, timed, usable } from './timing'

const rig = useFaultRig()

const WARM_UP = 20
/** The one account whose requests are throttled (one reset email per account and hour): it gets neither email nor rehearsal. */
const THROTTLED = 'used-up'

type Kind = 'existing' | 'unknown' | 'throttled'
interface Sample {
  /** GET /login sent as soon as the forgot-password answer came. */
  nextMs: number
  /** The server's event loop CPU time from the forgot-password request to the end of the pause after it. */
  cpuMs: number
}

describe('the mail worker, timed through the requests after a forgot-password request', () => {
  /**
   * The attacker's probe: a forgot-password request, then at once another request of any kind (the
   * sign-in page here), whose time is the measure; then a short pause.
   */
  it('does not delay the request that follows an existing username', async () => {
    const smtp = await SmtpReceiver.start()
    rig.afterwards(() => smtp.stop())
    const samples = await probeServer({ SMTP_URL: smtp.url }, { kinds: ['existing', 'unknown'], perKind: 100, pauseMs: 30 })
    // The emails did go out (the worker really did its work while the pages were timed).
    await smtp.waitFor(() => true, 100 + WARM_UP / 2, 30_000)
    const next = compareSamples(
      'the next page',
      { name: 'existing', samples: samples.existing.map((s) => s.nextMs) },
      { name: 'unknown', samples: samples.unknown.map((s) => s.nextMs) },
    )
    console.log(`GET /login right after a forgot-password request, medians and Mann–Whitney U (two-sided):\n${next.row}`)
    expect(usable(next) ? [next.row] : []).toEqual([])
  }, 180_000)

  /**
   * The probe above finds nothing as long as the worker's beat keeps its work away from the request
   * after a probe; an attacker who found the beat could time requests that meet it. So the work
   * itself must not depend on the username: here the server's event loop CPU time over each probe
   * and the beat after it. Throttled requests get no email and no rehearsal, so existing against
   * throttled is an email's whole work, and the test shows it sees it; the rehearsal must leave
   * less than half of it between existing and unknown (it left 7–29 % of 7–11 ms here). Emails go to
   * files (no SMTP_URL), so that the kernel's part of an exchange with a mail server on this
   * machine, which the rehearsal does not reproduce (SECURITY.md), stays out.
   */
  it('does as much work after an unknown username as after an existing one', async () => {
    const dataDir = await rig.dataDir()
    const samples = await probeServer(
      { DATA_DIR: dataDir, RESET_LIMIT_PER_ACCOUNT: '1' },
      { kinds: ['existing', 'unknown', 'throttled'], perKind: 60, pauseMs: 150 },
    )
    // The emails were written (the worker really did its work while it was measured).
    await waitUntil(() => readdirSync(path.join(dataDir, 'outbox')).length >= 60 + WARM_UP / 2, 'every email written')
    const cpu = (kind: Kind) => ({ name: kind, samples: samples[kind].map((s) => s.cpuMs) })
    const email = compareSamples('event loop CPU', cpu('existing'), cpu('throttled'))
    const left = compareSamples('event loop CPU', cpu('existing'), cpu('unknown'))
    console.log(
      `The server's event loop CPU time over a forgot-password request and the worker's beat after it:\n${email.row}\n${left.row}`,
    )
    expect(email.p, 'an email costs the worker measurable work').toBeLessThan(SIGNIFICANT_P)
    expect(Math.abs(left.difference) < email.difference / 2 || left.p >= SIGNIFICANT_P ? [] : [left.row]).toEqual([])
  }, 180_000)
})

/**
 * A server probed with usernames of the given kinds, shuffled, as many of each: each probe is a
 * forgot-password request, then GET /login at once (timed), then a pause; the server's event loop
 * CPU time is read before the probe and after the pause.
 */
async function probeServer(
  env: Record<string, string>,
  plan: { kinds: Kind[]; perKind: number; pauseMs: number },
): Promise<Record<Kind, Sample[]>> {
  const dataDir = env.DATA_DIR ?? (await rig.dataDir())
  const active = Array.from({ length: plan.perKind + WARM_UP }, (_, i) => `staff${i}`)
  await seedAccounts(
    dataDir,
    [...active, THROTTLED].map((username) => ({ username, active: true })),
  )
  const server = await rig.startServer({ DATA_DIR: dataDir, RESET_LIMIT_PER_ADDRESS: '100000', ...env })
  const browser = await forgotPasswordForm(server.url)
  const visitor = new Browser(server.url)
  const probe = async (username: string): Promise<Sample> => {
    const cpuBefore = eventLoopCpuMs(server.pid)
    const asked = await browser.post('/forgot-password', { username })
    expect(asked.status).toBe(303)
    const { answer, ms } = await timed(() => visitor.get('/login'))
    expect(answer.status).toBe(200)
    await sleep(plan.pauseMs)
    return { nextMs: ms, cpuMs: eventLoopCpuMs(server.pid) - cpuBefore }
  }
  // The throttled account's first request goes through; every later one is throttled.
  await probe(THROTTLED)
  for (let i = 0; i < WARM_UP; i++) await probe(i % 2 ? active[plan.perKind + i]! : `warm-up-${i}`)
  const usernames: Record<Kind, (i: number) => string> = {
    existing: (i) => active[i]!,
    unknown: (i) => `nobody-${i}`,
    throttled: () => THROTTLED,
  }
  const order = shuffled(
    plan.kinds.flatMap((kind) => Array.from({ length: plan.perKind }, (_, i) => ({ kind, username: usernames[kind](i) }))),
    seededRandom(20261128),
  )
  const samples: Record<Kind, Sample[]> = { existing: [], unknown: [], throttled: [] }
  for (const { kind, username } of order) samples[kind].push(await probe(username))
  return samples
}

/** CPU time the server's event loop thread has used so far, in ms (Linux schedstat: nanoseconds). */
function eventLoopCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
}
