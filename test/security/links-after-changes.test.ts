// Reset and invitation links after the account changes, attacked as they were from outside: a link
// sent to a mistyped address must die when an admin corrects the address (and the old address is
// told), a link is refused whenever its address is no longer the account's, and only an account's
// newest link works.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { local, NEW_PASSWORD, openResetLink, PASSWORD, requestResetLink, signIn } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { apiToken, call, expectProblem } from '../api/helpers'
import type { TestServer } from '../helpers/test-server'

const start = useTestServers()
const INVITATION_SUBJECT = 'Your TextUp account is ready'

async function invitationLink(t: TestServer, email: string, nth = 1): Promise<string> {
  const emails = await t.smtp.waitFor((m) => m.to.includes(email) && m.subject === INVITATION_SUBJECT, nth)
  const link = emails[nth - 1]?.links.find((l) => l.includes('/welcome?token='))
  if (!link) throw new Error('The invitation has no link')
  return link
}

/** Opens a link and submits a new password with it, as whoever holds the mailbox would. */
async function choosePasswordWith(t: TestServer, link: string, path: '/welcome' | '/reset-password') {
  const browser = new Browser(t.url)
  const opened = await openResetLink(browser, link)
  const submitted = await browser.post(path, { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
  return { opened, submitted }
}

describe('a link sent to an address the account no longer has', () => {
  it('an invitation to a mistyped address dies when an admin corrects it, and can be sent again', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const token = await apiToken(t, 'eric')
    const created = await call(t, 'post', '/api/users', {
      token,
      body: { username: 'newhire', displayName: 'New Hire', email: 'newhire@exampel.org', role: 'user', sendInvitation: true },
    })
    expect(created.status, created.text).toBe(201)
    const id = (created.json as { id: string }).id
    const mistyped = await invitationLink(t, 'newhire@exampel.org')

    const fixed = await call(t, 'patch', `/api/users/${id}`, { token, body: { email: 'newhire@example.org' } })
    expect(fixed.status, fixed.text).toBe(200)

    // Whoever holds the mistyped mailbox cannot choose the password.
    const attempt = await choosePasswordWith(t, mistyped, '/welcome')
    expect(attempt.opened.status).toBe(410)
    expect(attempt.submitted.status).not.toBe(303)
    expect((await signIn(new Browser(t.url), 'newhire', NEW_PASSWORD)).status).toBe(401)

    // The old address is told, without learning the whole new one.
    const [notice] = await t.smtp.waitFor(
      (m) => m.to.includes('newhire@exampel.org') && m.subject === 'Your TextUp email address was changed',
    )
    expect(notice!.text).toContain('n•••••@example.org')
    expect(notice!.text).not.toContain('newhire@example.org')

    // The admin sends the invitation again, to the corrected address; that link works.
    const again = await call(t, 'post', `/api/users/${id}/invitation`, { token, body: {} })
    expect(again.status, again.text).toBe(202)
    expect(again.json).toEqual({ sentTo: 'newhire@example.org' })
    const link = await invitationLink(t, 'newhire@example.org')
    expect((await choosePasswordWith(t, link, '/welcome')).submitted.location).toBe('/login?notice=password-set')
    expect((await signIn(new Browser(t.url), 'newhire', NEW_PASSWORD)).location).toBe('/account')
    const invited = await auditEvents(t.server.context.db, 'invitation_sent')
    expect(invited.map((e) => [e.username, e.actor_username])).toEqual([['newhire', 'eric']])
  })

  it('a reset link dies when the address changes', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const ann = await t.createUser({ username: 'ann', email: 'ann@old.example.org' })
    const token = await apiToken(t, 'eric')
    const link = await requestResetLink(t, 'ann', 'ann@old.example.org')
    expect((await call(t, 'patch', `/api/users/${ann.id}`, { token, body: { email: 'ann@new.example.org' } })).status).toBe(200)
    const attempt = await choosePasswordWith(t, link, '/reset-password')
    expect(attempt.opened.status).toBe(410)
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
  })

  it("is refused even where its revocation was missed (the address changed behind the server's back)", async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@old.example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@old.example.org')
    await t.server.context.db.updateTable('users').set({ email: 'ann@new.example.org' }).where('id', '=', ann.id).execute()
    const browser = new Browser(t.url)
    const opened = await browser.get(local(link))
    expect(opened.status).toBe(410)
    expect(visibleText(opened.text)).toContain('no longer works')
    // Submitting with the token in the cookie, as if the page had been opened before the change.
    const tokenCookie = new URL(link).searchParams.get('token')!
    browser.cookies.set('tu_reset', tokenCookie)
    await browser.get('/login')
    const submitted = await browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(submitted.status).toBe(410)
    expect((await signIn(new Browser(t.url), 'ann', NEW_PASSWORD)).status).toBe(401)
  })

  it('sets no password through an old-address link once the change of address has committed, however close the two requests', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ACCOUNT: '1000' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    const ann = await t.createUser({ username: 'ann', email: 'ann0@example.org' })
    const token = await apiToken(t, 'eric')
    const late: number[] = []
    for (let round = 0; round < 6; round++) {
      const link = await requestResetLink(t, 'ann', `ann${round}@example.org`)
      const browser = new Browser(t.url)
      await openResetLink(browser, link)
      // The reset spends ~12 ms hashing the new password; the change of address lands meanwhile.
      const [, changed] = await Promise.all([
        browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }),
        call(t, 'patch', `/api/users/${ann.id}`, { token, body: { email: `ann${round + 1}@example.org` } }),
      ])
      expect(changed.status).toBe(200)
      const events = (await auditEvents(t.server.context.db)).filter((e) => e.user_id === ann.id)
      const addressChanged = events.findLast((e) => e.type === 'user_updated')!.id
      late.push(events.filter((e) => e.type === 'password_reset_completed' && e.id > addressChanged).length)
    }
    expect(late, 'per round: passwords set with a link after its address changed').toEqual([0, 0, 0, 0, 0, 0])
  })
})

describe('only the newest link works', () => {
  it('a second reset email kills the first link', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const first = await requestResetLink(t, 'ann', 'ann@example.org', 1)
    const second = await requestResetLink(t, 'ann', 'ann@example.org', 2)
    expect(first).not.toBe(second)
    const old = await choosePasswordWith(t, first, '/reset-password')
    expect(old.opened.status).toBe(410)
    expect(visibleText(old.opened.text)).toContain('no longer works')
    expect((await choosePasswordWith(t, second, '/reset-password')).submitted.location).toBe('/login?notice=password-reset')
  })

  it('of several reset emails sent at once, exactly one link works', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ACCOUNT: '1000' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const token = await apiToken(t, 'eric')
    const sent = await Promise.all(
      Array.from({ length: 6 }, () => call(t, 'post', `/api/users/${ann.id}/password-reset`, { token, body: {} })),
    )
    expect(sent.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202])
    const emails = await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Reset your TextUp password', 6)
    const links = emails.map((m) => m.links.find((l) => l.includes('/reset-password?token='))!)
    const opened = await Promise.all(links.map((link) => openResetLink(new Browser(t.url), link)))
    expect(opened.filter((page) => page.status === 200)).toHaveLength(1)
  })
})

describe('sending an invitation again', () => {
  it('is refused for an account that already has a password, and for a deactivated one', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const ann = await t.createUser({ username: 'ann' })
    const token = await apiToken(t, 'eric')
    const hasPassword = expectProblem(await call(t, 'post', `/api/users/${ann.id}/invitation`, { token, body: {} }), 409)
    expect(hasPassword.detail).toContain('password reset')
    const invited = await call(t, 'post', '/api/users', {
      token,
      body: { username: 'bea', displayName: 'Bea', email: 'bea@example.org', role: 'user', sendInvitation: true },
    })
    const bea = (invited.json as { id: string }).id
    expect((await call(t, 'patch', `/api/users/${bea}`, { token, body: { active: false } })).status).toBe(200)
    expectProblem(await call(t, 'post', `/api/users/${bea}/invitation`, { token, body: {} }), 409)
  })
})
