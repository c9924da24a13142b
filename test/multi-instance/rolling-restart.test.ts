// A rolling restart: each of three instances in turn gets SIGTERM, exits, is started again on its
// port and comes back into rotation, while clients send a steady stream of requests of several
// kinds through a round-robin balancer with health checks (test/helpers/balancer.ts). No client
// request fails, and everything acknowledged is there afterwards.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { Balancer } from '../helpers/balancer'
import { Browser } from '../helpers/browser'
import { PASSWORD, signIn } from '../helpers/flows'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import { ADMINS_WITHOUT_SECOND_FACTOR, emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from '../faults/harness'
import { Fleet, requirePostgres } from './fleet'

const rig = useFaultRig()

const CLIENTS = 4
/** Loopback addresses stand in for three machines. */
const INSTANCE_HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4']
const ASKERS = Array.from({ length: 20 }, (_, i) => `asker${i + 1}`)

type Kind = 'sign-in page' | 'account page' | 'forgot password' | 'api session' | 'api create user'
const KINDS: Kind[] = ['sign-in page', 'account page', 'forgot password', 'api session', 'api create user']
const NORMAL: Record<Kind, number> = {
  'sign-in page': 200,
  'account page': 200,
  'forgot password': 303,
  'api session': 200,
  'api create user': 201,
}

interface Answer {
  kind: Kind
  status: number
  error?: string
  subject?: string
}

describe('a rolling restart behind a load balancer', () => {
  it('restarts every instance in turn with no failed request for the clients', { timeout: 120_000 }, async () => {
    requirePostgres()
    const balancer = await Balancer.start({ checkEveryMs: 100, checkTimeoutMs: 3_000 })
    rig.afterwards(() => balancer.stop())
    const dataDir = await rig.dataDir()
    await seedAccounts(dataDir, [
      { username: 'reader', active: true },
      { username: 'boss', active: true, role: 'admin' },
      ...ASKERS.map((username) => ({ username, active: true })),
    ])
    const db = await rig.database(dataDir)
    const smtp = await SmtpReceiver.start()
    rig.afterwards(() => smtp.stop())
    // Users reach the installation at the balancer's address: the instances answer to it. Each
    // instance has an address of its own, as on machines of their own; the balancer probes them there.
    // After SIGTERM an instance answers /health/ready with 503 and goes on taking connections for a
    // second, several of the balancer's probes, before it stops listening.
    const env = {
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      PUBLIC_URL: balancer.url,
      SHUTDOWN_GRACE_SECONDS: '1',
      ...UNTHROTTLED,
      ...ADMINS_WITHOUT_SECOND_FACTOR,
    }
    const fleet = await Fleet.start(rig, 3, env, INSTANCE_HOSTS)
    balancer.add(...fleet.urls)
    await balancer.allHealthy()

    const reader = new Browser(balancer.url)
    expect((await signIn(reader, 'reader', PASSWORD)).location).toBe('/account')
    const session = await fetch(`${balancer.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'boss', password: PASSWORD }),
    })
    expect(session.status).toBe(201)
    const { token } = (await session.json()) as { token: string }

    const send = async (i: number): Promise<Answer> => {
      const kind = KINDS[i % KINDS.length]!
      try {
        switch (kind) {
          case 'sign-in page':
            return { kind, status: (await new Browser(balancer.url).get('/login')).status }
          case 'account page':
            return { kind, status: (await reader.get('/account')).status }
          case 'forgot password': {
            const subject = ASKERS[i % ASKERS.length]!
            const form = new Browser(balancer.url)
            const page = await form.get('/forgot-password')
            if (page.status !== 200) return { kind, subject, status: page.status, error: 'GET /forgot-password' }
            const answer = await form.post('/forgot-password', { username: subject })
            return { kind, subject, status: answer.location === '/forgot-password/sent' ? answer.status : -answer.status }
          }
          case 'api session': {
            const answer = await fetch(`${balancer.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })
            await answer.arrayBuffer()
            return { kind, status: answer.status }
          }
          case 'api create user': {
            const subject = `made${i}`
            const answer = await fetch(`${balancer.url}/api/users`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ username: subject, displayName: `Made ${i}`, email: emailOf(subject), sendInvitation: true }),
            })
            await answer.arrayBuffer()
            return { kind, subject, status: answer.status }
          }
        }
      } catch (error) {
        return { kind, status: 0, error: String(error instanceof Error ? (error.cause ?? error) : error) }
      }
    }

    const answers: Answer[] = []
    let streaming = true
    let n = 0
    const stream = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (streaming) {
          answers.push(await send(n++))
          await sleep(10)
        }
      }),
    )

    const restarts: Array<{ drainMs: number; downMs: number }> = []
    await sleep(500)
    for (let i = 0; i < fleet.size; i++) {
      const old = fleet.servers[i]!
      const signalled = Date.now()
      old.child.kill('SIGTERM')
      const exit = await old.waitForExit(15_000)
      expect(exit, `instance ${i + 1} stopping`).toMatchObject({ code: 0, signal: null })
      const exited = Date.now()
      await fleet.restart(i)
      await waitUntil(() => balancer.backends[i]!.healthy, `instance ${i + 1} back in rotation`, 15_000)
      restarts.push({ drainMs: exited - signalled, downMs: Date.now() - signalled })
      await sleep(300)
    }
    streaming = false
    await stream

    // The clients saw no failure: every answer is the normal one.
    expect(answers.filter((a) => a.status !== NORMAL[a.kind])).toEqual([])
    expect(balancer.stats.failed).toBe(0)
    // Each instance was taken out of rotation by its readiness probe (503 from SIGTERM on), before it
    // stopped listening: the balancer never met a refused connection. (On a busy machine a probe of a
    // process still starting may also time out twice; that takes it out too, and is no client failure.)
    expect(balancer.stats.takenOut.filter((why) => why.endsWith(': probe 503'))).toEqual(
      fleet.servers.map((server) => `${new URL(server.url).host}: probe 503`),
    )
    expect(balancer.stats.takenOut.filter((why) => !/: probe (503|health check timed out)$/.test(why))).toEqual([])
    expect(balancer.stats.refusedConnections).toBe(0)
    // Everything acknowledged is there: the accounts created, and every email promised.
    const created = answers.filter((a) => a.kind === 'api create user').map((a) => a.subject!)
    const stored = await db.selectFrom('users').select('username').where('username', 'in', created).execute()
    expect(stored).toHaveLength(created.length)
    const asked = answers.filter((a) => a.kind === 'forgot password').map((a) => a.subject!)
    for (const name of new Set([...created, ...asked])) {
      const owed = created.includes(name) ? 1 : asked.filter((asker) => asker === name).length
      await smtp.waitFor((m) => m.to.includes(emailOf(name)), owed, 20_000)
    }

    const byKind = Object.fromEntries(KINDS.map((kind) => [kind, answers.filter((a) => a.kind === kind).length]))
    console.info(
      `[rolling restart] ${answers.length} requests through the balancer ${JSON.stringify(byKind)}, none failed; ` +
        `per instance: SIGTERM to exit ${restarts.map((r) => r.drainMs).join(', ')} ms, SIGTERM to back in rotation ${restarts.map((r) => r.downMs).join(', ')} ms; ` +
        `balancer: ${balancer.stats.retried} request(s) tried again on another instance (${balancer.stats.refusedConnections} refused connections), ` +
        `instances taken out of rotation ${balancer.stats.takenOut.length} times (${balancer.stats.takenOut.join('; ')})`,
    )
  })
})
