// Username enumeration through timing, on "Forgot password": the answer's timing must not depend
// on whether the username exists, is deactivated, is unknown or is being throttled — and neither
// may the timing of the NEXT answer (the mail worker shares the thread; worker-timing.test.ts probes
// its work more closely). The server runs as its own process, as in production; requests go one at
// a time in a shuffled order, and every figure is printed.
import { describe, expect, it } from 'vitest'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { seededRandom, shuffled } from '../../lib/stats'
import { seedAccounts, useFaultRig } from '../faults/harness'
import { forgotPasswordForm } from '../faults/requests'
import { compareSamples, timed, usable } from './timing'

const rig = useFaultRig()

type Kind = 'existing' | 'deactivated' | 'unknown' | 'throttled'
const PER_KIND = 60
const WARM_UP = 20

describe('forgot password timing', () => {
  it('shows no usable difference between existing, deactivated, unknown and throttled usernames', async () => {
    const dataDir = await rig.dataDir()
    const active = Array.from({ length: PER_KIND }, (_, i) => `staff${i}`)
    const deactivated = Array.from({ length: 10 }, (_, i) => `former${i}`)
    await seedAccounts(dataDir, [
      ...active.map((username) => ({ username, active: true })),
      ...deactivated.map((username) => ({ username, active: false })),
    ])
    const smtp = await SmtpReceiver.start()
    rig.afterwards(() => smtp.stop())
    // One reset email per account per hour: every "throttled" request names an account already over it.
    const server = await rig.startServer({
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      RESET_LIMIT_PER_ACCOUNT: '1',
      RESET_LIMIT_PER_ADDRESS: '100000',
    })
    const browser = await forgotPasswordForm(server.url)

    const post = async (username: string) => {
      const { answer, ms } = await timed(() => browser.post('/forgot-password', { username }))
      expect(answer.status).toBe(303)
      return ms
    }
    await post('throttled-account')
    for (let i = 0; i < WARM_UP; i++) await post(`warm-up-${i}`)

    const random = seededRandom(20261127)
    const plan: Array<{ kind: Kind; username: string }> = shuffled(
      [
        ...active.map((username) => ({ kind: 'existing' as const, username })),
        ...Array.from({ length: PER_KIND }, (_, i) => ({ kind: 'deactivated' as const, username: deactivated[i % deactivated.length]! })),
        ...Array.from({ length: PER_KIND }, (_, i) => ({ kind: 'unknown' as const, username: `nobody-${i}` })),
        ...Array.from({ length: PER_KIND }, () => ({ kind: 'throttled' as const, username: 'staff0' })),
      ],
      random,
    )
    // staff0 is used up first (its first request is the one that goes through), so it stands for "throttled" from then on.
    await post('staff0')
    const own: Record<Kind, number[]> = { existing: [], deactivated: [], unknown: [], throttled: [] }
    const next: Record<Kind, number[]> = { existing: [], deactivated: [], unknown: [], throttled: [] }
    let previous: Kind | undefined
    for (const { kind, username } of plan) {
      const ms = await post(username)
      own[kind].push(ms)
      if (previous) next[previous].push(ms)
      previous = kind
    }
    // The emails did go out meanwhile (the worker really worked while we measured).
    await smtp.waitFor(() => true, PER_KIND - 1, 30_000)

    const rows: string[] = []
    const problems: string[] = []
    for (const [label, samples] of [
      ['the answer itself', own],
      ['the answer that follows', next],
    ] as const) {
      for (const kind of ['deactivated', 'unknown', 'throttled'] as const) {
        const comparison = compareSamples(label, { name: 'existing', samples: samples.existing }, { name: kind, samples: samples[kind] })
        rows.push(comparison.row)
        if (usable(comparison)) problems.push(comparison.row)
      }
    }
    console.log(`Forgot-password timing, medians and Mann–Whitney U (two-sided):\n${rows.join('\n')}`)
    expect(problems).toEqual([])
  }, 120_000)
})
