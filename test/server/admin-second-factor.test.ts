// MFA_REQUIRED_FOR_ADMINS (on by default): an admin without a second factor gets, on the pages, a
// session that can only set one up, and from the API no token at all; a token made with a password
// alone is refused. Regular users, and admins where the setting is off, are not held back.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText } from '../helpers/browser'
import { PASSWORD, NEW_PASSWORD, enterCode, signIn } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { freshCode, keepFactor } from '../helpers/second-factor'
import { removeDataDir, tempDataDir } from '../helpers/test-server'
import { apiToken, call, expectProblem } from '../api/helpers'

const start = useTestServers()

describe('an admin without a second factor, on the pages', () => {
  it('can only set one up: every other account page leads there, and its forms change nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin', secondFactor: false })
    const browser = new Browser(t.url)
    expect((await signIn(browser, 'eric', PASSWORD)).location).toBe('/account')
    for (const path of ['/account', '/account/new-password']) expect((await browser.get(path)).location, path).toBe('/account/two-factor')
    const page = await browser.get('/account/two-factor')
    expect(page.status).toBe(200)
    expect(visibleText(page.text)).toContain('Your organisation requires administrators to sign in in two steps.')
    const change = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    })
    expect(change.location).toBe('/account/two-factor')
    expect((await signIn(new Browser(t.url), 'eric', PASSWORD)).location).toBe('/account')

    // Set up: then the account is his again, and the next sign-in asks for a code.
    const setUp = await browser.post('/account/two-factor/setup', {})
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setUp.text)![1]!.replaceAll(' ', '')
    keepFactor(t, 'eric', { totpSecret: secret, recoveryCodes: [] })
    expect((await browser.post('/account/two-factor/confirm', { code: await freshCode(t, 'eric') })).status).toBe(200)
    expect((await browser.get('/account')).status).toBe(200)
    const next = new Browser(t.url)
    expect((await signIn(next, 'eric', PASSWORD)).location).toBe('/login/second-factor')
    expect((await enterCode(t, next, 'eric')).location).toBe('/account')
  })

  it('is not held back where MFA_REQUIRED_FOR_ADMINS is off; nor is a regular user', async () => {
    const relaxed = await start({ env: { MFA_REQUIRED_FOR_ADMINS: 'false' } })
    await relaxed.createUser({ username: 'eric', role: 'admin', secondFactor: false })
    const browser = new Browser(relaxed.url)
    await signIn(browser, 'eric', PASSWORD)
    expect((await browser.get('/account')).status).toBe(200)
    expect((await call(relaxed, 'post', '/api/session', { body: { username: 'eric', password: PASSWORD } })).status).toBe(201)

    const t = await start()
    await t.createUser({ username: 'ann' })
    const ann = new Browser(t.url)
    await signIn(ann, 'ann', PASSWORD)
    expect((await ann.get('/account')).status).toBe(200)
  })
})

describe('an admin without a second factor, at the API', () => {
  it('gets no token, and a problem that says where to set one up', async () => {
    const t = await start()
    const eric = await t.createUser({ username: 'eric', role: 'admin', secondFactor: false })
    const problem = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'eric', password: PASSWORD } }), 403)
    expect(problem).toMatchObject({
      type: 'urn:textup:problem:second-factor-setup-required',
      title: 'Set up two-step sign-in before you sign in to the console.',
      enrolUrl: `${t.server.publicUrl.origin}/account/two-factor`,
    })
    expect(problem.detail).toContain(`${t.server.publicUrl.origin}/account/two-factor`)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    // A wrong password still says only that: the problem is for someone who knows the password.
    expectProblem(await call(t, 'post', '/api/session', { body: { username: 'eric', password: 'not the password at all' } }), 401)

    // With passkeys only (no authenticator app, no recovery codes) there is no way in through the API either.
    await t.server.context.db
      .insertInto('webauthn_credentials')
      .values({
        id: 'AAAA',
        user_id: eric.id,
        public_key: 'AAAA',
        counter: 0,
        transports: null,
        name: 'Laptop',
        created_at: new Date().toISOString(),
        last_used_at: null,
      })
      .execute()
    const passkeyOnly = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'eric', password: PASSWORD } }), 403)
    expect(passkeyOnly).toMatchObject({
      type: 'urn:textup:problem:second-factor-setup-required',
      title: 'Set up an authenticator app to sign in to the console.',
    })
  })

  it('a token made with a password alone, before admins needed a second factor, is refused once they do', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const before = await start({ dataDir, env: { MFA_REQUIRED_FOR_ADMINS: 'false' } })
    const eric = await before.createUser({ username: 'eric', role: 'admin', secondFactor: false })
    const michelle = await before.createUser({ username: 'michelle' })
    const token = await apiToken(before, 'eric')
    expect((await call(before, 'get', '/api/session', { token })).status).toBe(200)
    await before.close()

    const after = await start({ dataDir })
    const refused = expectProblem(await call(after, 'get', '/api/users', { token }), 401)
    expect(refused.title).toBe('Sign in again, with your second factor.')
    // Not even to set a password with the admin's own (the seed's re-authentication).
    const body = { adminPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }
    expectProblem(await call(after, 'post', `/api/users/${michelle.id}/password`, { token, body }), 401)
    // Signing out still works.
    expect((await call(after, 'delete', '/api/session', { token })).status).toBe(204)
    expect(eric.role).toBe('admin')
  })
})
