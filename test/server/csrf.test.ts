// The forms' CSRF tokens belong to the server: attacks against a real server with what an attacker
// can plant in a victim's browser (a made-up or a server-issued tu_csrf cookie from a sibling
// subdomain) or keep from before sign-in. Signed-in forms take their session's token only.
import { describe, expect, it } from 'vitest'
import { setPasswordFor } from '../../server/accounts/admin'
import { newToken } from '../../server/accounts/secrets'
import { Browser, visibleText, type Page } from '../helpers/browser'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir, TEST_OPERATOR, type TestServer } from '../helpers/test-server'

const start = useTestServers()
const EXPIRED = 'This form has expired or did not come from TextUp.'
/** The password an attacker would like the victim's account to have. */
const ATTACKERS_PASSWORD = 'crimson anchor pickle voyage'

async function sessionCount(t: TestServer): Promise<number> {
  return (await t.server.context.db.selectFrom('sessions').select('token_hash').execute()).length
}

/** A 403 "form expired" page with a way back to the form: what a person sees, never a 500. */
function expectExpiredForm(page: Page, label: string) {
  expect(page.status, label).toBe(403)
  expect(page.headers.get('content-type'), label).toMatch(/^text\/html/)
  expect(visibleText(page.text), label).toContain(EXPIRED)
  expect(visibleText(page.text), label).toContain('Reload the form')
}

/** What an attacker gets by visiting the site with `cookie` as their tu_csrf: the cookie the server left them and their form token. */
async function attackerVisit(t: TestServer, cookie?: string): Promise<{ cookie: string; token: string }> {
  const attacker = new Browser(t.url)
  if (cookie) attacker.cookies.set('tu_csrf', cookie)
  const page = await attacker.get('/login')
  return { cookie: attacker.cookies.get('tu_csrf')!, token: page.csrf! }
}

describe('CSRF tokens belong to the server', () => {
  it('ignores a tu_csrf value it did not issue and gives the browser one of its own', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const issued = (await attackerVisit(t)).cookie
    const [nonce, mac] = issued.split('.')
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`
    for (const [label, planted] of [
      ['a made-up random value', newToken()],
      ['a made-up value shaped like a server one', `${newToken()}.${newToken()}`],
      ["a server cookie's nonce with another MAC", `${nonce}.${flip(mac!)}`],
      ["a server cookie's MAC with another nonce", `${flip(nonce!)}.${mac}`],
      ['a server cookie with more after it', `${issued}.x`],
      ['a short value', 'abc'],
    ] as const) {
      const victim = new Browser(t.url)
      victim.cookies.set('tu_csrf', planted)
      const page = await victim.get('/login')
      const replaced = cookieFrom(page.setCookies, 'tu_csrf')
      expect(replaced?.value, label).toBeDefined()
      expect(replaced?.value, label).not.toBe(planted)
      expect(replaced?.value, label).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/)
      // The fresh cookie works: the person signs in normally.
      expect((await victim.post('/login', { username: 'ann', password: PASSWORD })).status, label).toBe(303)
    }
    // A cookie the server did issue is kept as it is (no Set-Cookie on every page).
    const keeper = new Browser(t.url)
    keeper.cookies.set('tu_csrf', issued)
    expect(cookieFrom((await keeper.get('/forgot-password')).setCookies, 'tu_csrf')).toBeUndefined()
  })

  it("does not honour a planted value on the sign-in form: no sign-in into the attacker's account (login CSRF)", async () => {
    const t = await start()
    await t.createUser({ username: 'mallory' })
    const planted = newToken()
    // The attacker visits with the value they will plant, to get a token for it, then plants it.
    const { token } = await attackerVisit(t, planted)
    const victim = new Browser(t.url)
    victim.cookies.set('tu_csrf', planted)
    const sessionsBefore = await sessionCount(t)
    const forged = await victim.post('/login', { username: 'mallory', password: PASSWORD }, { csrf: token })
    expectExpiredForm(forged, 'forged sign-in')
    expect(victim.cookies.has('tu_session')).toBe(false)
    expect(await sessionCount(t)).toBe(sessionsBefore)
  })

  it("refuses an anonymous token on a signed-in form: a planted cookie cannot set the victim's password or sign them out", async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann' })
    // Ann must choose a new password: the one form that sets a password without asking for the current one.
    await setPasswordFor(
      t.server.context,
      ann,
      { newPassword: OTHER_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD, requireChangeAtNextSignIn: true },
      TEST_OPERATOR,
      {
        address: null,
        userAgent: null,
      },
    )
    const victim = await signedInBrowser(t, 'ann', OTHER_PASSWORD)
    expect((await victim.get('/account/new-password')).status).toBe(200)
    // The strongest planting: a cookie and token the server really issued (to the attacker), and
    // a made-up value with the token the attacker got while holding it.
    const genuine = await attackerVisit(t)
    const madeUp = newToken()
    const { token: madeUpToken } = await attackerVisit(t, madeUp)
    for (const [label, cookie, token] of [
      ['server-issued cookie', genuine.cookie, genuine.token],
      ['made-up cookie', madeUp, madeUpToken],
    ] as const) {
      victim.cookies.set('tu_csrf', cookie)
      const newPassword = { newPassword: ATTACKERS_PASSWORD, newPasswordConfirmation: ATTACKERS_PASSWORD }
      expectExpiredForm(await victim.post('/account/new-password', newPassword, { csrf: token }), `${label}: set a password`)
      expectExpiredForm(await victim.post('/logout', {}, { csrf: token }), `${label}: sign out`)
    }
    // Ann is still signed in, her password is the one she was given, and the attacker's does not work.
    expect((await victim.get('/account/new-password')).status).toBe(200)
    expect((await signIn(new Browser(t.url), 'ann', ATTACKERS_PASSWORD)).status).toBe(401)
    // The form of her own session works.
    const chosen = await victim.post('/account/new-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(chosen.location).toBe('/login?notice=password-changed')
  })

  it('a token from before sign-in stops working at sign-in: "form expired, reload", not an error; the session\'s token works', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = new Browser(t.url)
    const before = (await browser.get('/login')).csrf!
    const anonymousCookie = browser.cookies.get('tu_csrf')
    expect((await browser.post('/login', { username: 'ann', password: PASSWORD }, { csrf: before })).status).toBe(303)
    // Forms of other tabs, rendered before the sign-in, submitted after it.
    expectExpiredForm(await browser.post('/logout', {}, { csrf: before }), 'sign-out form with the anonymous token')
    expectExpiredForm(await browser.post('/login', { username: 'ann', password: PASSWORD }, { csrf: before }), "the old tab's sign-in form")
    expectExpiredForm(
      await browser.post(
        '/account/password',
        { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
        { csrf: before },
      ),
      'password change',
    )
    // Signed-in pages give the session's token, and the anonymous cookie is dropped (at the first
    // of them, here the refusal above): the browser still held it when the first form was refused.
    const account = await browser.get('/account')
    expect(account.status).toBe(200)
    expect(account.csrf).toBeDefined()
    expect(account.csrf).not.toBe(before)
    expect(browser.cookies.has('tu_csrf')).toBe(false)
    expect((await browser.post('/logout', {}, { csrf: account.csrf! })).location).toBe('/login?notice=signed-out')
    // Signed out again: the anonymous token of before does not come back to life either.
    const after = await browser.get('/login')
    expect(browser.cookies.get('tu_csrf')).not.toBe(anonymousCookie)
    expectExpiredForm(
      await browser.post('/login', { username: 'ann', password: PASSWORD }, { csrf: before }),
      'sign-in with the token of before',
    )
    expect((await browser.post('/login', { username: 'ann', password: PASSWORD }, { csrf: after.csrf! })).status).toBe(303)
  })

  it("refuses one session's token for another session: another person's, or this browser's previous one", async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    await t.createUser({ username: 'bob' })
    const ann = await signedInBrowser(t, 'ann')
    const annToken = (await ann.get('/account')).csrf!
    const bob = await signedInBrowser(t, 'bob')
    const bobToken = (await bob.get('/account')).csrf!
    expect(bobToken).not.toBe(annToken)
    expectExpiredForm(await bob.post('/logout', {}, { csrf: annToken }), "ann's token in bob's browser")
    // Ann signs out and in again: a new session, new tokens; the old session's are refused.
    expect((await ann.post('/logout', {}, { csrf: annToken })).status).toBe(303)
    expect((await signIn(ann, 'ann', PASSWORD)).status).toBe(303)
    const renewed = (await ann.get('/account')).csrf!
    expect(renewed).not.toBe(annToken)
    expectExpiredForm(await ann.post('/logout', {}, { csrf: annToken }), "the previous session's token")
    expect((await ann.post('/logout', {}, { csrf: renewed })).status).toBe(303)
    expect((await bob.post('/logout', {}, { csrf: bobToken })).status).toBe(303)
  })

  it('works across server processes sharing one database, without sticky sessions', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const first = await start({ dataDir })
    const second = await start({ dataDir })
    await first.createUser({ username: 'ann' })
    // One browser, its requests spread over both servers.
    const browser = new Browser(first.url)
    await browser.get(`${first.url}/login`)
    expect((await browser.post(`${second.url}/login`, { username: 'ann', password: PASSWORD })).status).toBe(303)
    await browser.get(`${second.url}/account`)
    expect((await browser.post(`${first.url}/logout`, {})).location).toBe('/login?notice=signed-out')
  })
})
