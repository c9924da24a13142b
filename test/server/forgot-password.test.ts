// "Forgot password": one answer for every username (existing, unknown, deactivated, throttled), the
// lookup and the email off the request path, and links built from PUBLIC_URL only.
import { describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/accounts/admin'
import { Browser, visibleText, type Page } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { useTestServers } from '../helpers/servers'
import { TEST_OPERATOR, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()

/** Headers that differ between any two responses whatever they say. */
const PER_REQUEST_HEADERS = new Set(['date'])

function comparable(page: Page) {
  const headers = [...page.headers].filter(([name]) => !PER_REQUEST_HEADERS.has(name)).sort(([a], [b]) => a.localeCompare(b))
  return { status: page.status, location: page.location, body: page.text, headers }
}

async function forgot(browser: Browser, username: string, headers: Record<string, string> = {}): Promise<Page> {
  await browser.get('/forgot-password', headers)
  return browser.post('/forgot-password', { username }, { headers })
}

async function settledRequests(t: TestServer, count: number) {
  return waitUntil(async () => {
    const events = await auditEvents(t.server.context.db, 'password_reset_requested')
    return events.length >= count && events
  }, `${count} settled forgot-password requests`)
}

describe('forgot password', () => {
  it('answers exactly alike for an existing, unknown, deactivated and throttled username', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ACCOUNT: '1' } })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const gone = await t.createUser({ username: 'gus', email: 'gus@example.org' })
    await updateAccount(t.server.context, gone, { status: 'deactivated' }, TEST_OPERATOR, { address: null, userAgent: null })

    // One browser, as an attacker probing names would use; its form page is loaded once.
    const browser = new Browser(t.url)
    const answers: Record<string, Page> = {}
    for (const [label, username] of [
      ['existing', 'ann'],
      ['unknown', 'nobody-here'],
      ['deactivated', 'gus'],
      ['throttled', 'ann'],
    ] as const) {
      answers[label] = await forgot(browser, username)
    }
    const reference = comparable(answers.existing!)
    expect(reference.status).toBe(303)
    expect(reference.location).toBe('/forgot-password/sent')
    for (const label of ['unknown', 'deactivated', 'throttled']) expect(comparable(answers[label]!), label).toEqual(reference)

    const sent = await browser.get('/forgot-password/sent')
    expect(visibleText(sent.text)).toContain('If TextUp found an account with that username')

    // Behind the answer, only the active account, once, gets an email.
    const events = await settledRequests(t, 4)
    expect(events.map((e) => e.parsed.outcome)).toEqual(['email_queued', 'unknown_username', 'deactivated', 'throttled'])
    await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    const outbox = await t.server.context.db.selectFrom('outbox').select(['recipient', 'template']).execute()
    expect(outbox).toEqual([{ recipient: 'ann@example.org', template: 'password-reset' }])
    expect(t.smtp.messages.map((m) => m.to)).toEqual([['ann@example.org']])
  })

  it('refuses a Host it does not answer to (DNS rebinding), and queues nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = new Browser(t.url)
    await browser.get('/forgot-password')
    const answer = await browser.post('/forgot-password', { username: 'ann' }, { headers: { host: 'evil.example' } })
    expect(answer.status).toBe(421)
    expect(await t.server.context.db.selectFrom('reset_requests').select('id').execute()).toEqual([])
  })

  it('builds the link from PUBLIC_URL, never from a forged X-Forwarded-Host', async () => {
    const t = await start({ env: { PUBLIC_URL: 'https://accounts.example.test', TRUST_PROXY: 'true' } })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' }
    expect((await forgot(new Browser(t.url), 'ann', forged)).status).toBe(303)
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    expect(email!.links.length).toBeGreaterThan(0)
    for (const link of email!.links) expect(link.startsWith('https://accounts.example.test/')).toBe(true)
    expect(email!.html).not.toContain('evil.example')
    expect(email!.text).not.toContain('evil.example')
    expect(email!.from).not.toContain('evil.example')
  })

  it('throttles per account silently', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ACCOUNT: '2' } })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(comparable(await forgot(new Browser(t.url), i % 2 ? 'ANN' : 'ann')))
    for (const answer of answers) expect(answer).toEqual(answers[0])
    const events = await settledRequests(t, 4)
    expect(events.map((e) => e.parsed.outcome)).toEqual(['email_queued', 'email_queued', 'throttled', 'throttled'])
    await t.smtp.waitFor((m) => m.to.includes('ann@example.org'), 2)
    expect(await t.server.context.db.selectFrom('outbox').select('id').execute()).toHaveLength(2)
  })

  it('throttles per client address silently, across accounts', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ADDRESS: '2', TRUST_PROXY: 'true' } })
    for (const name of ['ann', 'bob', 'cat']) await t.createUser({ username: name, email: `${name}@example.org` })
    const from = { 'x-forwarded-for': '203.0.113.9' }
    const answers = []
    for (const name of ['ann', 'bob', 'cat']) answers.push(comparable(await forgot(new Browser(t.url), name, from)))
    for (const answer of answers) expect(answer).toEqual(answers[0])
    // The same person from elsewhere is not held back.
    await forgot(new Browser(t.url), 'cat', { 'x-forwarded-for': '198.51.100.1' })
    const events = await settledRequests(t, 4)
    expect(events.map((e) => [e.username, e.client_address, e.parsed.outcome])).toEqual([
      ['ann', '203.0.113.9', 'email_queued'],
      ['bob', '203.0.113.9', 'email_queued'],
      ['cat', '203.0.113.9', 'throttled'],
      ['cat', '198.51.100.1', 'email_queued'],
    ])
    await t.smtp.waitFor(() => true, 3)
    expect(t.smtp.messages.flatMap((m) => m.to).sort()).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org'])
  })

  it('looks the username up off the request path: the answer comes while the worker is busy', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    const db = t.server.context.db
    // A slow mail server keeps the worker busy with ann's email.
    t.smtp.hold()
    await forgot(new Browser(t.url), 'ann')
    await waitUntil(() => t.smtp.held === 1, 'the worker to be stuck delivering')

    const answer = await forgot(new Browser(t.url), 'bob')
    expect(answer.status).toBe(303)
    // Bob's request is only recorded: not yet looked up, no email queued, nothing audited.
    expect(await db.selectFrom('reset_requests').select('username_key').execute()).toEqual([{ username_key: 'bob' }])
    expect(await db.selectFrom('outbox').select('recipient').where('recipient', '=', 'bob@example.org').execute()).toEqual([])
    expect((await auditEvents(db, 'password_reset_requested')).map((e) => e.username)).toEqual(['ann'])

    t.smtp.release()
    await t.smtp.waitFor((m) => m.to.includes('bob@example.org'))
    expect(await db.selectFrom('reset_requests').selectAll().execute()).toEqual([])
    expect((await auditEvents(db, 'password_reset_requested')).map((e) => e.username)).toEqual(['ann', 'bob'])
  })

  it('keeps a request that is only recorded free of anything but the typed name, address and time', async () => {
    const t = await start()
    t.smtp.hold()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await forgot(new Browser(t.url), 'ann')
    await waitUntil(() => t.smtp.held === 1, 'the worker to be busy')
    await forgot(new Browser(t.url), '  Zoë.Example  ')
    const [row] = await t.server.context.db.selectFrom('reset_requests').selectAll().execute()
    expect(row).toMatchObject({ username_key: 'zoë.example', client_address: '127.0.0.1' })
    expect(Object.keys(row!).sort()).toEqual(['client_address', 'id', 'requested_at', 'username_key'])
    t.smtp.release()
  })

  it('refuses an empty, overlong or control-character username with the form again, saying why', async () => {
    const t = await start()
    const browser = new Browser(t.url)
    for (const [username, message] of [
      ['', 'Enter your username.'],
      ['x'.repeat(257), 'That username is too long.'],
      ['ann\u0000', 'Remove control characters from the username.'],
    ]) {
      const page = await forgot(browser, username!)
      expect(page.status).toBe(400)
      expect(visibleText(page.text)).toContain(message)
    }
    expect(await t.server.context.db.selectFrom('reset_requests').selectAll().execute()).toEqual([])
  })
})
