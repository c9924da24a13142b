// The signed-in account page: who you are, changing your own password (with your current one), and
// the "choose a new password first" flow an administrator can require.
import { describe, expect, it } from 'vitest'
import { setPasswordFor } from '../../server/accounts/admin'
import { Browser, visibleText } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { TEST_OPERATOR, type TestServer } from '../helpers/test-server'

const start = useTestServers()

function changeOwnPassword(browser: Browser, currentPassword: string, newPassword: string, confirmation = newPassword) {
  return browser.post('/account/password', { currentPassword, newPassword, newPasswordConfirmation: confirmation })
}

async function passwordHashOf(t: TestServer, username: string) {
  const row = await t.server.context.db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', username)
    .executeTakeFirstOrThrow()
  return row.password_hash
}

describe('the account page', () => {
  it('shows who you are, and sends you to sign in when you are not', async () => {
    const t = await start()
    await t.createUser({ username: 'ann.lee', displayName: 'Ann Lee', email: 'ann@example.org' })
    expect((await new Browser(t.url).get('/account')).location).toBe('/login')
    const browser = await signedInBrowser(t, 'ann.lee')
    const page = await browser.get('/account')
    expect(page.status).toBe(200)
    const text = visibleText(page.text)
    for (const fact of [
      'Signed in as ann.lee',
      'Name Ann Lee',
      'Username ann.lee',
      'Email ann@example.org',
      'Role User',
      'Sign out',
      'Change your password',
    ]) {
      expect(text).toContain(fact)
    }
    expect((await browser.get('/')).location).toBe('/account')
    expect((await browser.get('/login')).location).toBe('/account')
  })
})

describe('changing your own password', () => {
  it('needs the right current password: a wrong one is refused with 403 and changes nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const before = await passwordHashOf(t, 'ann')
    const refused = await changeOwnPassword(browser, 'this is not my password', NEW_PASSWORD)
    expect(refused.status).toBe(403)
    expect(visibleText(refused.text)).toContain('That is not your current password.')
    expect(await passwordHashOf(t, 'ann')).toBe(before)
    expect((await browser.get('/account')).status).toBe(200)
    expect(await auditEvents(t.server.context.db, 'reauthentication_failed')).toHaveLength(1)
  })

  it('counts wrong current passwords against this session, as many as a sign-in allows', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    for (let i = 0; i < 3; i++) expect((await changeOwnPassword(browser, `wrong guess number ${i}`, NEW_PASSWORD)).status).toBe(403)
    const throttled = await changeOwnPassword(browser, PASSWORD, NEW_PASSWORD)
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(visibleText(throttled.text)).toContain('Too many wrong passwords')
    // Guessing here is no easier than at the sign-in form, and it locks out no one else: the
    // person's other browsers still sign in, and change the password there.
    const other = await signedInBrowser(t, 'ann')
    await other.get('/account')
    expect((await changeOwnPassword(other, PASSWORD, NEW_PASSWORD)).location).toBe('/login?notice=password-changed')
  })

  it('checks the new password against the policy, with the current password right', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const weak = await changeOwnPassword(browser, PASSWORD, 'password')
    expect(weak.status).toBe(422)
    expect(visibleText(weak.text)).toContain('This is one of the most commonly used passwords')
    const mismatch = await changeOwnPassword(browser, PASSWORD, NEW_PASSWORD, OTHER_PASSWORD)
    expect(mismatch.status).toBe(422)
    expect(visibleText(mismatch.text)).toContain('The two passwords do not match')
    expect((await browser.get('/account')).status).toBe(200)
  })

  it('ends every session, this one included, and emails a notice', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })
    const other = await signedInBrowser(t, 'ann')
    const browser = await signedInBrowser(t, 'ann')
    const token = browser.cookies.get('tu_session')!
    await browser.get('/account')
    const done = await changeOwnPassword(browser, PASSWORD, NEW_PASSWORD)
    expect(done.status).toBe(303)
    expect(done.location).toBe('/login?notice=password-changed')
    expect(browser.cookies.has('tu_session')).toBe(false)
    const stolen = new Browser(t.url)
    stolen.cookies.set('tu_session', token)
    expect((await stolen.get('/account')).location).toBe('/login')
    expect((await other.get('/account')).location).toBe('/login')
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])

    const [notice] = await t.smtp.waitFor((m) => m.subject === 'Your TextUp password was changed')
    expect(notice?.to).toEqual(['ann@example.org'])
    expect(notice?.text).toContain('from your account page')
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'ann', NEW_PASSWORD)).location).toBe('/account')
  })

  it('is not possible without the current password, through the "required change" form either', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    // Someone at an unattended, signed-in browser.
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const before = await passwordHashOf(t, 'ann')
    const page = await browser.post('/account/new-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(page.status).toBe(303)
    expect(page.location).toBe('/account')
    expect(await passwordHashOf(t, 'ann')).toBe(before)
    expect(await auditEvents(t.server.context.db, 'password_changed')).toEqual([])
    expect((await browser.get('/account')).status).toBe(200)
  })
})

describe('a password change required by an administrator', () => {
  async function requireChange(t: TestServer, username: string) {
    const user = await t.server.context.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow()
    const result = await setPasswordFor(
      t.server.context,
      user,
      { newPassword: OTHER_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD, requireChangeAtNextSignIn: true },
      TEST_OPERATOR,
      { address: null, userAgent: null },
    )
    expect(result.ok).toBe(true)
  }

  it('sends the next sign-in to "choose a new password", and nothing else is reachable before it', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await requireChange(t, 'ann')
    const browser = new Browser(t.url)
    const signedIn = await signIn(browser, 'ann', OTHER_PASSWORD)
    expect(signedIn.location).toBe('/account/new-password')
    for (const path of ['/account', '/', '/login']) {
      let page = await browser.get(path)
      for (let hops = 0; page.status === 303 && hops < 3; hops++) page = await browser.get(page.location!)
      expect(page.status, path).toBe(200)
      expect(visibleText(page.text), path).toContain('Your administrator asks you to choose a new password before you continue.')
      expect(visibleText(page.text), path).not.toContain('Email ann@example.org')
    }
    const form = await browser.get('/account/new-password')
    expect(form.status).toBe(200)
    const weak = await browser.post('/account/new-password', {
      newPassword: 'ann ann ann ann ann',
      newPasswordConfirmation: 'ann ann ann ann ann',
    })
    expect(weak.status).toBe(422)
    const done = await browser.post('/account/new-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(done.location).toBe('/login?notice=password-changed')

    const after = new Browser(t.url)
    expect((await signIn(after, 'ann', NEW_PASSWORD)).location).toBe('/account')
    expect((await after.get('/account/new-password')).location).toBe('/account')
    expect((await signIn(new Browser(t.url), 'ann', OTHER_PASSWORD)).status).toBe(401)
    const changes = await auditEvents(t.server.context.db, 'password_changed')
    expect(changes.map((e) => [e.actor_username, e.parsed.way, e.parsed.requireChangeAtNextSignIn])).toEqual([
      ['test-setup', 'operator', true],
      [null, 'self', false],
    ])
  })
})
