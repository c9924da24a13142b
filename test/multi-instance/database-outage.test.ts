// PostgreSQL stopped for 5 s under three instances while a steady stream of requests of several
// kinds goes on (a signed-in page, the forgot-password form, the API's session check and account
// creation, the readiness check). The cluster is this test's own (test/helpers/postgres-cluster.ts),
// stopped the way a crash stops it: every connection cut at once. Meanwhile every answer comes
// within 7 s (the pool waits at most 5 s for a connection): 503 where the database is needed, as a
// problem document on /api and /health/ready and as the error page on pages; never a 500, never a
// hang. Once PostgreSQL is back the instances recover by themselves, and everything acknowledged
// before (a 303 from the forgot-password form, a 201 from account creation) is there. Then a stall:
// a table locked for longer than a statement may wait is answered 503 too, not 500.
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../server/db/database'
import { Browser } from '../helpers/browser'
import { PASSWORD, signIn } from '../helpers/flows'
import { PostgresCluster } from '../helpers/postgres-cluster'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { waitUntil } from '../helpers/wait'
import { ADMINS_WITHOUT_SECOND_FACTOR, emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from '../faults/harness'
import { Fleet, requirePostgres } from './fleet'

const rig = useFaultRig('file')

const OUTAGE_MS = 5_000
/** The longest a statement may run (server/db/postgres.ts). */
const STATEMENT_TIMEOUT_MS = 10_000
/** The pool waits up to 5 s for a connection (server/db/postgres.ts); an answer may take a little more. */
const ANSWER_WITHIN_MS = 7_000
const WORKERS = 6
const ASKERS = Array.from({ length: 40 }, (_, i) => `asker${i + 1}`)

type Kind = 'account page' | 'forgot password' | 'api session' | 'api create user' | 'readiness'
const KINDS: Kind[] = ['account page', 'forgot password', 'api session', 'api create user', 'readiness']
/** The status each kind answers while the database works. */
const NORMAL: Record<Kind, number> = {
  'account page': 200,
  'forgot password': 303,
  'api session': 200,
  'api create user': 201,
  readiness: 200,
}

interface Answer {
  kind: Kind
  instance: number
  startedAt: number
  ms: number
  status: number
  contentType: string
  retryAfter: string | null
  error?: string
  /** The forgot-password asker, or the username created. */
  subject?: string
}

let fleet: Fleet
let db: DB
let smtp: SmtpReceiver
let cluster: PostgresCluster
let pids: number[]
/** A signed-in browser and an admin's API token, from before the outage (sessions live in the database). */
let reader: Browser
let token: string

beforeAll(async () => {
  requirePostgres()
  cluster = await PostgresCluster.create({ maxConnections: 100 })
  rig.afterwards(() => cluster.destroy())
  const databaseUrl = await cluster.createDatabase('textup')
  const dataDir = await rig.dataDir()
  await seedAccounts(
    dataDir,
    [
      { username: 'reader', active: true },
      { username: 'boss', active: true, role: 'admin' },
      ...ASKERS.map((username) => ({ username, active: true })),
    ],
    databaseUrl,
  )
  db = await rig.database(dataDir, databaseUrl)
  smtp = await SmtpReceiver.start()
  rig.afterwards(() => smtp.stop())
  fleet = await Fleet.start(rig, 3, {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://accounts.example.org',
    ...UNTHROTTLED,
    ...ADMINS_WITHOUT_SECOND_FACTOR,
  })
  pids = fleet.servers.map((server) => server.pid)
  reader = new Browser(fleet.at(0).url)
  expect((await signIn(reader, 'reader', PASSWORD)).location).toBe('/account')
  token = await apiToken(fleet.at(1).url)
}, 90_000)

/** The admin's sign-in through the API at one instance: the token, or the answer when it is not 201. */
async function apiSignIn(url: string): Promise<Response> {
  return fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'boss', password: PASSWORD }),
  })
}

async function apiToken(url: string): Promise<string> {
  const answer = await apiSignIn(url)
  if (answer.status !== 201) throw new Error(`The admin's sign-in answered ${answer.status}`)
  return ((await answer.json()) as { token: string }).token
}

describe('PostgreSQL failing under three instances', () => {
  it(
    'answers 503 promptly while the database is down, never 500, and recovers by itself with nothing acknowledged lost',
    { timeout: 90_000 },
    async () => {
      const origin = Date.now()
      const at = () => Date.now() - origin
      let n = 0
      const send = async (i: number): Promise<Answer> => {
        const kind = KINDS[i % KINDS.length]!
        const instance = i % fleet.size
        const url = fleet.at(instance).url
        const startedAt = at()
        const subject = kind === 'forgot password' ? ASKERS[i % ASKERS.length]! : kind === 'api create user' ? `made${i}` : undefined
        const api = (path: string, init: RequestInit = {}) =>
          fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
        try {
          let answer: { status: number; headers: Headers }
          switch (kind) {
            case 'account page':
              answer = await reader.at(url).get('/account')
              break
            case 'forgot password': {
              // The form itself needs no database: its token is signed with a secret the instance holds.
              const form = new Browser(url)
              await form.get('/forgot-password')
              answer = await form.post('/forgot-password', { username: subject! })
              break
            }
            case 'api session':
              answer = await api('/api/session')
              break
            case 'api create user':
              answer = await api('/api/users', {
                method: 'POST',
                body: JSON.stringify({ username: subject, displayName: `Made ${i}`, email: emailOf(subject!), sendInvitation: true }),
              })
              break
            case 'readiness':
              answer = await fetch(`${url}/health/ready`)
          }
          if (answer instanceof Response) await answer.arrayBuffer()
          const { status, headers } = answer
          return {
            kind,
            instance,
            startedAt,
            ms: at() - startedAt,
            status,
            contentType: headers.get('content-type') ?? '',
            retryAfter: headers.get('retry-after'),
            subject,
          }
        } catch (error) {
          const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
          return {
            kind,
            instance,
            startedAt,
            ms: at() - startedAt,
            status: 0,
            contentType: '',
            retryAfter: null,
            subject,
            error: cause instanceof Error ? cause.message : String(cause),
          }
        }
      }

      const answers: Answer[] = []
      let streaming = true
      const stream = Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (streaming) {
            answers.push(await send(n++))
            await sleep(25)
          }
        }),
      )

      await sleep(1_500)
      const stopping = at()
      await cluster.stop('immediate')
      const down = at()
      await sleep(OUTAGE_MS)
      const starting = at()
      await cluster.start()
      const up = at()
      // The instances find the database again by themselves: no restart.
      const readyAt = (url: string) =>
        fetch(`${url}/health/ready`).then(
          (answer) => answer.status === 200,
          () => false,
        )
      await waitUntil(async () => (await Promise.all(fleet.urls.map(readyAt))).every(Boolean), 'every instance ready again', 20_000)
      const ready = at()
      await sleep(1_000)
      streaming = false
      await stream

      const phase = (a: Answer) =>
        a.startedAt + a.ms < stopping
          ? 'before'
          : a.startedAt >= down && a.startedAt + a.ms <= starting
            ? 'outage'
            : a.startedAt >= ready
              ? 'after'
              : 'between'
      // Every request was answered, promptly, with its normal status or a 503; never a 500.
      expect(answers.filter((a) => a.error !== undefined)).toEqual([])
      expect(answers.filter((a) => a.ms >= ANSWER_WITHIN_MS)).toEqual([])
      expect(answers.filter((a) => a.status !== NORMAL[a.kind] && a.status !== 503)).toEqual([])
      // While the database was down, everything that needs it answered 503 in the form its route speaks.
      const duringOutage = answers.filter((a) => phase(a) === 'outage')
      for (const kind of KINDS)
        expect(duringOutage.filter((a) => a.kind === kind).length, `${kind} requests during the outage`).toBeGreaterThan(0)
      expect(duringOutage.filter((a) => a.status !== 503)).toEqual([])
      const unavailable = answers.filter((a) => a.status === 503)
      for (const a of unavailable) {
        const page = a.kind === 'account page' || a.kind === 'forgot password'
        expect(a.contentType, `${a.kind} at ${a.startedAt} ms`).toMatch(page ? /^text\/html/ : /^application\/problem\+json/)
        expect(a.retryAfter, `${a.kind} at ${a.startedAt} ms`).toMatch(/^\d+$/)
      }
      expect(answers.filter((a) => (phase(a) === 'before' || phase(a) === 'after') && a.status !== NORMAL[a.kind])).toEqual([])

      // Nothing acknowledged is lost: every account created is there and invited, every accepted
      // forgot-password request gets its email; no instance was restarted.
      const created = answers.filter((a) => a.kind === 'api create user' && a.status === 201).map((a) => a.subject!)
      const stored = await db
        .selectFrom('users')
        .select('username')
        .where('username', 'in', created.length > 0 ? created : ['-'])
        .execute()
      expect(stored.map((row) => row.username).sort()).toEqual([...created].sort())
      const asked = answers.filter((a) => a.kind === 'forgot password' && a.status === 303).map((a) => a.subject!)
      for (const name of new Set([...created, ...asked])) {
        const owed = created.includes(name) ? 1 : asked.filter((asker) => asker === name).length
        await smtp.waitFor((m) => m.to.includes(emailOf(name)), owed, 20_000)
      }
      expect(fleet.servers.map((server) => (server.running ? server.pid : undefined))).toEqual(pids)
      expect(fleet.servers.flatMap((server) => server.events('request_failed'))).toEqual([])

      const outageTimes = unavailable.map((a) => a.ms).sort((a, b) => a - b)
      console.info(
        `[database outage] ${answers.length} requests over 3 instances; PostgreSQL stopped in ${down - stopping} ms, down ${starting - down} ms, started in ${up - starting} ms; ` +
          `${unavailable.length} answered 503 (${duringOutage.length} during the outage proper), in ${outageTimes[0]}–${outageTimes.at(-1)} ms ` +
          `(median ${outageTimes[Math.floor(outageTimes.length / 2)]} ms); every instance ready again ${ready - up} ms after PostgreSQL was; ` +
          `${created.length} accounts created and ${asked.length} reset requests accepted, all there and emailed`,
      )
    },
  )

  it(
    'answers 503, not 500, when the database stalls past the statement timeout (a table locked by someone else), and serves again once it is free',
    { timeout: 60_000 },
    async () => {
      const form = new Browser(fleet.at(2).url)
      await form.get('/forgot-password')
      const started = Date.now()
      // A long maintenance job, say: every write to these tables waits for it, longer than the 10 s
      // a statement may take (server/db/postgres.ts). Its connection is a plain one: the server's
      // settings would end a transaction left idle that long.
      const maintenance = new pg.Client({ connectionString: cluster.url('textup') })
      await maintenance.connect()
      rig.afterwards(() => maintenance.end())
      await maintenance.query('begin')
      await maintenance.query('lock table reset_requests, throttle_counters in exclusive mode')
      const [page, api] = await Promise.all([form.post('/forgot-password', { username: 'asker1' }), apiSignIn(fleet.at(0).url)])
      await maintenance.query('rollback')
      const stalledMs = Date.now() - started
      expect(page.status).toBe(503)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      expect(api.status).toBe(503)
      expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(stalledMs).toBeLessThan(STATEMENT_TIMEOUT_MS + 3_000)
      // Nothing was changed, and the same requests go through now.
      expect((await form.post('/forgot-password', { username: 'asker1' })).location).toBe('/forgot-password/sent')
      expect((await apiSignIn(fleet.at(0).url)).status).toBe(201)
      expect(fleet.servers.flatMap((server) => server.events('request_failed'))).toEqual([])
      console.info(
        `[database stall] a forgot-password post and an API sign-in waiting on a locked table answered 503 after ${stalledMs} ms`,
      )
    },
  )
})
