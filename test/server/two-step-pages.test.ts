// Two-step sign-in on the browser pages, without JavaScript: setting up an authenticator app on
// /account (a QR code the server draws, the secret as text, a first code), the ten recovery codes
// shown once, signing in with the password and then a code or a recovery code, and removing the
// authenticator again. Codes are computed here from the secret the page showed.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText, type Page } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'
import { freshCode, keepFactor, keptFactor, totpCode } from '../helpers/second-factor'
import type { TestServer } from '../helpers/test-server'

const start = useTestServers()
const SET_UP = 'Two-step sign-in is on for your TextUp account'

/** The secret the set-up page shows as text ("ABCD EFGH …"). */
function shownSecret(page: Page): string {
  const match = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.text)
  if (!match?.[1]) throw new Error('The set-up page shows no secret')
  return match[1].replaceAll(' ', '')
}

function shownRecoveryCodes(page: Page): string[] {
  return [...page.text.matchAll(/<li><code>([0-9a-z-]{19})<\/code><\/li>/g)].map((m) => m[1]!)
}

/** Sets up an authenticator on the pages, as a person does; returns the secret and the codes shown. */
async function setUpOnPages(t: TestServer, browser: Browser, username: string): Promise<{ secret: string; codes: string[] }> {
  await browser.get('/account')
  const setUp = await browser.post('/account/two-factor/setup', {})
  expect(setUp.status).toBe(200)
  const secret = shownSecret(setUp)
  keepFactor(t, username, { totpSecret: secret, recoveryCodes: [] })
  const confirmed = await browser.post('/account/two-factor/confirm', { code: await freshCode(t, username) })
  expect(confirmed.status, visibleText(confirmed.text)).toBe(200)
  const codes = shownRecoveryCodes(confirmed)
  keepFactor(t, username, { totpSecret: secret, recoveryCodes: codes, lastHandedOut: undefined })
  return { secret, codes }
}

describe('setting up an authenticator app on /account', () => {
  it('draws the QR code inline, shows the secret, turns on with a first code and shows ten recovery codes once', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = await signedInBrowser(t, 'ann')
    const elsewhere = await signedInBrowser(t, 'ann')
    const account = await browser.get('/account')
    expect(visibleText(account.text)).toContain('Two-step sign-in Off')

    const setUp = await browser.post('/account/two-factor/setup', {})
    expect(setUp.status).toBe(200)
    // The QR code is the server's own SVG: no image from anywhere, no secret in a URL.
    expect(setUp.text).toMatch(
      /<div class="qr-code"><svg [^>]*role="img"[^>]*aria-label="QR code to scan with your authenticator app"[^>]*>.*<path/s,
    )
    expect(setUp.text).not.toMatch(/<img\b|https?:\/\/(?!localhost|127\.0\.0\.1|www\.w3\.org\/2000\/svg")/)
    const secret = shownSecret(setUp)
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    // Nothing is on yet: the password alone still signs Ann in.
    const passwordOnly = new Browser(t.url)
    expect((await signIn(passwordOnly, 'ann', PASSWORD)).location).toBe('/account')

    // A wrong code: the same secret is shown again, with the problem.
    const wrong = await browser.post('/account/two-factor/confirm', { code: totpCode(secret, new Date(Date.now() - 5 * 60_000)) })
    expect(wrong.status).toBe(422)
    expect(shownSecret(wrong)).toBe(secret)
    expect(visibleText(wrong.text)).toContain('That code is not right')

    keepFactor(t, 'ann', { totpSecret: secret, recoveryCodes: [] })
    const done = await browser.post('/account/two-factor/confirm', { code: await freshCode(t, 'ann') })
    expect(done.status).toBe(200)
    expect(done.headers.get('cache-control')).toBe('no-store')
    const codes = shownRecoveryCodes(done)
    expect(codes).toHaveLength(10)
    expect(visibleText(done.text)).toContain('They are shown only now.')
    // Shown once: nowhere to be seen again.
    const later = await browser.get('/account/two-factor')
    for (const code of codes) expect(later.text).not.toContain(code)
    expect(visibleText(later.text)).toContain('You have 10 unused recovery codes')

    // Turning it on signs Ann out everywhere else (both other browsers): no other session passed the
    // new bar. The browser that confirmed the code keeps its session.
    for (const other of [elsewhere, passwordOnly]) expect((await other.get('/account')).location).toBe('/login')
    expect((await browser.get('/account')).status).toBe(200)
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === SET_UP)
    expect(email?.text).toContain('An authenticator app was set up')
    const [event] = await auditEvents(t.server.context.db, 'totp_enrolled')
    expect(event).toMatchObject({ user_id: ann.id, username: 'ann' })
    expect(event?.parsed).toMatchObject({ sessionsEnded: 2 })
  })

  it('a second set-up while one is on is refused, and a set-up never confirmed changes nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const first = shownSecret(await browser.post('/account/two-factor/setup', {}))
    // Started again (another tab): the newer secret replaces the first, which no longer confirms.
    const second = shownSecret(await browser.post('/account/two-factor/setup', {}))
    expect(second).not.toBe(first)
    expect((await browser.post('/account/two-factor/confirm', { code: totpCode(first, new Date()) })).status).toBe(422)
    keepFactor(t, 'ann', { totpSecret: second, recoveryCodes: [] })
    expect((await browser.post('/account/two-factor/confirm', { code: await freshCode(t, 'ann') })).status).toBe(200)
    const again = await browser.post('/account/two-factor/setup', {})
    expect(again.location).toBe('/account/two-factor')
  })
})

describe('signing in with a second factor', () => {
  it('gives no session for the password: the code page first, then a fresh session', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', secondFactor: true })
    const browser = new Browser(t.url)
    const afterPassword = await signIn(browser, 'ann', PASSWORD)
    expect(afterPassword.location).toBe('/login/second-factor')
    expect(cookieFrom(afterPassword.setCookies, 'tu_session')).toBeUndefined()
    const challenge = cookieFrom(afterPassword.setCookies, 'tu_challenge')
    expect(challenge?.attributes.has('httponly')).toBe(true)
    expect(challenge?.attributes.get('samesite')?.toLowerCase()).toBe('lax')
    // Short-lived: the challenge's five minutes at most.
    const expires = Date.parse(challenge?.attributes.get('expires') ?? '')
    expect(expires - Date.now()).toBeGreaterThan(0)
    expect(expires - Date.now()).toBeLessThanOrEqual(300_000)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    expect((await browser.get('/account')).location).toBe('/login')

    const page = await browser.get('/login/second-factor')
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/autocomplete="one-time-code"/i)
    const wrong = await browser.post('/login/second-factor', { code: '000000' })
    expect(wrong.status).toBe(401)
    expect(visibleText(wrong.text)).toContain('That code is not right')
    const done = await browser.post('/login/second-factor', { code: await freshCode(t, 'ann') })
    expect(done.location).toBe('/account')
    expect(cookieFrom(done.setCookies, 'tu_session')?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await browser.get('/account')).status).toBe(200)
    // The challenge is used up: the second step cannot be done again with it.
    expect((await browser.get('/login/second-factor')).location).toBe('/login?notice=sign-in-expired')
    const sessions = await t.server.context.db.selectFrom('sessions').select('sign_in_method').execute()
    expect(sessions).toEqual([{ sign_in_method: 'password+totp' }])
  })

  it('a code works once, within a step (30 s) of now either side', async () => {
    const clock = testClock(new Date('2031-05-05T10:00:05Z'))
    const t = await start({ clock })
    await t.createUser({ username: 'ann', secondFactor: true })
    const secret = keptFactor(t, 'ann')!.totpSecret
    const codeAt = (offsetSteps: number) => totpCode(secret, new Date(clock().getTime() + offsetSteps * 30_000))
    const tryCode = async (code: string) => {
      const browser = new Browser(t.url)
      await signIn(browser, 'ann', PASSWORD)
      return browser.post('/login/second-factor', { code })
    }
    clock.advanceMinutes(10)
    // Two steps away: refused either way.
    expect((await tryCode(codeAt(-2))).status).toBe(401)
    expect((await tryCode(codeAt(2))).status).toBe(401)
    // The step before is still good; then this step; and the same code again is refused as used.
    expect((await tryCode(codeAt(-1))).location).toBe('/account')
    const now = codeAt(0)
    expect((await tryCode(now)).location).toBe('/account')
    const replay = await tryCode(now)
    expect(replay.status).toBe(401)
    expect(visibleText(replay.text)).toContain('has been used already')
    // And a code of an earlier step, once a later one was accepted, too.
    expect((await tryCode(codeAt(-1))).status).toBe(401)
    expect((await tryCode(codeAt(1))).location).toBe('/account')
  })

  it('a recovery code signs in once, says how many are left, and the person is told', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org', secondFactor: true })
    const [code, other] = keptFactor(t, 'ann')!.recoveryCodes
    const browser = new Browser(t.url)
    await signIn(browser, 'ann', PASSWORD)
    // Typed as people do: upper case, without dashes.
    const done = await browser.post('/login/second-factor', { code: code!.toUpperCase().replaceAll('-', ' ') })
    expect(done.location).toBe('/account?notice=recovery-code-used')
    expect(visibleText((await browser.get(done.location!)).text)).toContain('You signed in with a recovery code. You have 9 left')
    const again = new Browser(t.url)
    await signIn(again, 'ann', PASSWORD)
    expect((await again.post('/login/second-factor', { code: code! })).status).toBe(401)
    expect((await again.post('/login/second-factor', { code: other! })).location).toBe('/account?notice=recovery-code-used')
    const [email] = await t.smtp.waitFor(
      (m) => m.to.includes('ann@example.org') && m.subject === 'A recovery code was used to sign in to TextUp',
      2,
    )
    expect(email?.text).toContain('You have 9 recovery codes left.')
    const used = await auditEvents(t.server.context.db, 'recovery_code_used')
    expect(used.map((e) => [e.user_id, e.parsed.recoveryCodesLeft])).toEqual([
      [ann.id, 9],
      [ann.id, 8],
    ])
  })

  it("wrong codes are counted: five per challenge, then start again; the account's allowance, then 429", async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '7' } })
    await t.createUser({ username: 'ann', secondFactor: true })
    const browser = new Browser(t.url)
    await signIn(browser, 'ann', PASSWORD)
    for (let i = 0; i < 5; i++) expect((await browser.post('/login/second-factor', { code: '000000' })).status).toBe(401)
    // The sixth try on this challenge, even with the right code: start again with the password.
    expect((await browser.post('/login/second-factor', { code: await freshCode(t, 'ann') })).location).toBe('/login?notice=sign-in-expired')
    const next = new Browser(t.url)
    await signIn(next, 'ann', PASSWORD)
    expect((await next.post('/login/second-factor', { code: '000000' })).status).toBe(401)
    const throttled = await next.post('/login/second-factor', { code: await freshCode(t, 'ann') })
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    const failed = await auditEvents(t.server.context.db, 'second_factor_failed')
    expect(failed.map((e) => e.parsed.reason)).toEqual([
      ...Array<string>(5).fill('wrong_code'),
      'too_many_codes_for_challenge',
      'wrong_code',
      'throttled',
    ])
  })

  it('a challenge lasts five minutes, and belongs to the browser pages only', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'ann', secondFactor: true, role: 'admin' })
    const browser = new Browser(t.url)
    await signIn(browser, 'ann', PASSWORD)
    const token = browser.cookies.get('tu_challenge')!
    // Sent to the API instead, the browser's challenge is not one.
    const api = await fetch(new URL('/api/session/second-factor', t.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge: token, code: await freshCode(t, 'ann') }),
    })
    expect(api.status).toBe(401)
    expect(((await api.json()) as { type: string }).type).toBe('urn:textup:problem:sign-in-expired')
    clock.advanceMinutes(6)
    expect((await browser.post('/login/second-factor', { code: await freshCode(t, 'ann') })).location).toBe('/login?notice=sign-in-expired')
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
  })
})

describe('removing the authenticator app', () => {
  it('needs the current password and a code; then the password alone signs in again, and the person is told', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = await signedInBrowser(t, 'ann')
    await setUpOnPages(t, browser, 'ann')
    const other = await signedInBrowser(t, 'ann')
    await browser.get('/account/two-factor')
    const before = await t.server.context.db.selectFrom('totp_factors').selectAll().execute()

    const wrongPassword = await browser.post('/account/two-factor/remove', {
      currentPassword: 'not my password at all',
      code: await freshCode(t, 'ann'),
    })
    expect(wrongPassword.status).toBe(403)
    expect(visibleText(wrongPassword.text)).toContain('That is not your current password.')
    const wrongCode = await browser.post('/account/two-factor/remove', { currentPassword: PASSWORD, code: '000000' })
    expect(wrongCode.status).toBe(403)
    expect(visibleText(wrongCode.text)).toContain('That code is not right')
    const missing = await browser.post('/account/two-factor/remove', { currentPassword: PASSWORD })
    expect(missing.status).toBe(400)
    expect(await t.server.context.db.selectFrom('totp_factors').selectAll().execute()).toEqual(before)

    const removed = await browser.post('/account/two-factor/remove', { currentPassword: PASSWORD, code: await freshCode(t, 'ann') })
    expect(removed.location).toBe('/account/two-factor?notice=totp-removed')
    expect(await t.server.context.db.selectFrom('totp_factors').selectAll().execute()).toEqual([])
    // Recovery codes go with the last second factor; other sessions end; this one goes on.
    expect(await t.server.context.db.selectFrom('recovery_codes').selectAll().execute()).toEqual([])
    expect((await other.get('/account')).location).toBe('/login')
    expect((await browser.get('/account')).status).toBe(200)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
    await t.smtp.waitFor(
      (m) => m.to.includes('ann@example.org') && m.subject === 'An authenticator app was removed from your TextUp account',
    )
    expect((await auditEvents(t.server.context.db, 'totp_removed')).map((e) => e.user_id)).toEqual([ann.id])
  })

  it('with a recovery code, for a phone that is lost', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    const { codes } = await setUpOnPages(t, browser, 'ann')
    await browser.get('/account/two-factor')
    expect((await browser.post('/account/two-factor/remove', { currentPassword: PASSWORD, code: codes[3]! })).location).toBe(
      '/account/two-factor?notice=totp-removed',
    )
  })
})

describe('new recovery codes', () => {
  it('need the current password, replace every earlier code, and the person is told', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = await signedInBrowser(t, 'ann')
    const { codes: old } = await setUpOnPages(t, browser, 'ann')
    await browser.get('/account/two-factor')
    expect((await browser.post('/account/two-factor/recovery-codes', { currentPassword: 'not my password at all' })).status).toBe(403)
    const made = await browser.post('/account/two-factor/recovery-codes', { currentPassword: PASSWORD })
    expect(made.status).toBe(200)
    const fresh = shownRecoveryCodes(made)
    expect(fresh).toHaveLength(10)
    expect(fresh.filter((code) => old.includes(code))).toEqual([])
    const oldTry = new Browser(t.url)
    await signIn(oldTry, 'ann', PASSWORD)
    expect((await oldTry.post('/login/second-factor', { code: old[0]! })).status).toBe(401)
    expect((await oldTry.post('/login/second-factor', { code: fresh[0]! })).location).toBe('/account?notice=recovery-code-used')
    await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'New recovery codes for your TextUp account')
  })
})
