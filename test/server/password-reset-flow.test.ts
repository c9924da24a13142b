// The user guide's first half over HTTP: sign in, forgot password, the emailed link, a new
// password, and everything that must follow from it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Browser, visibleText } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/test-server'

let t: TestServer
beforeEach(async () => {
  t = await startTestServer()
})
afterEach(async () => {
  await t.close()
})

const OLD_PASSWORD = 'plum tractor velvet orbit'
const NEW_PASSWORD = 'lantern meadow copper finch'

async function signIn(browser: Browser, username: string, password: string) {
  await browser.get('/login')
  return browser.post('/login', { username, password })
}

/** The path and query of a link from an email, aimed at the test server. */
function local(link: string): string {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}

describe('self-service password reset', () => {
  it('emails a link under PUBLIC_URL that sets a new password, ends old sessions and notifies', async () => {
    await t.createUser({ username: 'michelle', displayName: 'Michelle Obi', email: 'michelle@example.org', password: OLD_PASSWORD })
    const otherDevice = new Browser(t.url)
    expect((await signIn(otherDevice, 'michelle', OLD_PASSWORD)).location).toBe('/account')
    expect((await otherDevice.get('/account')).status).toBe(200)

    const browser = new Browser(t.url)
    const forgot = await browser.get('/forgot-password')
    expect(visibleText(forgot.text)).toContain('Type in your username')
    const sent = await browser.post('/forgot-password', { username: 'Michelle' })
    expect(sent.status).toBe(303)
    expect(sent.location).toBe('/forgot-password/sent')

    const [email] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org'))
    expect(email?.subject).toBe('Reset your TextUp password')
    const link = email?.links.find((l) => l.includes('/reset-password?token='))
    expect(link).toBeDefined()
    expect(link?.startsWith(t.server.publicUrl.href)).toBe(true)
    expect(email?.html).toContain('Choose a new password')

    // Opening the link moves the token into a cookie and out of the address bar.
    const opened = await browser.get(local(link!))
    expect(opened.status).toBe(303)
    expect(opened.location).toBe('/reset-password')
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer')
    const form = await browser.get('/reset-password')
    expect(form.status).toBe(200)
    expect(visibleText(form.text)).toContain('michelle')

    const done = await browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(done.status).toBe(303)
    expect(done.location).toBe('/login?notice=password-reset')

    // The other device's session is over; the old password fails; the new one works.
    expect((await otherDevice.get('/account')).location).toBe('/login')
    expect((await signIn(new Browser(t.url), 'michelle', OLD_PASSWORD)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'michelle', NEW_PASSWORD)).location).toBe('/account')

    const [notice] = await t.smtp.waitFor((m) => m.subject === 'Your TextUp password was changed')
    expect(notice?.to).toEqual(['michelle@example.org'])
    expect(notice?.text).toContain('with a password reset link')

    // The link is spent.
    const again = await new Browser(t.url).get(local(link!))
    expect(again.status).toBe(410)
    expect(visibleText(again.text)).toContain('This link has already been used')
  })
})
