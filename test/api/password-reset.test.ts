// The user guide's second admin path: from Michelle's details page Eric sends her a password reset
// email ("More" menu), so she chooses her own new password with the link, as in self-service.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { local, NEW_PASSWORD, openResetLink, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { waitUntil } from '../helpers/wait'
import { call, ericAndMichelle, expectProblem, writeCounts } from './helpers'

const start = useTestServers()

/** Whether the mail worker has finished with every queued email (sent and audited). */
async function emailsSettled(t: Awaited<ReturnType<typeof start>>): Promise<boolean> {
  const pending = await t.server.context.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()
  return pending.length === 0
}

describe('POST /api/users/:id/password-reset', () => {
  it('emails Michelle a link an administrator sent; with it she chooses a new password and signs in', async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    const laptop = await signedInBrowser(t, 'michelle')

    const response = await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })
    expect(response.status, response.text).toBe(202)
    expect(response.json).toEqual({ sentTo: 'michelle@example.org' })
    // Sending the email changes nothing yet: her password and sessions are as they were.
    expect((await laptop.get('/account')).status).toBe(200)

    const [email] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org'))
    expect(email?.subject).toBe('Reset your TextUp password')
    expect(email?.text).toContain('An administrator sent you this link')
    expect(email?.text).toContain('(username: michelle)')
    expect(email?.text).toContain('The link works once, for 1 hour.')
    const link = email?.links.find((l) => l.includes('/reset-password?token='))
    expect(link?.startsWith(t.server.publicUrl.origin)).toBe(true)

    const browser = new Browser(t.url)
    const form = await openResetLink(browser, link!)
    expect(form.status).toBe(200)
    expect(visibleText(form.text)).toContain('michelle')
    const done = await browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(done.status).toBe(303)
    expect(done.location).toBe('/login?notice=password-reset')

    expect((await laptop.get('/account')).location).toBe('/login')
    expect((await signIn(new Browser(t.url), 'michelle', PASSWORD)).status).toBe(401)
    expect((await signIn(new Browser(t.url), 'michelle', NEW_PASSWORD)).location).toBe('/account')
    const [changed] = await t.smtp.waitFor((m) => m.subject === 'Your TextUp password was changed')
    expect(changed?.text).toContain('with a password reset link')
    // The link is spent.
    expect((await new Browser(t.url).get(local(link!))).status).toBe(410)

    // Audited: requested by Eric, emailed, completed.
    const events = (await auditEvents(t.server.context.db)).filter((e) => e.user_id === michelle.id)
    const requested = events.find((e) => e.type === 'password_reset_requested')
    expect(requested).toMatchObject({ actor_id: eric.id, actor_username: 'eric' })
    expect(requested?.parsed).toMatchObject({ by: 'admin' })
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['password_reset_requested', 'password_reset_emailed', 'password_reset_completed', 'password_changed']),
    )
    const order = ['password_reset_requested', 'password_reset_emailed', 'password_reset_completed'].map((type) =>
      events.findIndex((e) => e.type === type),
    )
    expect([...order].sort((a, b) => a - b)).toEqual(order)

    // The same story through the API, newest first.
    const page = (await call(t, 'get', `/api/users/${michelle.id}/events`, { token })).json as {
      events: { type: string; actor: { username: string } | null }[]
    }
    const types = page.events.map((e) => e.type)
    expect(types.indexOf('password_reset_completed')).toBeLessThan(types.indexOf('password_reset_emailed'))
    expect(types.indexOf('password_reset_emailed')).toBeLessThan(types.indexOf('password_reset_requested'))
    expect(page.events.find((e) => e.type === 'password_reset_requested')?.actor?.username).toBe('eric')
  })

  it('the link expires like a self-service one', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { RESET_LINK_TTL_MINUTES: '30' } })
    const { michelle, token } = await ericAndMichelle(t)
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })).status).toBe(202)
    const [email] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org'))
    expect(email?.text).toContain('for 30 minutes')
    clock.advanceMinutes(31)
    expect((await new Browser(t.url).get(local(email!.links.find((l) => l.includes('/reset-password?token='))!))).status).toBe(410)
  })

  it('is limited per user: 429 with Retry-After, while other users can still be sent one', async () => {
    const t = await start({ env: { RESET_LIMIT_PER_ACCOUNT: '2' } })
    const { michelle, token } = await ericAndMichelle(t)
    const other = await t.createUser({ username: 'nadia' })
    const send = (id: string) => call(t, 'post', `/api/users/${id}/password-reset`, { token, body: {} })
    expect((await send(michelle.id)).status).toBe(202)
    expect((await send(michelle.id)).status).toBe(202)
    await waitUntil(() => emailsSettled(t), 'both emails to be sent and audited')
    const before = await writeCounts(t.server.context.db)
    const throttled = await send(michelle.id)
    const problem = expectProblem(throttled, 429)
    expect(problem.title).toMatch(/Too many reset emails/)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60 * 60)
    expect(await writeCounts(t.server.context.db)).toEqual(before)
    expect((await send(other.id)).status).toBe(202)
  })

  it('refuses a deactivated account with 409 and sends nothing', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    expect((await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { active: false } })).status).toBe(200)
    const before = await writeCounts(t.server.context.db)
    const problem = expectProblem(await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} }), 409)
    expect(problem.title).toMatch(/deactivated/)
    expect(await writeCounts(t.server.context.db)).toEqual(before)
    expectProblem(await call(t, 'post', `/api/users/${crypto.randomUUID()}/password-reset`, { token, body: {} }), 404)
  })

  it('an email still waiting to go out is not sent once the account is deactivated', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    t.smtp.hold()
    // The first message occupies the worker; the reset email waits behind it.
    await call(t, 'post', '/api/users', {
      token,
      body: { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org', sendInvitation: true },
    })
    await waitUntil(() => t.smtp.held === 1, 'the invitation to be held')
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })).status).toBe(202)
    expect((await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { active: false } })).status).toBe(200)
    t.smtp.release()
    await waitUntil(
      async () =>
        (await t.server.context.db.selectFrom('outbox').select('status').where('user_id', '=', michelle.id).executeTakeFirst())?.status !==
        'pending',
      'the reset email to be settled',
    )
    expect(t.smtp.to('michelle@example.org')).toEqual([])
  })
})
