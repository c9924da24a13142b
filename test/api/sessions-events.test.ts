// "Sign out everywhere" for a user, and the user's audit trail, newest first, a page at a time.
import { describe, expect, it } from 'vitest'
import { AUDIT_EVENT_LABELS } from '../../src-shared/audit'
import type { EventPage } from '../../src-shared/api'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { apiToken, call, ericAndMichelle, expectProblem } from './helpers'
import { translator } from '../../src-shared/i18n/translator'

const start = useTestServers()

describe('POST /api/users/:id/sessions/revoke', () => {
  it('ends every browser session and API token of the user, and says how many', async () => {
    const t = await start()
    const { eric, token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const annaTokens = [await apiToken(t, 'anna'), await apiToken(t, 'anna')]
    const annaBrowser = await signedInBrowser(t, 'anna')
    const michelleBrowser = await signedInBrowser(t, 'michelle')

    const response = await call(t, 'post', `/api/users/${anna.id}/sessions/revoke`, { token, body: {} })
    expect(response.status, response.text).toBe(200)
    expect(response.json).toEqual({ sessionsEnded: 3 })

    for (const annaToken of annaTokens) expectProblem(await call(t, 'get', '/api/session', { token: annaToken }), 401)
    expect((await annaBrowser.get('/account')).location).toBe('/login')
    // Nobody else is signed out.
    expect((await michelleBrowser.get('/account')).status).toBe(200)
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)
    // Anna can sign in again: her password (and her authenticator) are unchanged.
    await apiToken(t, 'anna')
    expect((await signIn(new Browser(t.url), 'anna', PASSWORD)).location).toBe('/login/second-factor')
    await signedInBrowser(t, 'anna')

    const [event] = await auditEvents(t.server.context.db, 'sessions_revoked')
    expect(event).toMatchObject({ user_id: anna.id, actor_id: eric.id, actor_username: 'eric' })
    expect(event?.parsed).toEqual({ sessionsEnded: 3 })

    // Nothing left to end.
    const none = await call(t, 'post', `/api/users/${anna.id}/sessions/revoke`, { token })
    expect(none.status).toBe(200)
    expect(none.json).toEqual({ sessionsEnded: 2 })
    expect((await call(t, 'post', `/api/users/${anna.id}/sessions/revoke`, { token })).json).toEqual({ sessionsEnded: 0 })
  })

  it('signing out someone who is signed in nowhere ends nothing and writes no audit event (200, sessionsEnded 0)', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna' })
    const revoke = () => call(t, 'post', `/api/users/${anna.id}/sessions/revoke`, { token, body: {} })
    const revokedOfAnna = async () => (await auditEvents(t.server.context.db, 'sessions_revoked')).filter((e) => e.user_id === anna.id)

    const none = await revoke()
    expect(none.status, none.text).toBe(200)
    expect(none.json).toEqual({ sessionsEnded: 0 })
    expect(await revokedOfAnna()).toEqual([])

    // Signed in once, signed out twice: one event, for the time a session really ended.
    await signedInBrowser(t, 'anna')
    expect((await revoke()).json).toEqual({ sessionsEnded: 1 })
    expect((await revoke()).json).toEqual({ sessionsEnded: 0 })
    const events = await revokedOfAnna()
    expect(events).toHaveLength(1)
    expect(events[0]?.parsed).toEqual({ sessionsEnded: 1 })
  })

  it('an admin who signs himself out everywhere loses the token he used', async () => {
    const t = await start()
    const { eric, token } = await ericAndMichelle(t)
    expect((await call(t, 'post', `/api/users/${eric.id}/sessions/revoke`, { token, body: {} })).json).toEqual({ sessionsEnded: 1 })
    expectProblem(await call(t, 'get', '/api/session', { token }), 401)
  })

  it('404 for an unknown user', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    expectProblem(await call(t, 'post', `/api/users/${crypto.randomUUID()}/sessions/revoke`, { token, body: {} }), 404)
  })
})

describe('GET /api/users/:id/events', () => {
  it("lists the user's events newest first, with labels, a page at a time, each exactly once", async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    // Some history: failed and good sign-ins, an update by Eric, a revoke, a sign-out.
    await signIn(new Browser(t.url), 'michelle', 'not her password at all')
    await signedInBrowser(t, 'michelle')
    await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { displayName: 'Michelle Hart' } })
    await call(t, 'post', `/api/users/${michelle.id}/sessions/revoke`, { token })
    await signedInBrowser(t, 'michelle')

    const stored = (await auditEvents(t.server.context.db)).filter((e) => e.user_id === michelle.id)
    expect(stored.length).toBeGreaterThanOrEqual(6)

    const seen: EventPage['events'] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const response = await call(t, 'get', `/api/users/${michelle.id}/events`, {
        token,
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      })
      expect(response.status, response.text).toBe(200)
      const page = response.json as EventPage
      expect(page.events.length).toBeLessThanOrEqual(2)
      seen.push(...page.events)
      cursor = page.nextCursor ?? undefined
      pages += 1
    } while (cursor && pages < 50)
    expect(pages).toBe(Math.ceil(stored.length / 2))

    // Newest first: exactly the stored events of this user, in reverse order, none twice.
    expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id).reverse())
    for (const event of seen) {
      expect(event.label).toBe(translator('en').t(AUDIT_EVENT_LABELS[event.type]))
      expect(Date.parse(event.occurredAt)).not.toBeNaN()
    }
    const byType = (type: string) => seen.find((e) => e.type === type)
    expect(byType('user_created')?.label).toBe('Account created')
    expect(byType('user_updated')).toMatchObject({ actor: { id: eric.id, username: 'eric' }, details: { displayName: 'Michelle Hart' } })
    expect(byType('sessions_revoked')?.actor?.username).toBe('eric')
    expect(byType('sign_in_failed')).toMatchObject({ label: 'Sign-in failed', actor: null, details: { reason: 'wrong_password' } })
    // Eric's own events are not Michelle's.
    expect(seen.some((e) => e.type === 'sign_in_succeeded' && (e.details as { via?: string }).via === 'api')).toBe(false)

    // Only events about Michelle: Eric's own list starts with his API sign-in (password, then code),
    // after the setting up of his authenticator (whose email went out at some point meanwhile).
    const ericPage = (await call(t, 'get', `/api/users/${eric.id}/events`, { token })).json as EventPage
    expect(ericPage.events.map((e) => e.type).filter((type) => type !== 'email_sent')).toEqual([
      'sign_in_succeeded',
      'second_factor_requested',
      'totp_enrolled',
      'user_created',
    ])
    expect(ericPage.events.filter((e) => e.type === 'email_sent')).toHaveLength(1)
    expect(ericPage.nextCursor).toBeNull()
  })

  it('refuses a cursor it did not give out (400), and 404 for an unknown user', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    for (const cursor of [
      'zzz',
      '',
      Buffer.from('0').toString('base64url'),
      Buffer.from('-5').toString('base64url'),
      Buffer.from('1e400').toString('base64url'),
    ]) {
      const problem = expectProblem(await call(t, 'get', `/api/users/${michelle.id}/events`, { token, query: { cursor } }), 400)
      expect(problem.errors, cursor).toHaveProperty('cursor')
    }
    expect(
      expectProblem(await call(t, 'get', `/api/users/${michelle.id}/events`, { token, query: { limit: '1000' } }), 400).errors,
    ).toHaveProperty('limit')
    expectProblem(await call(t, 'get', `/api/users/${crypto.randomUUID()}/events`, { token }), 404)
  })
})
