// An attacker who knows a username must not be able to lock its owner out. Guessing at the sign-in
// page or the API exhausts the account's allowance for unknown devices; a browser or console that
// has signed in to the account before has an allowance of its own (its device token), and an
// admin's re-authentication inside a signed-in session counts against that session. The limits on
// guessing stay: per device, for unknown devices together, and per client address.
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, PASSWORD, signIn } from '../helpers/flows'
import { freshCode } from '../helpers/second-factor'
import { useTestServers } from '../helpers/servers'
import { call, expectProblem } from '../api/helpers'
import type { TestServer } from '../helpers/test-server'

const start = useTestServers()
const WRONG = 'not the right password at all'
/** Guesses come from 127.0.0.1 like the owner's sign-ins: the per-address limit is not what is tested. */
const ENV = { SIGN_IN_LIMIT_PER_ACCOUNT: '10', SIGN_IN_LIMIT_PER_ADDRESS: '1000' }

/** Ten wrong guesses, then one more that is refused: the account is closed to unknown devices. */
async function guessUntilLocked(t: TestServer, username: string): Promise<void> {
  const attacker = new Browser(t.url)
  for (let i = 0; i < 10; i++) expect((await signIn(attacker, username, WRONG)).status).toBe(401)
  expect((await signIn(attacker, username, WRONG)).status).toBe(429)
}

/** Signs out as a person would: from a signed-in page, with its form. */
async function signOut(browser: Browser): Promise<void> {
  await browser.get('/account')
  expect((await browser.post('/logout', {})).location).toBe('/login?notice=signed-out')
}

/** POST /api/session; for an admin with an authenticator app (202), the code as well: the last step's answer. */
async function apiSignIn(t: TestServer, username: string, password: string, deviceToken?: string) {
  const answer = await call(t, 'post', '/api/session', { body: { username, password, ...(deviceToken ? { deviceToken } : {}) } })
  if (answer.status !== 202) return answer
  const { challenge } = answer.json as { challenge: string }
  return call(t, 'post', '/api/session/second-factor', { body: { challenge, code: await freshCode(t, username) } })
}

describe('guessing at a username', () => {
  it('does not lock out a browser that has signed in to the account before', async () => {
    const t = await start({ env: ENV })
    await t.createUser({ username: 'ann' })
    const owner = new Browser(t.url)
    expect((await signIn(owner, 'ann', PASSWORD)).location).toBe('/account')
    expect(owner.cookies.get('tu_device')).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/)
    await signOut(owner)

    await guessUntilLocked(t, 'ann')

    expect((await signIn(owner, 'ann', PASSWORD)).location).toBe('/account')
    // A browser the account has never signed in from is still held back, even with the password.
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(429)
    const events = await auditEvents(t.server.context.db, 'sign_in_succeeded')
    expect(events.map((e) => e.parsed.device)).toEqual(['unknown', 'known'])
  })

  it('gives a forged device token, or one of another account, no allowance', async () => {
    const t = await start({ env: ENV })
    await t.createUser({ username: 'ann' })
    await t.createUser({ username: 'mallory' })
    const mallory = new Browser(t.url)
    expect((await signIn(mallory, 'mallory', PASSWORD)).location).toBe('/account')
    const own = mallory.cookies.get('tu_device')!
    await guessUntilLocked(t, 'ann')

    const withOwnToken = new Browser(t.url)
    withOwnToken.cookies.set('tu_device', own)
    expect((await signIn(withOwnToken, 'ann', WRONG)).status).toBe(429)
    const [nonce] = own.split('.')
    const forged = new Browser(t.url)
    forged.cookies.set('tu_device', `${nonce}.${'A'.repeat(43)}`)
    expect((await signIn(forged, 'ann', WRONG)).status).toBe(429)
  })

  it('gives a known device only its own ten guesses', async () => {
    const t = await start({ env: ENV })
    await t.createUser({ username: 'ann' })
    const device = new Browser(t.url)
    await signIn(device, 'ann', PASSWORD)
    await signOut(device)
    for (let i = 0; i < 10; i++) expect((await signIn(device, 'ann', WRONG)).status).toBe(401)
    // Past its own allowance, the device counts as unknown, and takes from the shared allowance.
    expect((await signIn(device, 'ann', WRONG)).status).toBe(401)
    const attacker = new Browser(t.url)
    for (let i = 0; i < 9; i++) expect((await signIn(attacker, 'ann', WRONG)).status).toBe(401)
    expect((await signIn(attacker, 'ann', WRONG)).status).toBe(429)
    expect((await signIn(device, 'ann', PASSWORD)).status).toBe(429)
  })

  it('holds fifty parallel guesses from a known device to its allowance plus the shared one', async () => {
    const t = await start({ env: ENV })
    const ann = await t.createUser({ username: 'ann' })
    const device = new Browser(t.url)
    await signIn(device, 'ann', PASSWORD)
    const token = device.cookies.get('tu_device')!
    const answers = await Promise.all(Array.from({ length: 50 }, () => apiSignIn(t, 'ann', WRONG, token)))
    expect(answers.filter((a) => a.status === 401)).toHaveLength(20)
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30)
    const verified = (await auditEvents(t.server.context.db, 'sign_in_failed')).filter(
      (e) => e.user_id === ann.id && e.parsed.reason === 'wrong_password',
    )
    expect(verified).toHaveLength(20)
  })

  it('does not lock out the console: its API sign-in with its device token still works', async () => {
    const t = await start({ env: ENV })
    await t.createUser({ username: 'eric', role: 'admin' })
    const first = await apiSignIn(t, 'eric', PASSWORD)
    expect(first.status).toBe(201)
    const { deviceToken } = first.json as { deviceToken: string }
    for (let i = 0; i < 10; i++) expect((await apiSignIn(t, 'eric', WRONG)).status).toBe(401)
    expectProblem(await apiSignIn(t, 'eric', PASSWORD), 429)
    const again = await apiSignIn(t, 'eric', PASSWORD, deviceToken)
    expect(again.status, again.text).toBe(201)
    // Each sign-in hands out a fresh token; the earlier one keeps working until it is replaced.
    expect((again.json as { deviceToken: string }).deviceToken).not.toBe(deviceToken)
  })

  it("does not stop an admin's re-authentication: it counts against the admin's session", async () => {
    const t = await start({ env: ENV })
    await t.createUser({ username: 'eric', role: 'admin' })
    const michelle = await t.createUser({ username: 'michelle' })
    const token = (await apiSignIn(t, 'eric', PASSWORD)).json as { token: string }
    for (let i = 0; i < 10; i++) await apiSignIn(t, 'eric', WRONG)
    expectProblem(await apiSignIn(t, 'eric', PASSWORD), 429)

    const set = (adminPassword: string) =>
      call(t, 'post', `/api/users/${michelle.id}/password`, {
        token: token.token,
        body: { adminPassword, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      })
    expect((await set(PASSWORD)).status).toBe(204)
    // The session's own allowance: ten wrong passwords, then a pause, in this session only.
    for (let i = 0; i < 10; i++) expectProblem(await set(WRONG), 403)
    const throttled = expectProblem(await set(PASSWORD), 429)
    expect(throttled.title).toBe('Too many wrong passwords.')
  })
})
