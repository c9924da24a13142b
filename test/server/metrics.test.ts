// The metrics port (METRICS_PORT): Prometheus text that moves with real traffic, labelled by route
// templates and outcome words and never by anything a person typed or was sent, served only on its
// own port, one registry per server, and closed when the server stops.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { engineOf } from '../../server/db/database'
import { call, apiToken } from '../api/helpers'
import { Browser } from '../helpers/browser'
import { testClock, type TestClock } from '../helpers/clock'
import { workerIdle } from '../helpers/db'
import { openResetLink, PASSWORD, signIn, signedInBrowser, tokenOf } from '../helpers/flows'
import { freePort } from '../helpers/ports'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()
const WRONG = 'not the right password at all'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) throw new Error(`Not a sample line: ${line}`)
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]))
      return { name: match[1]!, labels, value: Number(match[3]) }
    })
}

/** The value of the sample with exactly these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const keys = Object.keys(labels)
  return samples.find(
    (s) => s.name === name && Object.keys(s.labels).length === keys.length && keys.every((key) => s.labels[key] === labels[key]),
  )?.value
}

async function scrape(t: TestServer): Promise<{ text: string; samples: Sample[] }> {
  const url = t.server.metricsUrl
  if (!url) throw new Error('The server has no metrics port')
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  const text = await response.text()
  return { text, samples: parse(text) }
}

async function forgot(t: TestServer, username: string): Promise<void> {
  const browser = new Browser(t.url)
  await browser.get('/forgot-password')
  expect((await browser.post('/forgot-password', { username })).status).toBe(303)
}

async function outboxRows(t: TestServer) {
  return t.server.context.db.selectFrom('outbox').selectAll().orderBy('id').execute()
}

/** Moves the clock past every scheduled retry and tells the worker. */
async function advancePastRetries(t: TestServer, clock: TestClock): Promise<void> {
  const latest = Math.max(...(await outboxRows(t)).map((r) => Date.parse(r.next_attempt_at)))
  clock.set(new Date(latest + 1))
  t.server.context.wakeMailWorker()
}

describe('metrics', () => {
  it('count sign-ins, resets, invitations, throttling, deliveries and requests by closed labels, and never name a person or a token', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { METRICS_PORT: '0', SIGN_IN_LIMIT_PER_ACCOUNT: '3', RESET_LIMIT_PER_ACCOUNT: '1' } })
    const michelle = await t.createUser({ username: 'michelle', email: 'michelle@example.org' })
    await t.createUser({ username: 'eric', email: 'eric@example.org', role: 'admin' })
    await t.createUser({ username: 'olga', email: 'olga@example.org' })
    const secrets: string[] = []

    // Sign-ins through the page: right, wrong, an unknown name, and a guesser throttled.
    const signedIn = await signedInBrowser(t, 'michelle')
    secrets.push(...signedIn.cookies.values())
    expect((await signIn(new Browser(t.url), 'michelle', WRONG)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'nobody-xyz', WRONG)).status).toBe(401)
    const guesser = new Browser(t.url)
    for (let i = 0; i < 3; i++) expect((await signIn(guesser, 'olga', WRONG)).status).toBe(401)
    expect((await signIn(guesser, 'olga', WRONG)).status).toBe(429)

    // The admin API: Eric signs in, Michelle may not; a reset email, twice; an invitation, then again twice.
    const token = await apiToken(t, 'eric')
    secrets.push(token)
    expect((await call(t, 'post', '/api/session', { body: { username: 'michelle', password: PASSWORD } })).status).toBe(403)
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token })).status).toBe(202)
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token })).status).toBe(429)
    const invited = await call(t, 'post', '/api/users', {
      token,
      body: { username: 'ivan', displayName: 'Ivan Invited', email: 'ivan@example.org', sendInvitation: true },
    })
    expect(invited.status, invited.text).toBe(201)
    const ivanId = (invited.json as { id: string }).id
    expect((await call(t, 'post', `/api/users/${ivanId}/invitation`, { token })).status).toBe(202)
    expect((await call(t, 'post', `/api/users/${ivanId}/invitation`, { token })).status).toBe(429)

    // Forgot password, for an account and for a name nobody has; every email goes out.
    await forgot(t, 'michelle')
    await forgot(t, 'nobody-xyz')
    const emails = await t.smtp.waitFor(() => true, 4)
    await waitUntil(() => workerIdle(t.server.context.db), 'every email to be sent')
    const links = emails.flatMap((m) => m.links).filter((l) => l.includes('token='))
    secrets.push(...links, ...links.map(tokenOf))
    // Michelle's two reset links: the newer one works, the older one died with it (410).
    const resetLinks = links.filter((l) => l.includes('/reset-password?token='))
    const opened = await Promise.all(resetLinks.map(async (l) => (await openResetLink(new Browser(t.url), l)).status))
    expect(opened.sort()).toEqual([200, 410])
    // A path nobody routes, holding a token: one bucket, and the token is not in it.
    expect((await new Browser(t.url).get(`/no-such-page/${tokenOf(links[0]!)}`)).status).toBe(404)

    // An email the mail server refuses for good (550): tried three times, then given up.
    t.smtp.refuseWith = 550
    await forgot(t, 'eric')
    await waitUntil(
      async () => (await outboxRows(t)).some((r) => r.status === 'pending' && r.attempts === 1 && r.locked_until === null),
      'the first refusal',
    )
    clock.advanceMs(1000)
    let { samples } = await scrape(t)
    expect(valueOf(samples, 'textup_outbox_pending_messages')).toBe(1)
    expect(valueOf(samples, 'textup_outbox_oldest_pending_seconds')).toBe(1)
    expect(valueOf(samples, 'textup_outbox_failed_messages')).toBe(0)
    expect(valueOf(samples, 'textup_email_deliveries_total', { result: 'permanent_failure' })).toBe(1)
    await advancePastRetries(t, clock)
    await waitUntil(async () => (await outboxRows(t)).some((r) => r.attempts === 2 && r.locked_until === null), 'the second refusal')
    await advancePastRetries(t, clock)
    await waitUntil(async () => (await outboxRows(t)).some((r) => r.status === 'failed'), 'the email to be given up')

    const scraped = await scrape(t)
    samples = scraped.samples
    const count = (name: string, labels: Record<string, string>) => valueOf(samples, name, labels)
    expect(count('textup_sign_ins_total', { outcome: 'succeeded', via: 'browser' })).toBe(1)
    expect(count('textup_sign_ins_total', { outcome: 'wrong_password', via: 'browser' })).toBe(4)
    expect(count('textup_sign_ins_total', { outcome: 'unknown_username', via: 'browser' })).toBe(1)
    expect(count('textup_sign_ins_total', { outcome: 'throttled', via: 'browser' })).toBe(1)
    expect(count('textup_sign_ins_total', { outcome: 'succeeded', via: 'api' })).toBe(1)
    expect(count('textup_sign_ins_total', { outcome: 'not_admin', via: 'api' })).toBe(1)
    // Every other outcome is there, at 0.
    expect(samples.filter((s) => s.name === 'textup_sign_ins_total' && s.value > 0)).toHaveLength(6)
    expect(count('textup_sign_ins_total', { outcome: 'deactivated', via: 'browser' })).toBe(0)

    expect(count('textup_password_reset_requests_total', { by: 'admin', outcome: 'email_queued' })).toBe(1)
    expect(count('textup_password_reset_requests_total', { by: 'admin', outcome: 'throttled' })).toBe(1)
    expect(count('textup_password_reset_requests_total', { by: 'self', outcome: 'email_queued' })).toBe(2)
    expect(count('textup_password_reset_requests_total', { by: 'self', outcome: 'unknown_username' })).toBe(1)
    expect(count('textup_invitations_total', { kind: 'new_account', outcome: 'email_queued' })).toBe(1)
    expect(count('textup_invitations_total', { kind: 'again', outcome: 'email_queued' })).toBe(1)
    expect(count('textup_invitations_total', { kind: 'again', outcome: 'throttled' })).toBe(1)
    expect(count('textup_throttle_refusals_total', { action: 'sign_in' })).toBe(1)
    expect(count('textup_throttle_refusals_total', { action: 'admin_reset' })).toBe(1)
    expect(count('textup_throttle_refusals_total', { action: 'invitation' })).toBe(1)
    expect(count('textup_throttle_refusals_total', { action: 'reset_request' })).toBe(0)

    // The four above, and the email telling Eric his authenticator app was set up (admins have one from the start here).
    expect(count('textup_email_deliveries_total', { result: 'sent' })).toBe(5)
    expect(count('textup_email_deliveries_total', { result: 'permanent_failure' })).toBe(3)
    expect(count('textup_email_deliveries_total', { result: 'temporary_failure' })).toBe(0)
    expect(valueOf(samples, 'textup_outbox_pending_messages')).toBe(0)
    expect(valueOf(samples, 'textup_outbox_oldest_pending_seconds')).toBe(0)
    expect(valueOf(samples, 'textup_outbox_failed_messages')).toBe(1)

    // Request durations by method, route template and status.
    const requests = (method: string, route: string, status: number) =>
      count('textup_http_request_duration_seconds_count', { method, route, status: String(status) })
    expect(requests('POST', '/login', 303)).toBe(1)
    expect(requests('POST', '/login', 401)).toBe(5)
    expect(requests('POST', '/login', 429)).toBe(1)
    // Eric, an admin with an authenticator app, signs in in two steps: the password (202), then the code (201).
    expect(requests('POST', '/api/session', 202)).toBe(1)
    expect(requests('POST', '/api/session/second-factor', 201)).toBe(1)
    expect(requests('POST', '/api/session', 403)).toBe(1)
    expect(requests('POST', '/api/users/:id/password-reset', 202)).toBe(1)
    expect(requests('POST', '/api/users/:id/password-reset', 429)).toBe(1)
    expect(requests('POST', '/api/users', 201)).toBe(1)
    expect(requests('POST', '/api/users/:id/invitation', 202)).toBe(1)
    expect(requests('POST', '/api/users/:id/invitation', 429)).toBe(1)
    expect(requests('POST', '/forgot-password', 303)).toBe(3)
    expect(requests('GET', '/reset-password', 303)).toBe(1)
    expect(requests('GET', '/reset-password', 200)).toBe(1)
    expect(requests('GET', '/reset-password', 410)).toBe(1)
    expect(requests('GET', 'unmatched', 404)).toBe(1)
    const bucket = (le: string) =>
      count('textup_http_request_duration_seconds_bucket', { le, method: 'POST', route: '/login', status: '303' })
    // A sign-in verifies a password with argon2id: it takes more than a millisecond, and less than ten seconds.
    expect(bucket('0.001')).toBe(0)
    expect(bucket('10')).toBe(1)
    expect(count('textup_http_request_duration_seconds_sum', { method: 'POST', route: '/login', status: '303' })).toBeGreaterThan(0.001)
    const routes = new Set(samples.filter((s) => s.name === 'textup_http_request_duration_seconds_count').map((s) => s.labels.route))
    for (const route of routes) expect(route).toMatch(/^(\/[a-z0-9/:*.-]*|unmatched)$/)

    // The event loop's lag, from prom-client's default metrics.
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(valueOf(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0)

    // The database pool: PostgreSQL's, in use and idle; SQLite has none and says nothing about it.
    if (engineOf(t.server.context.db) === 'postgres') {
      const open =
        (valueOf(samples, 'textup_database_pool_connections', { state: 'in_use' }) ?? 0) +
        (valueOf(samples, 'textup_database_pool_connections', { state: 'idle' }) ?? 0)
      expect(open).toBeGreaterThan(0)
      expect(valueOf(samples, 'textup_database_pool_max_connections')).toBe(10)
      expect(valueOf(samples, 'textup_database_pool_waiting')).toBe(0)
    } else {
      expect(samples.filter((s) => s.name.startsWith('textup_database_pool'))).toEqual([])
    }

    // Nobody's name, address or token, and no piece of a link, anywhere in the scrape.
    for (const secret of ['michelle', 'eric', 'olga', 'ivan', 'nobody-xyz', 'example.org', '@', 'token=', ...secrets]) {
      expect(scraped.text).not.toContain(secret)
    }
  })

  it('serves /metrics on its own port only: 404 for other paths there, 405 for other methods, and not at all on the main port', async () => {
    const t = await start({ env: { METRICS_PORT: '0' } })
    const metricsUrl = t.server.metricsUrl!
    expect(metricsUrl.pathname).toBe('/metrics')
    expect(metricsUrl.hostname).toBe('127.0.0.1')
    expect(metricsUrl.port).not.toBe(new URL(t.url).port)
    expect((await scrape(t)).text).toContain('textup_http_request_duration_seconds')

    const onMainPort = await fetch(new URL('/metrics', t.url))
    expect(onMainPort.status).toBe(404)
    expect(await onMainPort.text()).not.toContain('textup_')
    for (const path of ['/', '/metrics/', '/metrics/extra', '/api/users', '/health']) {
      const response = await fetch(new URL(path, metricsUrl))
      expect(response.status, path).toBe(404)
      expect(await response.text()).not.toContain('textup_')
    }
    const posted = await fetch(metricsUrl, { method: 'POST', body: '' })
    expect(posted.status).toBe(405)
    expect(posted.headers.get('allow')).toBe('GET, HEAD')
    expect((await fetch(new URL('/metrics?debug=1', metricsUrl))).status).toBe(200)
  })

  it('gives each server in a process metrics of its own, and closes the port when the server stops', async () => {
    const a = await start({ env: { METRICS_PORT: '0' } })
    const b = await start({ env: { METRICS_PORT: '0' } })
    await a.createUser({ username: 'ann' })
    await signedInBrowser(a, 'ann')
    expect(valueOf((await scrape(a)).samples, 'textup_sign_ins_total', { outcome: 'succeeded', via: 'browser' })).toBe(1)
    expect(valueOf((await scrape(b)).samples, 'textup_sign_ins_total', { outcome: 'succeeded', via: 'browser' })).toBe(0)

    const metricsUrl = a.server.metricsUrl!
    await a.server.stop()
    await expect(fetch(metricsUrl)).rejects.toThrow()
    expect((await fetch(b.server.metricsUrl!)).status).toBe(200)
  })

  it('does not start when the metrics port is taken, and leaves its main port free', async () => {
    const a = await start({ env: { METRICS_PORT: '0' } })
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const taken = a.server.metricsUrl!.port
    const port = String(await freePort())
    await expect(start({ dataDir, smtp: false, env: { PORT: port, METRICS_PORT: taken } })).rejects.toThrow(/EADDRINUSE/)
    // Nothing was left listening: the same ports work for a server whose metrics port is free.
    await a.server.stop()
    const b = await start({ dataDir, smtp: false, env: { PORT: port, METRICS_PORT: taken } })
    expect(b.server.metricsUrl?.port).toBe(taken)
  })

  it('still answers when the outbox cannot be read: the outbox as unknown (NaN), everything else as usual', async () => {
    const t = await start({ env: { METRICS_PORT: '0' }, logs: true })
    const { db } = t.server.context
    await sql`alter table outbox rename to outbox_elsewhere`.execute(db)
    try {
      const { samples } = await scrape(t)
      expect(valueOf(samples, 'textup_outbox_pending_messages')).toBeNaN()
      expect(valueOf(samples, 'textup_outbox_oldest_pending_seconds')).toBeNaN()
      expect(valueOf(samples, 'textup_outbox_failed_messages')).toBeNaN()
      expect(valueOf(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0)
      expect(valueOf(samples, 'textup_sign_ins_total', { outcome: 'succeeded', via: 'browser' })).toBe(0)
      expect(t.logs.some((line) => line.includes('"event":"metrics_outbox_unreadable"'))).toBe(true)
    } finally {
      await sql`alter table outbox_elsewhere rename to outbox`.execute(db)
    }
    expect(valueOf((await scrape(t)).samples, 'textup_outbox_pending_messages')).toBe(0)
  })

  it('has no metrics port without METRICS_PORT', async () => {
    const t = await start()
    expect(t.server.metricsUrl).toBeUndefined()
    expect((await fetch(new URL('/metrics', t.url))).status).toBe(404)
  })
})
