// The admin's way to help someone who lost their phone or passkey: POST
// /api/users/:id/second-factor/remove with the admin's OWN password. Everything goes (authenticator,
// passkeys, recovery codes), every session of the person ends, they are told by email, and the
// audit log names the admin; then their password alone signs them in (an admin must set up a new
// factor first). Refusals change nothing, and the same removal sent many times at once removes once.
import { describe, expect, it } from 'vitest'
import type { DB } from '../../server/db/database'
import type { User } from '../../server/db/schema'
import { Browser } from '../helpers/browser'
import { auditEvents, snapshot, throttleRows, workerIdle } from '../helpers/db'
import { OTHER_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { enrolTotp } from '../helpers/second-factor'
import { useTestServers } from '../helpers/servers'
import type { TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'
import { apiToken, call, ericAndMichelle, expectProblem, type ApiResponse } from './helpers'

const start = useTestServers()
const REMOVED_SUBJECT = 'The second factor of your TextUp account was removed'

const removal = (t: TestServer, token: string, userId: string, body: unknown = { adminPassword: PASSWORD }) =>
  call(t, 'post', `/api/users/${userId}/second-factor/remove`, { token, body })

/** What the person has left to sign in with, row by row. */
async function factorRows(db: DB, userId: string) {
  return {
    totp: (await db.selectFrom('totp_factors').select('user_id').where('user_id', '=', userId).execute()).length,
    passkeys: (await db.selectFrom('webauthn_credentials').select('id').where('user_id', '=', userId).execute()).length,
    recoveryCodes: (await db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', userId).execute()).length,
    sessions: (await db.selectFrom('sessions').select('token_hash').where('user_id', '=', userId).execute()).length,
  }
}

/** A passkey row as adding one on /account leaves it (passkeys in a real browser: test/e2e/passkeys.spec.ts). */
async function givePasskey(db: DB, user: User, name = 'Laptop'): Promise<void> {
  await db
    .insertInto('webauthn_credentials')
    .values({
      id: `credential-${user.username}-${name}`,
      user_id: user.id,
      public_key: 'pQECAyYgASFYIA',
      counter: 0,
      transports: '["internal"]',
      name,
      created_at: new Date().toISOString(),
      last_used_at: null,
    })
    .execute()
}

/** The removal emails to an address, once the mail worker has sent everything it had. */
async function removalEmails(t: TestServer, address: string) {
  await waitUntil(() => workerIdle(t.server.context.db), 'the mail worker to send everything')
  return t.smtp.to(address).filter((m) => m.subject === REMOVED_SUBJECT)
}

describe('POST /api/users/:id/second-factor/remove', () => {
  it("with Eric's own password: 200 with what went, Sam is signed out everywhere, told by email, audited; his password alone then signs him in", async () => {
    const t = await start()
    const { eric, sam, token } = await ericAndMichelle(t)
    const db = t.server.context.db
    await givePasskey(db, sam)
    const laptop = await signedInBrowser(t, 'sam')
    const phone = await signedInBrowser(t, 'sam')
    expect((await laptop.get('/account')).status).toBe(200)
    expect(await factorRows(db, sam.id)).toEqual({ totp: 1, passkeys: 1, recoveryCodes: 10, sessions: 2 })

    const response = await removal(t, token, sam.id)
    expect(response.status, response.text).toBe(200)
    expect(response.json).toEqual({ authenticator: true, passkeys: 1, recoveryCodes: 10, sessionsEnded: 2 })

    // Gone: every factor and every session, seen from his browsers and from the database.
    expect(await factorRows(db, sam.id)).toEqual({ totp: 0, passkeys: 0, recoveryCodes: 0, sessions: 0 })
    expect((await laptop.get('/account')).location).toBe('/login')
    expect((await phone.get('/account')).location).toBe('/login')
    const status = await call(t, 'get', `/api/users/${sam.id}/second-factor`, { token })
    expect(status.json).toEqual({ authenticator: false, passkeys: 0, recoveryCodesLeft: 0 })
    // Eric's own factor and token are untouched.
    expect(await factorRows(db, eric.id)).toMatchObject({ totp: 1, recoveryCodes: 10 })
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)

    const [email, ...more] = await removalEmails(t, 'sam@example.org')
    expect(more).toEqual([])
    expect(email?.text).toContain('by an administrator (Eric Example)')
    expect(email?.text).toContain('every place you were signed in has been signed out')
    expect(t.smtp.to('eric@example.org')).toEqual([])
    const events = await auditEvents(db, 'second_factor_removed')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ user_id: sam.id, username: 'sam', actor_id: eric.id, actor_username: 'eric' })
    expect(events[0]?.parsed).toEqual({ by: 'admin', authenticator: true, passkeys: 1, recoveryCodes: 10, sessionsEnded: 2 })

    // His password alone signs him in now: no second step.
    const again = new Browser(t.url)
    expect((await signIn(again, 'sam', PASSWORD)).location).toBe('/account')
    expect((await again.get('/account')).status).toBe(200)
  })

  it('of an admin: she signs in with her password, and must set up a new second factor before anything else', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', displayName: 'Anna Admin', role: 'admin' })
    const annaToken = await apiToken(t, 'anna')

    const response = await removal(t, token, anna.id)
    expect(response.status, response.text).toBe(200)
    expect(response.json).toEqual({ authenticator: true, passkeys: 0, recoveryCodes: 10, sessionsEnded: 1 })
    expectProblem(await call(t, 'get', '/api/session', { token: annaToken }), 401)

    const browser = new Browser(t.url)
    expect((await signIn(browser, 'anna', PASSWORD)).location).toBe('/account')
    expect((await browser.get('/account')).location).toBe('/account/two-factor')
    const api = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'anna', password: PASSWORD } }), 403)
    expect(api.type).toBe('urn:textup:problem:second-factor-setup-required')
  })

  it('with a wrong admin password: 403 naming adminPassword, nothing removed; each counts against the session, then 429', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
    const { sam, token } = await ericAndMichelle(t)
    const db = t.server.context.db
    const laptop = await signedInBrowser(t, 'sam')
    const before = await factorRows(db, sam.id)

    for (let i = 0; i < 3; i++) {
      const problem = expectProblem(await removal(t, token, sam.id, { adminPassword: OTHER_PASSWORD }), 403)
      expect(problem.title).toBe('That is not your password.')
      expect(problem.errors).toEqual({ adminPassword: ['That is not the password of eric.'] })
    }
    // The limit is reached: even his right password is refused now, in this session.
    const throttled = await removal(t, token, sam.id)
    expect(expectProblem(throttled, 429).title).toBe('Too many wrong passwords.')
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)

    expect(await factorRows(db, sam.id)).toEqual(before)
    expect((await laptop.get('/account')).status).toBe(200)
    expect(await auditEvents(db, 'second_factor_removed')).toEqual([])
    const failed = await auditEvents(db, 'reauthentication_failed')
    expect(failed.map((event) => [event.username, event.parsed.reason])).toEqual([
      ['eric', 'wrong_password'],
      ['eric', 'wrong_password'],
      ['eric', 'wrong_password'],
      ['eric', 'throttled'],
    ])
    expect(await removalEmails(t, 'sam@example.org')).toEqual([])
    // A typo does not end Eric's token; a new sign-in (with his code) has an allowance of its own.
    expect((await call(t, 'get', '/api/session', { token })).status).toBe(200)
    expect((await removal(t, await apiToken(t, 'eric'), sam.id)).status).toBe(200)
  })

  it('from someone who is no longer an admin: 403, and nothing is written', async () => {
    const t = await start()
    const { sam, token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const annaToken = await apiToken(t, 'anna')
    expect((await call(t, 'patch', `/api/users/${anna.id}`, { token, body: { role: 'user' } })).status).toBe(200)
    const db = t.server.context.db
    const before = await snapshot(db)

    const problem = expectProblem(await removal(t, annaToken, sam.id), 403)
    expect(problem.title).toBe('Only administrators can do this.')
    expect(await snapshot(db)).toEqual(before)
  })

  it('for a user who does not exist: 404, and the password is not even checked', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const db = t.server.context.db
    const before = await snapshot(db)
    for (const id of [crypto.randomUUID(), 'not-a-user-id']) {
      expect(expectProblem(await removal(t, token, id), 404).title).toBe('There is no such user.')
      expectProblem(await removal(t, token, id, { adminPassword: OTHER_PASSWORD }), 404)
    }
    expect(await snapshot(db)).toEqual(before)
  })

  it('for a user without a second factor: 409, and nothing is written (not even a wrong password counted)', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const db = t.server.context.db
    const browser = await signedInBrowser(t, 'michelle')
    const before = await snapshot(db)
    for (const adminPassword of [PASSWORD, OTHER_PASSWORD]) {
      const problem = expectProblem(await removal(t, token, michelle.id, { adminPassword }), 409)
      expect(problem.title).toBe('This person has no second factor.')
    }
    expect(await snapshot(db)).toEqual(before)
    expect((await browser.get('/account')).status).toBe(200)
    expect(await removalEmails(t, 'michelle@example.org')).toEqual([])
  })

  it('refuses a body it cannot use with 400 and what each field needs; nothing is written and nothing counted', async () => {
    const t = await start()
    const { sam, token } = await ericAndMichelle(t)
    const db = t.server.context.db
    const before = await snapshot(db)
    const throttleBefore = await throttleRows(db).execute()
    const path = `/api/users/${sam.id}/second-factor/remove`

    const cases: Array<[string, () => Promise<ApiResponse>, Record<string, string[]> | undefined]> = [
      ['no body', () => call(t, 'post', path, { token }), { adminPassword: ['Password must be text.'] }],
      ['{}', () => removal(t, token, sam.id, {}), { adminPassword: ['Password must be text.'] }],
      [
        'empty',
        () => removal(t, token, sam.id, { adminPassword: '' }),
        { adminPassword: ['Enter your own password to confirm it is you.'] },
      ],
      [
        'too long',
        () => removal(t, token, sam.id, { adminPassword: 'x'.repeat(1025) }),
        { adminPassword: ['Passwords are at most 1024 characters.'] },
      ],
      ['a number', () => removal(t, token, sam.id, { adminPassword: 12345678 }), { adminPassword: ['Password must be text.'] }],
      ['null', () => removal(t, token, sam.id, { adminPassword: null }), { adminPassword: ['Password must be text.'] }],
      ['a list', () => removal(t, token, sam.id, { adminPassword: [PASSWORD] }), { adminPassword: ['Password must be text.'] }],
      [
        'an extra field',
        () => removal(t, token, sam.id, { adminPassword: PASSWORD, userId: sam.id }),
        { _body: ['Unknown field: userId.'] },
      ],
      ['a JSON list', () => removal(t, token, sam.id, [PASSWORD]), undefined],
      ['a JSON string', () => removal(t, token, sam.id, PASSWORD), { _body: ['Send a JSON object.'] }],
      [
        'not JSON',
        () => call(t, 'post', path, { token, rawBody: '{"adminPassword":', headers: { 'content-type': 'application/json' } }),
        undefined,
      ],
    ]
    for (const [label, send, errors] of cases) {
      const response = await send()
      const problem = expectProblem(response, 400)
      if (errors) expect(problem.errors, label).toEqual(errors)
      expect(response.text, label).not.toContain(PASSWORD)
    }
    // Not JSON at all: 415.
    expectProblem(
      await call(t, 'post', path, { token, rawBody: `adminPassword=${PASSWORD}`, headers: { 'content-type': 'text/plain' } }),
      415,
    )

    expect(await snapshot(db)).toEqual(before)
    expect(await throttleRows(db).execute()).toEqual(throttleBefore)
    expect(await factorRows(db, sam.id)).toMatchObject({ totp: 1, recoveryCodes: 10 })
  })

  it('sent many times at once, removes once: one 200, the rest 409, one audit event, one email', async () => {
    const t = await start()
    const { sam, token } = await ericAndMichelle(t)
    const db = t.server.context.db
    const ROUNDS = 4
    const AT_ONCE = 8
    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) await enrolTotp(t, { ...sam })
      await givePasskey(db, sam, `Laptop ${round}`)
      const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => removal(t, token, sam.id)))
      const statuses = answers.map((answer) => answer.status).sort()
      expect(statuses, `round ${round}: ${answers.map((a) => a.text).join('\n')}`).toEqual([200, ...Array<number>(AT_ONCE - 1).fill(409)])
      expect(answers.find((answer) => answer.status === 200)?.json).toEqual({
        authenticator: true,
        passkeys: 1,
        recoveryCodes: 10,
        sessionsEnded: 0,
      })
      for (const refused of answers.filter((answer) => answer.status === 409)) expectProblem(refused, 409)
      expect(await factorRows(db, sam.id)).toEqual({ totp: 0, passkeys: 0, recoveryCodes: 0, sessions: 0 })
      expect(await auditEvents(db, 'second_factor_removed'), `round ${round}`).toHaveLength(round)
      expect(await removalEmails(t, 'sam@example.org'), `round ${round}`).toHaveLength(round)
    }
  })
})
