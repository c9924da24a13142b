// The user guide's first admin path, end to end: Eric, the admin, sets Michelle's password after
// typing HIS OWN current password, then hers twice. Her sessions end, her old password stops
// working, she is told by email, and the audit log names Eric. Typing her old password instead of
// his (the classic confusion) changes nothing and counts against Eric's own sign-in throttle.
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { apiToken, call, ericAndMichelle, expectProblem, userViewOf, writeCounts } from './helpers'

const start = useTestServers()
const MICHELLE_OLD = 'orchard pebble violin summit'

/** Michelle with her own password, so that typing hers instead of Eric's is a real mistake to make. */
async function seedPeople(t: Awaited<ReturnType<typeof start>>) {
  const eric = await t.createUser({ username: 'eric', displayName: 'Eric Example', email: 'eric@example.org', role: 'admin' })
  const michelle = await t.createUser({
    username: 'michelle',
    displayName: 'Michelle Obi',
    email: 'michelle@example.org',
    password: MICHELLE_OLD,
  })
  return { eric, michelle, token: await apiToken(t, 'eric') }
}

describe('POST /api/users/:id/password', () => {
  it("with Eric's own password: 204, Michelle is signed out everywhere, her new password works, she is told, and it is audited", async () => {
    const t = await start()
    const { eric, michelle, token } = await seedPeople(t)
    const laptop = await signedInBrowser(t, 'michelle', MICHELLE_OLD)
    const phone = await signedInBrowser(t, 'michelle', MICHELLE_OLD)
    expect((await laptop.get('/account')).status).toBe(200)

    const response = await call(t, 'post', `/api/users/${michelle.id}/password`, {
      token,
      body: { adminPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
    })
    expect(response.status, response.text).toBe(204)
    expect(response.text).toBe('')

    // Her browser sessions are over.
    expect((await laptop.get('/account')).location).toBe('/login')
    expect((await phone.get('/account')).location).toBe('/login')
    // The old password fails, the new one works.
    expect((await signIn(new Browser(t.url), 'michelle', MICHELLE_OLD)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'michelle', NEW_PASSWORD)).location).toBe('/account')
    // Eric stays signed in: it was not his password.
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)

    const [email] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org') && m.subject === 'Your TextUp password was changed')
    expect(email?.text).toContain('by an administrator (Eric Example)')
    expect(email?.text).toContain('Every place where you were signed in has been signed out.')
    expect(email?.text).not.toContain(NEW_PASSWORD)
    expect(t.smtp.to('eric@example.org')).toEqual([])

    const [changed] = await auditEvents(t.server.context.db, 'password_changed')
    expect(changed).toMatchObject({ user_id: michelle.id, username: 'michelle', actor_id: eric.id, actor_username: 'eric' })
    expect(changed?.parsed).toMatchObject({ way: 'admin', sessionsEnded: 2, requireChangeAtNextSignIn: false })
    const view = userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token }))
    expect(view.mustChangePassword).toBe(false)
    expect(view.passwordChangedAt).not.toBe(michelle.password_changed_at)
  })

  it('kills a reset link Michelle had asked for', async () => {
    const t = await start()
    const { michelle, token } = await seedPeople(t)
    const sent = await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })
    expect(sent.status).toBe(202)
    const [email] = await t.smtp.waitFor((m) => m.subject === 'Reset your TextUp password')
    const link = new URL(email!.links.find((l) => l.includes('/reset-password?token='))!)

    expect(
      (
        await call(t, 'post', `/api/users/${michelle.id}/password`, {
          token,
          body: { adminPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
        })
      ).status,
    ).toBe(204)
    expect((await new Browser(t.url).get(`${link.pathname}${link.search}`)).status).toBe(410)
  })

  it("with Michelle's old password instead of Eric's: 403 naming adminPassword, and nothing changes", async () => {
    const t = await start()
    const { michelle, token } = await seedPeople(t)
    const laptop = await signedInBrowser(t, 'michelle', MICHELLE_OLD)
    const before = await writeCounts(t.server.context.db)

    const response = await call(t, 'post', `/api/users/${michelle.id}/password`, {
      token,
      body: { adminPassword: MICHELLE_OLD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
    })
    const problem = expectProblem(response, 403)
    expect(problem.title).toBe('That is not your password.')
    expect(problem.detail).toContain('eric')
    expect(problem.errors?.adminPassword).toEqual(['That is not the password of eric.'])

    // Nothing changed: her session lives, her old password works, no email, no password event.
    expect((await laptop.get('/account')).status).toBe(200)
    expect((await signIn(new Browser(t.url), 'michelle', NEW_PASSWORD)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'michelle', MICHELLE_OLD)).location).toBe('/account')
    const after = await writeCounts(t.server.context.db)
    expect(after.outbox).toBe(before.outbox)
    expect(await auditEvents(t.server.context.db, 'password_changed')).toEqual([])
    const [failed] = await auditEvents(t.server.context.db, 'reauthentication_failed')
    expect(failed).toMatchObject({ username: 'eric' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(t.smtp.messages).toEqual([])
    // Eric's token is not ended by a typo.
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)
  })

  it('wrong admin passwords count against the session they are sent in: then 429 there, and nowhere else', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    const { michelle, token } = await seedPeople(t)
    const attempt = (adminPassword: string, bearer = token) =>
      call(t, 'post', `/api/users/${michelle.id}/password`, {
        token: bearer,
        body: { adminPassword, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      })

    for (let i = 0; i < 3; i++) expectProblem(await attempt(MICHELLE_OLD), 403)
    const throttled = await attempt(PASSWORD)
    expectProblem(throttled, 429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    // Michelle's password never changed; her own sign-in is not affected.
    expect((await signIn(new Browser(t.url), 'michelle', MICHELLE_OLD)).location).toBe('/account')
    // Eric's sign-ins are not held back (in two steps, as he has an authenticator app), and his new session has an allowance of its own.
    const again = await apiToken(t, 'eric')
    await signedInBrowser(t, 'eric')
    expect((await attempt(PASSWORD, again)).status).toBe(204)
  })

  it('a right admin password forgives earlier mistakes, as a sign-in does', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    const { michelle, token } = await seedPeople(t)
    const attempt = (adminPassword: string, newPassword = NEW_PASSWORD) =>
      call(t, 'post', `/api/users/${michelle.id}/password`, {
        token,
        body: { adminPassword, newPassword, newPasswordConfirmation: newPassword },
      })
    expectProblem(await attempt(MICHELLE_OLD), 403)
    expectProblem(await attempt(MICHELLE_OLD), 403)
    expect((await attempt(PASSWORD)).status).toBe(204)
    expectProblem(await attempt(MICHELLE_OLD), 403)
    expectProblem(await attempt(MICHELLE_OLD), 403)
    expect((await attempt(PASSWORD, OTHER_PASSWORD)).status).toBe(204)
  })

  it('refuses a new password the policy does not allow, or a mismatch, with 422 per field; nothing changes', async () => {
    const t = await start()
    const { michelle, token } = await seedPeople(t)
    const before = await writeCounts(t.server.context.db)
    const attempt = (newPassword: string, newPasswordConfirmation = newPassword) =>
      call(t, 'post', `/api/users/${michelle.id}/password`, {
        token,
        body: { adminPassword: PASSWORD, newPassword, newPasswordConfirmation },
      })

    for (const weak of ['short', 'password1234567', 'michelle obi michelle', 'qwertyuiopasdfgh']) {
      const problem = expectProblem(await attempt(weak), 422)
      expect(problem.errors?.newPassword?.length, weak).toBeGreaterThan(0)
    }
    const mismatch = expectProblem(await attempt(NEW_PASSWORD, OTHER_PASSWORD), 422)
    expect(mismatch.errors).toEqual({ newPasswordConfirmation: [expect.stringMatching(/do not match/)] })
    const empty = expectProblem(await attempt(NEW_PASSWORD, ''), 422)
    expect(empty.errors).toHaveProperty('newPasswordConfirmation')
    expect(await writeCounts(t.server.context.db)).toEqual(before)
    expect((await signIn(new Browser(t.url), 'michelle', MICHELLE_OLD)).location).toBe('/account')
  })

  it('with requireChangeAtNextSignIn, Michelle\'s next sign-in goes to "choose a new password" before anything else', async () => {
    const t = await start()
    const { michelle, token } = await seedPeople(t)
    const response = await call(t, 'post', `/api/users/${michelle.id}/password`, {
      token,
      body: { adminPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD, requireChangeAtNextSignIn: true },
    })
    expect(response.status, response.text).toBe(204)
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).mustChangePassword).toBe(true)

    const browser = new Browser(t.url)
    const signedIn = await signIn(browser, 'michelle', NEW_PASSWORD)
    expect(signedIn.status).toBe(303)
    expect(signedIn.location).toBe('/account/new-password')
    // The account page sends her back there until she has chosen one.
    expect((await browser.get('/account')).location).toBe('/account/new-password')
    expect((await browser.get('/')).status).toBe(303)
    const page = await browser.get('/account/new-password')
    expect(page.status).toBe(200)
    const chosen = await browser.post('/account/new-password', { newPassword: OTHER_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD })
    expect(chosen.status).toBe(303)
    expect(chosen.location).toBe('/login?notice=password-changed')

    const again = new Browser(t.url)
    expect((await signIn(again, 'michelle', OTHER_PASSWORD)).location).toBe('/account')
    expect((await again.get('/account')).status).toBe(200)
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).mustChangePassword).toBe(false)
  })

  it('needs the admin password field and text in every field (400), and a real user (404)', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const missing = expectProblem(
      await call(t, 'post', `/api/users/${michelle.id}/password`, {
        token,
        body: { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      }),
      400,
    )
    expect(missing.errors).toHaveProperty('adminPassword')
    const empty = expectProblem(
      await call(t, 'post', `/api/users/${michelle.id}/password`, {
        token,
        body: { adminPassword: '', newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      }),
      400,
    )
    expect(empty.errors).toHaveProperty('adminPassword')
    expectProblem(
      await call(t, 'post', `/api/users/${crypto.randomUUID()}/password`, {
        token,
        body: { adminPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      }),
      404,
    )
    expect(await auditEvents(t.server.context.db, 'reauthentication_failed')).toEqual([])
  })
})
