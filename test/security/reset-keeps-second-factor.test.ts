// A password reset sets the password and nothing more. Products have shipped the bug where a reset
// signs the person in, or turns their second factor off; here an attacker who can read the
// victim's email (so holds every reset link) tries both, on the pages and at the API, and gets the
// code page every time — the second factor is exactly as it was.
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { auditEvents, snapshot } from '../helpers/db'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, enterCode, openResetLink, requestResetLink, signIn } from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'
import type { TestServer } from '../helpers/test-server'
import { apiToken, call, expectProblem } from '../api/helpers'

const start = useTestServers()

async function secondFactorsOf(t: TestServer) {
  const { secondFactors } = (await snapshot(t.server.context.db)) as {
    secondFactors: { totp: unknown; recoveryCodes: unknown; passkeys: unknown }
  }
  return { totp: secondFactors.totp, recoveryCodes: secondFactors.recoveryCodes, passkeys: secondFactors.passkeys }
}

describe('a reset link never gets past the second factor', () => {
  it('sets the password and nothing more: no session, the factor as it was, and the next sign-in asks for the code', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org', secondFactor: true })
    const factors = await secondFactorsOf(t)

    // The attacker, with Ann's mailbox, resets her password.
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const attacker = new Browser(t.url)
    expect((await openResetLink(attacker, link)).status).toBe(200)
    const reset = await attacker.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(reset.location).toBe('/login?notice=password-reset')
    expect(cookieFrom(reset.setCookies, 'tu_session')?.value ?? '').toBe('')
    expect(cookieFrom(reset.setCookies, 'tu_challenge')).toBeUndefined()
    expect((await attacker.get('/account')).location).toBe('/login')
    expect((await attacker.get('/account/two-factor')).location).toBe('/login')
    expect((await attacker.get('/login/second-factor')).location).toBe('/login?notice=sign-in-expired')
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])

    // The forms that take a factor away need a session: without one they change nothing.
    for (const [path, fields] of [
      ['/account/two-factor/remove', { currentPassword: NEW_PASSWORD, code: '123456' }],
      ['/account/two-factor/recovery-codes', { currentPassword: NEW_PASSWORD }],
      ['/account/passkeys/remove', { id: 'x', currentPassword: NEW_PASSWORD }],
      ['/account/two-factor/setup', {}],
    ] as const) {
      const answer = await attacker.post(path, fields)
      expect([303, 403], path).toContain(answer.status)
      if (answer.status === 303) expect(answer.location, path).toBe('/login?notice=session-ended')
    }

    // The new password is only the first step.
    const signingIn = await signIn(attacker, 'ann', NEW_PASSWORD)
    expect(signingIn.location).toBe('/login/second-factor')
    expect(cookieFrom(signingIn.setCookies, 'tu_session')).toBeUndefined()
    expect((await attacker.get('/account')).location).toBe('/login')
    expect((await attacker.post('/login/second-factor', { code: '000000' })).status).toBe(401)
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    expect(await secondFactorsOf(t)).toEqual(factors)
    expect(await auditEvents(t.server.context.db, 'totp_removed')).toEqual([])
    expect(await auditEvents(t.server.context.db, 'second_factor_removed')).toEqual([])

    // Ann, with her phone, signs in as before.
    const owner = new Browser(t.url)
    expect((await signIn(owner, 'ann', NEW_PASSWORD)).location).toBe('/login/second-factor')
    expect((await enterCode(t, owner, 'ann')).location).toBe('/account')
  })

  it('a reset while a sign-in waits for its code kills that sign-in', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org', secondFactor: true })
    const waiting = new Browser(t.url)
    expect((await signIn(waiting, 'ann', PASSWORD)).location).toBe('/login/second-factor')
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const owner = new Browser(t.url)
    await openResetLink(owner, link)
    await owner.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    // The right code, for a challenge the old password opened: start again.
    expect((await enterCode(t, waiting, 'ann')).location).toBe('/login?notice=sign-in-expired')
    expect(await t.server.context.db.selectFrom('sessions').selectAll().execute()).toEqual([])
  })

  it("an admin reset by email still needs the code at the API, and an admin setting a password keeps the person's factor", async () => {
    const t = await start()
    const eric = await t.createUser({ username: 'eric', email: 'eric@example.org', role: 'admin' })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org', secondFactor: true })
    const root = await t.createUser({ username: 'root', role: 'admin' })
    const link = await requestResetLink(t, 'eric', 'eric@example.org')
    const attacker = new Browser(t.url)
    await openResetLink(attacker, link)
    await attacker.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    const answer = await call(t, 'post', '/api/session', { body: { username: 'eric', password: NEW_PASSWORD } })
    expect(answer.status).toBe(202)
    expect(answer.json).not.toHaveProperty('token')
    expectProblem(
      await call(t, 'post', '/api/session/second-factor', {
        body: { challenge: (answer.json as { challenge: string }).challenge, code: '000000' },
      }),
      401,
    )
    expect(await t.server.context.db.selectFrom('sessions').where('user_id', '=', eric.id).selectAll().execute()).toEqual([])

    // Root sets Ann's password and asks for a new one at her next sign-in: she still gives her code first.
    const token = await apiToken(t, 'root')
    const factors = await secondFactorsOf(t)
    const set = await call(t, 'post', `/api/users/${ann.id}/password`, {
      token,
      body: {
        adminPassword: PASSWORD,
        newPassword: OTHER_PASSWORD,
        newPasswordConfirmation: OTHER_PASSWORD,
        requireChangeAtNextSignIn: true,
      },
    })
    expect(set.status, set.text).toBe(204)
    expect(await secondFactorsOf(t)).toEqual(factors)
    const browser = new Browser(t.url)
    expect((await signIn(browser, 'ann', OTHER_PASSWORD)).location).toBe('/login/second-factor')
    expect((await enterCode(t, browser, 'ann')).location).toBe('/account/new-password')
    expect(root.role).toBe('admin')
  })
})
