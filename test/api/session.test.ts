// The API's sign-in: an opaque bearer token for admins only, stored only as a hash, throttled like
// the sign-in page, ended by sign-out and by time (absolute lifetime and idleness).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { hashToken } from '../../server/accounts/secrets'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { PASSWORD, signedInBrowser } from '../helpers/flows'
import { freshCode } from '../helpers/second-factor'
import { useTestServers } from '../helpers/servers'
import { apiToken, call, expectProblem, writeCounts } from './helpers'

const start = useTestServers()
const WRONG = 'not the right password at all'

describe('POST /api/session', () => {
  it('gives an admin an opaque, expiring token, and keeps only its hash', async () => {
    const clock = testClock(new Date('2031-03-01T09:00:00Z'))
    const t = await start({ clock })
    const eric = await t.createUser({ username: 'eric', displayName: 'Eric Example', role: 'admin' })

    // Eric has an authenticator app, as every admin must: the password gives a challenge, the code a token.
    const challenged = await call(t, 'post', '/api/session', { body: { username: 'Eric', password: PASSWORD } })
    expect(challenged.status).toBe(202)
    expect(challenged.headers.get('cache-control')).toBe('no-store')
    const { challenge } = challenged.json as { challenge: string }
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const response = await call(t, 'post', '/api/session/second-factor', { body: { challenge, code: await freshCode(t, 'eric') } })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    // A response with a token in it is never stored by a cache (RFC 6749 §5.1).
    expect(response.headers.get('cache-control')).toBe('no-store')
    const session = response.json as { token: string; expiresAt: string; user: { id: string; username: string; role: string } }
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // API_TOKEN_TTL_HOURS defaults to 8.
    expect(session.expiresAt).toBe('2031-03-01T17:00:00.000Z')
    expect(session.user).toMatchObject({ id: eric.id, username: 'eric', role: 'admin', active: true })
    expect(JSON.stringify(session.user)).not.toMatch(/argon2|password_hash/)

    // The database holds a hash of the token, never the token: not in the sessions table, not
    // anywhere in the SQLite file or its write-ahead log.
    const rows = await t.server.context.db.selectFrom('sessions').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ token_hash: hashToken(session.token), kind: 'api', user_id: eric.id })
    expect(JSON.stringify(rows)).not.toContain(session.token)
    // Nor the challenge: only its hash, used up.
    expect(await t.server.context.db.selectFrom('sign_in_challenges').select(['token_hash', 'used_at']).execute()).toEqual([
      { token_hash: hashToken(challenge), used_at: '2031-03-01T09:00:00.000Z' },
    ])
    for (const file of ['textup.sqlite', 'textup.sqlite-wal']) {
      const bytes = await readFile(path.join(t.dataDir, file)).catch(() => Buffer.alloc(0))
      expect(bytes.includes(session.token), file).toBe(false)
      expect(bytes.includes(challenge), file).toBe(false)
    }

    // The token works.
    const me = await call(t, 'get', '/api/session', { token: session.token })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ expiresAt: session.expiresAt, user: { username: 'eric' }, passwordMinLength: 15 })
  })

  it('answers a wrong password or an unknown username with the same 401 problem', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const before = await writeCounts(t.server.context.db)
    const wrong = await call(t, 'post', '/api/session', { body: { username: 'eric', password: WRONG } })
    const unknown = await call(t, 'post', '/api/session', { body: { username: 'nobody', password: WRONG } })
    const wrongProblem = expectProblem(wrong, 401)
    const unknownProblem = expectProblem(unknown, 401)
    expect(wrongProblem).toEqual(unknownProblem)
    expect(wrong.json).not.toHaveProperty('token')
    // RFC 9110: a 401 names the scheme that would work.
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer /)
    const after = await writeCounts(t.server.context.db)
    expect(after.sessions).toBe(before.sessions)
    expect((await auditEvents(t.server.context.db, 'sign_in_failed')).map((e) => e.parsed.reason)).toEqual([
      'wrong_password',
      'unknown_username',
    ])
  })

  it('refuses a regular user and a deactivated admin with 403, and gives them no token', async () => {
    const t = await start()
    await t.createUser({ username: 'michelle' })
    const gone = await t.createUser({ username: 'gone', role: 'admin' })
    await t.createUser({ username: 'eric', role: 'admin' })
    await t.server.context.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', gone.id).execute()

    const regular = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'michelle', password: PASSWORD } }), 403)
    expect(regular.title).toMatch(/administrators/i)
    const deactivated = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'gone', password: PASSWORD } }), 403)
    expect(deactivated.title).toMatch(/deactivated/i)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    // A wrong password for those accounts says nothing about them.
    expectProblem(await call(t, 'post', '/api/session', { body: { username: 'michelle', password: WRONG } }), 401)
  })

  it('throttles guessing: 429 with Retry-After, even for the right password, until the window ends', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    for (let i = 0; i < 3; i++) expectProblem(await call(t, 'post', '/api/session', { body: { username: 'eric', password: WRONG } }), 401)
    const throttled = await call(t, 'post', '/api/session', { body: { username: 'eric', password: PASSWORD } })
    const problem = expectProblem(throttled, 429)
    expect(problem.detail).toMatch(/Try again in 15 minutes/)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    // The limit is per account: another admin is not slowed down.
    await t.createUser({ username: 'anna', role: 'admin' })
    await apiToken(t, 'anna')
    clock.advanceMs(retryAfter * 1000)
    await apiToken(t, 'eric')
  })

  it('refuses bodies that are not a username and password before counting an attempt', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const problem = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'eric' } }), 400)
    expect(problem.errors).toHaveProperty('password')
    expect(await auditEvents(t.server.context.db, 'sign_in_failed')).toEqual([])
  })
})

describe('GET and DELETE /api/session', () => {
  it('signs out: 204, the token then gets 401, and the sign-out is audited', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const token = await apiToken(t, 'eric')
    const other = await apiToken(t, 'eric')
    const out = await call(t, 'delete', '/api/session', { token })
    expect(out.status).toBe(204)
    expect(out.text).toBe('')
    const after = expectProblem(await call(t, 'get', '/api/session', { token }), 401)
    expect(after.title).toMatch(/session has ended/i)
    expect(expectProblem(await call(t, 'delete', '/api/session', { token }), 401).status).toBe(401)
    // Only that token ended: Eric's other client is still signed in.
    expect((await call(t, 'get', '/api/session', { token: other })).status).toBe(200)
    const [event] = await auditEvents(t.server.context.db, 'signed_out')
    expect(event?.username).toBe('eric')
  })

  it('ends a token that was idle too long', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { SESSION_IDLE_MINUTES: '30' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    const token = await apiToken(t, 'eric')
    clock.advanceMinutes(29)
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)
    clock.advanceMinutes(30)
    const gone = await call(t, 'get', '/api/session', { token })
    expectProblem(gone, 401)
    expect(gone.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })

  it('ends a token at API_TOKEN_TTL_HOURS however busy it is', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { API_TOKEN_TTL_HOURS: '2', SESSION_IDLE_MINUTES: '30' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    const token = await apiToken(t, 'eric')
    // Used every 20 minutes, it never goes idle: it still works just before its lifetime ends...
    for (let minutes = 20; minutes < 120; minutes += 20) {
      clock.advanceMinutes(20)
      expect((await call(t, 'get', '/api/session', { token })).status, `after ${minutes} minutes`).toBe(200)
    }
    clock.advanceMinutes(19)
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)
    // ...and not a minute after.
    clock.advanceMinutes(1)
    expectProblem(await call(t, 'get', '/api/session', { token }), 401)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
  })

  it('does not accept a browser session cookie value as a bearer token', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const browser = await signedInBrowser(t, 'eric')
    const cookieToken = [...browser.cookies].find(([name]) => name.endsWith('session'))?.[1]
    expect(cookieToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expectProblem(await call(t, 'get', '/api/session', { token: cookieToken }), 401)
  })
})
