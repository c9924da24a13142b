// Browser sign-in: the session cookie, a fresh session id every time, answers that do not tell an
// attacker which usernames exist, throttling that holds under concurrency but never locks anyone
// out for good, session expiry, sign-out, re-hashing and the https cookie rules.
import { describe, expect, it } from 'vitest'
import { hashToken, newToken } from '../../server/accounts/secrets'
import { updateAccount } from '../../server/accounts/admin'
import { Browser, visibleText } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'
import { startTestServer, TEST_OPERATOR, removeDataDir, tempDataDir } from '../helpers/test-server'

const start = useTestServers()
const WRONG = 'not the right password at all'
const BAD_CREDENTIALS = 'The username or password is not right. Check them and try again, or use Forgot password to choose a new password.'

/** Whether a browser holding this session cookie is signed in. */
async function sessionWorks(url: string, cookieName: string, value: string): Promise<boolean> {
  const browser = new Browser(url)
  browser.cookies.set(cookieName, value)
  const page = await browser.get('/account')
  return page.status === 200
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and leads to the account page', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: 'Ann Lee' })
    const browser = new Browser(t.url)
    const page = await signIn(browser, 'ann', PASSWORD)
    expect(page.status).toBe(303)
    expect(page.location).toBe('/account')
    const cookie = cookieFrom(page.setCookies, 'tu_session')
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(cookie?.attributes.has('httponly')).toBe(true)
    expect(cookie?.attributes.get('samesite')?.toLowerCase()).toBe('lax')
    expect(cookie?.attributes.get('path')).toBe('/')
    expect(cookie?.attributes.has('secure')).toBe(false)
    expect(page.headers.get('strict-transport-security')).toBeNull()
    const account = await browser.get('/account')
    expect(account.status).toBe(200)
    expect(visibleText(account.text)).toContain('Signed in as ann')
    // Only a hash of the session token is kept.
    const rows = await t.server.context.db.selectFrom('sessions').select('token_hash').execute()
    expect(rows).toEqual([{ token_hash: hashToken(cookie!.value) }])
  })

  it('gives a fresh session id at every sign-in and ends the session the browser had', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = new Browser(t.url)
    await signIn(browser, 'ann', PASSWORD)
    const first = browser.cookies.get('tu_session')!
    // Signing in again from the same, signed-in browser (with a form of its session: see csrf.test.ts).
    await browser.get('/account')
    const again = await browser.post('/login', { username: 'ann', password: PASSWORD })
    expect(again.status).toBe(303)
    const second = cookieFrom(again.setCookies, 'tu_session')?.value
    expect(second).toBeDefined()
    expect(second).not.toBe(first)
    expect(await sessionWorks(t.url, 'tu_session', first)).toBe(false)
    expect(await sessionWorks(t.url, 'tu_session', second!)).toBe(true)
  })

  it('never adopts a session id planted in the browser (session fixation)', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    await t.createUser({ username: 'mallory' })
    // A made-up id.
    const planted = newToken()
    const victim = new Browser(t.url)
    victim.cookies.set('tu_session', planted)
    await signIn(victim, 'ann', PASSWORD)
    expect(victim.cookies.get('tu_session')).not.toBe(planted)
    expect(await sessionWorks(t.url, 'tu_session', planted)).toBe(false)
    // A real session of the attacker's own account, planted in the victim's browser, who then signs in
    // from a page loaded with it (a form from before the planting is refused: see csrf.test.ts).
    const attacker = await signedInBrowser(t, 'mallory')
    const attackerSession = attacker.cookies.get('tu_session')!
    const victim2 = new Browser(t.url)
    victim2.cookies.set('tu_session', attackerSession)
    await victim2.get('/account')
    const page = await victim2.post('/login', { username: 'ann', password: PASSWORD })
    expect(page.location).toBe('/account')
    expect(victim2.cookies.get('tu_session')).not.toBe(attackerSession)
    expect(visibleText((await victim2.get('/account')).text)).toContain('Signed in as ann')
    expect(await sessionWorks(t.url, 'tu_session', attackerSession)).toBe(false)
  })

  it('answers a wrong password and an unknown username alike', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const wrongPassword = await signIn(new Browser(t.url), 'ann', WRONG)
    const unknownUser = await signIn(new Browser(t.url), 'nobody', WRONG)
    expect(wrongPassword.status).toBe(401)
    expect(unknownUser.status).toBe(401)
    const normalise = (html: string, username: string) =>
      html.replaceAll(`value="${username}"`, 'value="USERNAME"').replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="TOKEN"')
    expect(normalise(wrongPassword.text, 'ann')).toBe(normalise(unknownUser.text, 'nobody'))
    expect(visibleText(wrongPassword.text)).toContain(BAD_CREDENTIALS)
    expect(wrongPassword.setCookies.some((c) => c.startsWith('tu_session='))).toBe(false)
  })

  it('refuses a deactivated account, and only tells someone who typed its right password', async () => {
    const t = await start()
    const user = await t.createUser({ username: 'ann' })
    await updateAccount(t.server.context, user, { status: 'deactivated' }, TEST_OPERATOR, { address: null, userAgent: null })
    const right = await signIn(new Browser(t.url), 'ann', PASSWORD)
    expect(right.status).toBe(403)
    expect(visibleText(right.text)).toContain('This account has been deactivated')
    expect(right.setCookies.some((c) => c.startsWith('tu_session='))).toBe(false)
    const wrong = await signIn(new Browser(t.url), 'ann', WRONG)
    expect(wrong.status).toBe(401)
    expect(visibleText(wrong.text)).toContain(BAD_CREDENTIALS)
  })

  it('ends the sessions of an account when it is deactivated', async () => {
    const t = await start()
    const user = await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    await updateAccount(t.server.context, user, { status: 'deactivated' }, TEST_OPERATOR, { address: null, userAgent: null })
    expect((await browser.get('/account')).location).toBe('/login')
  })
})

describe('throttling', () => {
  it('per account: after the limit even the right password is refused with 429 and Retry-After', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    await t.createUser({ username: 'ann' })
    await t.createUser({ username: 'bob' })
    for (let i = 0; i < 3; i++) expect((await signIn(new Browser(t.url), 'ann', WRONG)).status).toBe(401)
    // Case and width variants of the username are the same account.
    for (const username of ['ann', 'ANN', 'ａｎｎ']) {
      const refused = await signIn(new Browser(t.url), username, PASSWORD)
      expect(refused.status, username).toBe(429)
      const retryAfter = Number(refused.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(15 * 60)
      expect(visibleText(refused.text)).toContain('Too many sign-in attempts')
      expect(refused.setCookies.some((c) => c.startsWith('tu_session='))).toBe(false)
    }
    // Another account from the same address is not affected.
    expect((await signIn(new Browser(t.url), 'bob', PASSWORD)).status).toBe(303)
  })

  it('per client address, across accounts', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '3', TRUST_PROXY: 'true' } })
    await t.createUser({ username: 'ann' })
    const from = (address: string) => ({ 'x-forwarded-for': address })
    for (const username of ['carl', 'dora', 'emil']) {
      expect((await signIn(new Browser(t.url), username, WRONG, from('203.0.113.7'))).status).toBe(401)
    }
    const refused = await signIn(new Browser(t.url), 'ann', PASSWORD, from('203.0.113.7'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    // Someone else, elsewhere, signs in as usual.
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD, from('198.51.100.20'))).status).toBe(303)
  })

  it('counts an IPv6 client by its /64, since one host can use a whole /64', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '2', TRUST_PROXY: 'true' } })
    await t.createUser({ username: 'ann' })
    expect((await signIn(new Browser(t.url), 'x1', WRONG, { 'x-forwarded-for': '2001:db8:1:2::1' })).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'x2', WRONG, { 'x-forwarded-for': '2001:db8:1:2::abcd' })).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD, { 'x-forwarded-for': '2001:db8:1:2:ffff::9' })).status).toBe(429)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD, { 'x-forwarded-for': '2001:db8:1:3::1' })).status).toBe(303)
  })

  it('does not believe X-Forwarded-For unless told to trust a proxy', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '2' } })
    await t.createUser({ username: 'ann' })
    let i = 0
    for (const username of ['carl', 'dora']) {
      expect((await signIn(new Browser(t.url), username, WRONG, { 'x-forwarded-for': `203.0.113.${++i}` })).status).toBe(401)
    }
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429)
  })

  it('lets no more than the limit through when 20 wrong passwords arrive at once', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '10' } })
    await t.createUser({ username: 'ann' })
    const browser = new Browser(t.url)
    await browser.get('/login')
    const answers = await Promise.all(Array.from({ length: 20 }, () => browser.post('/login', { username: 'ann', password: WRONG })))
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    // Passwords actually checked: one audit event per verification, by reason.
    const failures = await auditEvents(t.server.context.db, 'sign_in_failed')
    expect(failures.filter((e) => e.parsed.reason === 'wrong_password')).toHaveLength(10)
    expect(failures.filter((e) => e.parsed.reason === 'throttled')).toHaveLength(10)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(429)
  })

  it('never locks an account for good: once the window has passed, the right password works', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    await t.createUser({ username: 'ann' })
    for (let i = 0; i < 4; i++) await signIn(new Browser(t.url), 'ann', WRONG)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(429)
    clock.advanceMinutes(14)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(429)
    clock.advanceMinutes(1)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
  })

  it('forgets an account’s failed attempts once its owner signs in', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    await t.createUser({ username: 'ann' })
    for (let i = 0; i < 2; i++) expect((await signIn(new Browser(t.url), 'ann', WRONG)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(303)
    for (let i = 0; i < 3; i++) expect((await signIn(new Browser(t.url), 'ann', WRONG)).status).toBe(401)
  })
})

describe('sessions', () => {
  it('end after being idle too long, and not while in use', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    for (let i = 0; i < 3; i++) {
      clock.advanceMinutes(29)
      expect((await browser.get('/account')).status).toBe(200)
    }
    clock.advanceMinutes(31)
    const page = await browser.get('/account')
    expect(page.status).toBe(303)
    expect(page.location).toBe('/login')
    expect(browser.cookies.has('tu_session')).toBe(false)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
  })

  it('end at their absolute expiry however busy they are', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { SESSION_MAX_HOURS: '1' } })
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    for (const minutes of [20, 20, 19]) {
      clock.advanceMinutes(minutes)
      expect((await browser.get('/account')).status).toBe(200)
    }
    clock.advanceMinutes(1)
    expect((await browser.get('/account')).location).toBe('/login')
  })

  it('end when the person signs out, and the old cookie is worth nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    const token = browser.cookies.get('tu_session')!
    const other = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const out = await browser.post('/logout', {})
    expect(out.status).toBe(303)
    expect(out.location).toBe('/login?notice=signed-out')
    expect(browser.cookies.has('tu_session')).toBe(false)
    expect(visibleText((await browser.get('/login?notice=signed-out')).text)).toContain('You have signed out.')
    expect(await sessionWorks(t.url, 'tu_session', token)).toBe(false)
    // Signing out here does not sign out another device.
    expect((await other.get('/account')).status).toBe(200)
    expect((await auditEvents(t.server.context.db, 'signed_out')).map((e) => e.username)).toEqual(['ann'])
  })
})

describe('password hashes', () => {
  it('are argon2id with the configured parameters, and re-hashed at sign-in when those change', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const before = await startTestServer({ dataDir, env: { ARGON2_MEMORY_KIB: '8192', ARGON2_ITERATIONS: '3' } })
    try {
      await before.createUser({ username: 'ann' })
    } finally {
      await before.close()
    }
    const t = await start({ dataDir })
    const stored = async () =>
      (await t.server.context.db.selectFrom('users').select('password_hash').where('username', '=', 'ann').executeTakeFirstOrThrow())
        .password_hash
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=8192,t=3,p=1\$/)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    // The new hash works, and is not redone.
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
    const signIns = await auditEvents(t.server.context.db, 'sign_in_succeeded')
    expect(signIns.map((e) => e.parsed.rehashed)).toEqual([true, false])
    // A wrong password never triggers a re-hash.
    expect((await signIn(new Browser(t.url), 'ann', WRONG)).status).toBe(401)
  })
})

describe('under an https PUBLIC_URL', () => {
  it('names cookies __Host-…, marks them Secure and sends HSTS', async () => {
    const t = await start({ env: { PUBLIC_URL: 'https://accounts.example.test' } })
    await t.createUser({ username: 'ann' })
    const browser = new Browser(t.url)
    const form = await browser.get('/login')
    expect(form.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/)
    const csrf = cookieFrom(form.setCookies, '__Host-tu_csrf')
    expect(csrf?.attributes.has('secure')).toBe(true)
    expect(cookieFrom(form.setCookies, 'tu_csrf')).toBeUndefined()
    const page = await browser.post('/login', { username: 'ann', password: PASSWORD })
    expect(page.location).toBe('/account')
    const session = cookieFrom(page.setCookies, '__Host-tu_session')
    expect(session).toBeDefined()
    for (const cookie of [csrf!, session!]) {
      expect(cookie.attributes.has('secure')).toBe(true)
      expect(cookie.attributes.has('httponly')).toBe(true)
      expect(cookie.attributes.get('path')).toBe('/')
      // __Host- cookies must not name a domain.
      expect(cookie.attributes.has('domain')).toBe(false)
    }
    expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/)
    expect((await browser.get('/account')).status).toBe(200)
    // A cookie without the prefix (planted by a sibling subdomain over http) is not a session.
    expect(await sessionWorks(t.url, 'tu_session', session!.value)).toBe(false)
  })
})
