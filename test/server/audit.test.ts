// The audit log: every account event the issue names is recorded with its time, the account, who
// caused it when that was someone else, and the client's address.
import { describe, expect, it } from 'vitest'
import { setPasswordFor } from '../../server/accounts/admin'
import { Browser } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents, workerIdle } from '../helpers/db'
import { local, NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()
const FROM = { 'x-forwarded-for': '203.0.113.5' }
const AT = new Date('2031-03-04T09:10:11.000Z')

describe('the audit log', () => {
  it('records sign-in successes and failures with time, account and client address', async () => {
    const clock = testClock(AT)
    const t = await start({ clock, env: { TRUST_PROXY: 'true' } })
    const ann = await t.createUser({ username: 'ann' })
    await signIn(new Browser(t.url), 'ann', 'not the password at all', FROM)
    await signIn(new Browser(t.url), 'Nobody', PASSWORD, FROM)
    clock.advanceMinutes(1)
    await signIn(new Browser(t.url), 'ann', PASSWORD, FROM)
    const failed = await auditEvents(t.server.context.db, 'sign_in_failed')
    expect(
      failed.map((e) => ({ at: e.occurred_at, user: e.user_id, name: e.username, from: e.client_address, reason: e.parsed.reason })),
    ).toEqual([
      { at: AT.toISOString(), user: ann.id, name: 'ann', from: '203.0.113.5', reason: 'wrong_password' },
      // An unknown username is kept as typed, so an operator can see what was tried.
      { at: AT.toISOString(), user: null, name: 'Nobody', from: '203.0.113.5', reason: 'unknown_username' },
    ])
    const [succeeded] = await auditEvents(t.server.context.db, 'sign_in_succeeded')
    expect(succeeded).toMatchObject({
      occurred_at: '2031-03-04T09:11:11.000Z',
      user_id: ann.id,
      username: 'ann',
      client_address: '203.0.113.5',
      actor_id: null,
    })
    expect(succeeded?.parsed.via).toBe('browser')
    // The event never holds the password.
    const all = JSON.stringify(await auditEvents(t.server.context.db))
    expect(all).not.toContain(PASSWORD)
    expect(all).not.toContain('not the password at all')
  })

  it('records a reset requested, emailed and completed, and the password change it made', async () => {
    const clock = testClock(AT)
    const t = await start({ clock, env: { TRUST_PROXY: 'true' } })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = new Browser(t.url)
    await browser.get('/forgot-password', FROM)
    await browser.post('/forgot-password', { username: 'ANN' }, { headers: FROM })
    await browser.post('/forgot-password', { username: 'ghost' }, { headers: FROM })
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    const link = email!.links.find((l) => l.includes('/reset-password?token='))!
    const db = t.server.context.db
    await waitUntil(() => workerIdle(db), 'the worker to finish')

    const requested = await auditEvents(db, 'password_reset_requested')
    expect(requested.map((e) => [e.user_id, e.username, e.client_address, e.parsed.outcome, e.parsed.requestedAt])).toEqual([
      [ann.id, 'ann', '203.0.113.5', 'email_queued', AT.toISOString()],
      [null, 'ghost', '203.0.113.5', 'unknown_username', AT.toISOString()],
    ])
    const emailed = await auditEvents(db, 'password_reset_emailed')
    expect(emailed).toHaveLength(1)
    expect(emailed[0]).toMatchObject({ user_id: ann.id, username: 'ann', occurred_at: AT.toISOString() })

    clock.advanceMinutes(5)
    const person = new Browser(t.url)
    await person.get(local(link), { 'x-forwarded-for': '198.51.100.7' })
    await person.get('/reset-password', { 'x-forwarded-for': '198.51.100.7' })
    await person.post(
      '/reset-password',
      { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      { headers: { 'x-forwarded-for': '198.51.100.7' } },
    )
    const [completed] = await auditEvents(db, 'password_reset_completed')
    expect(completed).toMatchObject({ user_id: ann.id, client_address: '198.51.100.7', occurred_at: '2031-03-04T09:15:11.000Z' })
    const [changed] = await auditEvents(db, 'password_changed')
    expect(changed).toMatchObject({ user_id: ann.id, actor_id: null, actor_username: null, client_address: '198.51.100.7' })
    expect(changed?.parsed).toMatchObject({ way: 'reset_link' })
  })

  it('records who changed a password: the person themself, or the administrator', async () => {
    const clock = testClock(AT)
    const t = await start({ clock, env: { TRUST_PROXY: 'true' } })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const eric = await t.createUser({ username: 'eric', displayName: 'Eric Admin', role: 'admin' })
    const browser = new Browser(t.url)
    await signIn(browser, 'ann', PASSWORD, FROM)
    await browser.get('/account', FROM)
    await browser.post(
      '/account/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      { headers: FROM },
    )
    clock.advanceMinutes(1)
    await setPasswordFor(
      t.server.context,
      ann,
      { newPassword: OTHER_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD },
      { id: eric.id, username: 'eric', displayName: 'Eric Admin' },
      { address: '192.0.2.44', userAgent: 'console' },
    )
    const changes = await auditEvents(t.server.context.db, 'password_changed')
    expect(changes.map((e) => [e.occurred_at, e.user_id, e.actor_id, e.actor_username, e.client_address, e.parsed.way])).toEqual([
      [AT.toISOString(), ann.id, null, null, '203.0.113.5', 'self'],
      ['2031-03-04T09:11:11.000Z', ann.id, eric.id, 'eric', '192.0.2.44', 'admin'],
    ])
    const notices = await t.smtp.waitFor((m) => m.subject === 'Your TextUp password was changed', 2)
    // The mail worker may deliver the two notices in either order.
    expect(notices.map((m) => m.text.includes('by an administrator (Eric Admin)')).sort()).toEqual([false, true])
  })
})
