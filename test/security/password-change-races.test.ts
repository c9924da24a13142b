// Sign-ins that race a password change, performed as an attacker did it against a running server:
// a burst of sign-ins with the old password, a few milliseconds apart, while the password is
// changed. Each sign-in spends ~12 ms in argon2 between reading the hash and creating its session,
// so some of them verify the old hash and try to create their session after the change. No session
// or token may come out of that: it would outlive the change that was meant to lock the attacker out.
// The sign-ins go to one server and the change to another on the same database, as with several
// server processes: nothing may depend on one event loop ordering things.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, requestResetLink, openResetLink } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir } from '../helpers/test-server'
import { apiToken, call } from '../api/helpers'

const start = useTestServers()
/** The burst: as many sign-ins as the attacker sent, this far apart. */
const BURST = 14
const SPACING_MS = 3
const ROUNDS = 6
/** Rounds of real argon2 on two shared cores: generous, since a slow machine only makes the race easier to lose. */
const RACE_TIMEOUT_MS = 120_000
/** All load comes from 127.0.0.1 and one account: the throttles are not what is tested here. */
const UNTHROTTLED = { SIGN_IN_LIMIT_PER_ACCOUNT: '1000', SIGN_IN_LIMIT_PER_ADDRESS: '100000', RESET_LIMIT_PER_ACCOUNT: '1000' }

/** Two servers on one database: the sign-ins reach one, the password change the other. */
async function twoServers() {
  const dataDir = await tempDataDir()
  start.afterwards(() => removeDataDir(dataDir))
  const a = await start({ dataDir, env: UNTHROTTLED })
  const b = await start({ dataDir, env: UNTHROTTLED, smtp: a.smtp })
  return { a, b }
}

/** Starts BURST browser sign-ins a few ms apart; resolves to the session cookies they were given. */
async function signInBurst(url: string, username: string, password: string): Promise<string[]> {
  const browsers = await Promise.all(
    Array.from({ length: BURST }, async () => {
      const browser = new Browser(url)
      await browser.get('/login')
      return browser
    }),
  )
  const attempts = browsers.map(async (browser, i) => {
    await sleep(i * SPACING_MS)
    const page = await browser.post('/login', { username, password })
    return page.status === 303 ? browser.cookies.get('tu_session') : undefined
  })
  return (await Promise.all(attempts)).filter((cookie): cookie is string => cookie !== undefined)
}

async function stillSignedIn(url: string, cookie: string): Promise<boolean> {
  const browser = new Browser(url)
  browser.cookies.set('tu_session', cookie)
  return (await browser.get('/account')).status === 200
}

/**
 * Sign-ins recorded as succeeding after the latest password change, in the audit log's order.
 * Asked at the end of a round, when every sign-in of the burst (all with the password from before
 * the change) has been answered: none of them may count as a success after the change.
 */
async function signInsAfterChange(t: Awaited<ReturnType<typeof start>>, userId: string): Promise<number> {
  const events = (await auditEvents(t.server.context.db)).filter((e) => e.user_id === userId)
  const changed = events.findLastIndex((e) => e.type === 'password_changed')
  return events.slice(changed + 1).filter((e) => e.type === 'sign_in_succeeded').length
}

/** What each round let through: sessions alive after the change, and successes logged after it. */
interface Losses {
  survivors: number[]
  loggedAfter: number[]
}

function expectNoLosses(losses: Losses): void {
  expect(losses, 'per round: live sessions or tokens from the old password, and sign-ins logged after the change').toEqual({
    survivors: Array<number>(ROUNDS).fill(0),
    loggedAfter: Array<number>(ROUNDS).fill(0),
  })
}

describe('a sign-in with the old password racing a password change', () => {
  it(
    'never leaves a browser session alive after an admin sets the password',
    async () => {
      const { a, b } = await twoServers()
      await a.createUser({ username: 'eric', role: 'admin' })
      const michelle = await a.createUser({ username: 'michelle' })
      const admin = await apiToken(b, 'eric')
      const losses: Losses = { survivors: [], loggedAfter: [] }
      let old = PASSWORD
      for (let round = 0; round < ROUNDS; round++) {
        const next = round % 2 === 0 ? NEW_PASSWORD : OTHER_PASSWORD
        const burst = signInBurst(a.url, 'michelle', old)
        await sleep(SPACING_MS * 4)
        const change = await call(b, 'post', `/api/users/${michelle.id}/password`, {
          token: admin,
          body: { adminPassword: PASSWORD, newPassword: next, newPasswordConfirmation: next },
        })
        expect(change.status, change.text).toBe(204)
        let survivors = 0
        for (const cookie of await burst) if (await stillSignedIn(a.url, cookie)) survivors++
        losses.survivors.push(survivors)
        losses.loggedAfter.push(await signInsAfterChange(a, michelle.id))
        old = next
      }
      expectNoLosses(losses)
    },
    RACE_TIMEOUT_MS,
  )

  it(
    'never leaves an API token alive after the password changes',
    async () => {
      const { a, b } = await twoServers()
      await a.createUser({ username: 'eric', role: 'admin' })
      const anna = await a.createUser({ username: 'anna', role: 'admin' })
      const eric = await apiToken(b, 'eric')
      const losses: Losses = { survivors: [], loggedAfter: [] }
      let old = PASSWORD
      for (let round = 0; round < ROUNDS; round++) {
        const next = round % 2 === 0 ? NEW_PASSWORD : OTHER_PASSWORD
        const burst = Promise.all(
          Array.from({ length: BURST }, async (_, i) => {
            await sleep(i * SPACING_MS)
            const answer = await call(a, 'post', '/api/session', { body: { username: 'anna', password: old } })
            return answer.status === 201 ? (answer.json as { token: string }).token : undefined
          }),
        )
        await sleep(SPACING_MS * 4)
        const change = await call(b, 'post', `/api/users/${anna.id}/password`, {
          token: eric,
          body: { adminPassword: PASSWORD, newPassword: next, newPasswordConfirmation: next },
        })
        expect(change.status, change.text).toBe(204)
        let survivors = 0
        for (const token of await burst) {
          if (token && (await call(a, 'get', '/api/session', { token })).status === 200) survivors++
        }
        losses.survivors.push(survivors)
        losses.loggedAfter.push(await signInsAfterChange(a, anna.id))
        old = next
      }
      expectNoLosses(losses)
    },
    RACE_TIMEOUT_MS,
  )

  it(
    'never leaves a session alive after the person resets their own password with a link',
    async () => {
      const { a, b } = await twoServers()
      const ann = await a.createUser({ username: 'ann', email: 'ann@example.org' })
      const losses: Losses = { survivors: [], loggedAfter: [] }
      let old = PASSWORD
      for (let round = 0; round < ROUNDS; round++) {
        const next = round % 2 === 0 ? NEW_PASSWORD : OTHER_PASSWORD
        const link = await requestResetLink(b, 'ann', 'ann@example.org', round + 1)
        const owner = new Browser(b.url)
        await openResetLink(owner, link)
        const burst = signInBurst(a.url, 'ann', old)
        await sleep(SPACING_MS * 4)
        const reset = await owner.post('/reset-password', { newPassword: next, newPasswordConfirmation: next })
        expect(reset.location).toBe('/login?notice=password-reset')
        let survivors = 0
        for (const cookie of await burst) if (await stillSignedIn(a.url, cookie)) survivors++
        losses.survivors.push(survivors)
        losses.loggedAfter.push(await signInsAfterChange(a, ann.id))
        old = next
      }
      expectNoLosses(losses)
    },
    RACE_TIMEOUT_MS,
  )
})

describe("an admin's re-authentication racing a change of the admin's own password", () => {
  it(
    "sets no one's password on the strength of the old admin password",
    async () => {
      const { a, b } = await twoServers()
      const eric = await a.createUser({ username: 'eric', role: 'admin' })
      await a.createUser({ username: 'root', role: 'admin' })
      const michelle = await a.createUser({ username: 'michelle' })
      const root = await apiToken(b, 'root')
      const late: number[] = []
      let old = PASSWORD
      for (let round = 0; round < ROUNDS; round++) {
        const next = round % 2 === 0 ? NEW_PASSWORD : OTHER_PASSWORD
        // Someone holding Eric's token and old password sets Michelle's password again and again,
        // while Eric's password is changed (by another admin) to lock them out.
        const stolen = await apiToken(a, 'eric', old)
        const burst = Promise.all(
          // Each of these hashes a new password as well: half the burst keeps the round short.
          Array.from({ length: BURST / 2 }, async (_, i) => {
            await sleep(i * SPACING_MS)
            const password = `violet harbor ${round} quartz ${i} lantern`
            return call(a, 'post', `/api/users/${michelle.id}/password`, {
              token: stolen,
              body: { adminPassword: old, newPassword: password, newPasswordConfirmation: password },
            })
          }),
        )
        await sleep(SPACING_MS * 4)
        const change = await call(b, 'post', `/api/users/${eric.id}/password`, {
          token: root,
          body: { adminPassword: PASSWORD, newPassword: next, newPasswordConfirmation: next },
        })
        expect(change.status, change.text).toBe(204)
        await burst
        // Every change Eric's old credentials made must come before the change of Eric's password.
        const events = await auditEvents(a.server.context.db, 'password_changed')
        const ericChanged = events.filter((e) => e.user_id === eric.id).at(-1)!.id
        late.push(events.filter((e) => e.user_id === michelle.id && e.actor_id === eric.id && e.id > ericChanged).length)
        old = next
      }
      expect(late, 'per round: passwords set with the old admin password after it changed').toEqual(Array<number>(ROUNDS).fill(0))
    },
    RACE_TIMEOUT_MS,
  )
})
