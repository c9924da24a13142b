// The second step of a sign-in raced as an attacker would race it, with real parallel requests to
// two server processes' worth of servers on one database:
//   - one challenge, many codes at once: exactly one session (the challenge is used up once);
//   - one code, many challenges at once: exactly one session (the code's step is used up once);
//   - second steps racing a password change: no session of the old password outlives it (the
//     challenge holds the password generation its password step verified).
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { replaceRecoveryCodes } from '../../server/accounts/recovery-codes'
import type { User } from '../../server/db/schema'
import { Browser } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { freshCode } from '../helpers/second-factor'
import { removeDataDir, tempDataDir, type TestServer } from '../helpers/test-server'
import { apiToken, call } from '../api/helpers'

const start = useTestServers()
const ROUNDS = 6
const AT_ONCE = 6
const RACE_TIMEOUT_MS = 120_000
const UNTHROTTLED = { SIGN_IN_LIMIT_PER_ACCOUNT: '1000', SIGN_IN_LIMIT_PER_ADDRESS: '100000' }

/** Two servers on one database, on one clock (codes are judged by the time). */
async function twoServers() {
  const dataDir = await tempDataDir()
  start.afterwards(() => removeDataDir(dataDir))
  const clock = testClock()
  const a = await start({ dataDir, env: UNTHROTTLED, clock })
  const b = await start({ dataDir, env: UNTHROTTLED, clock, smtp: a.smtp })
  return { a, b }
}

/** A browser that has given Ann's password on one server and waits for the code. */
async function waitingForCode(t: TestServer, password = PASSWORD): Promise<Browser> {
  const browser = new Browser(t.url)
  const page = await signIn(browser, 'ann', password)
  if (page.location !== '/login/second-factor') throw new Error(`Ann's password step answered ${page.status} ${page.location ?? ''}`)
  await browser.get('/login/second-factor')
  return browser
}

/** The same browser (its cookies and form token), talking to another server. */
function sameBrowserOn(browser: Browser, t: TestServer): Browser {
  const copy = new Browser(t.url)
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value)
  return copy
}

async function liveSessions(t: TestServer, user: User): Promise<number> {
  const rows = await t.server.context.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute()
  return rows.length
}

async function freshRecoveryCodes(t: TestServer, user: User): Promise<string[]> {
  const { db, factorKeys, clock } = t.server.context
  return replaceRecoveryCodes(db, factorKeys.recoveryCodeKey, user.id, clock())
}

describe('the second step, raced', () => {
  it(
    'one challenge answered with several good codes at once makes exactly one session',
    async () => {
      const { a, b } = await twoServers()
      const ann = await a.createUser({ username: 'ann', secondFactor: true })
      const sessionsPerRound: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const codes = await freshRecoveryCodes(a, ann)
        const browser = await waitingForCode(a)
        const before = await liveSessions(a, ann)
        const token = browser.csrfToken!
        const answers = await Promise.all(
          codes
            .slice(0, AT_ONCE)
            .map((code, i) => sameBrowserOn(browser, i % 2 ? b : a).post('/login/second-factor', { code }, { csrf: token })),
        )
        const signedIn = answers.filter((page) => page.location?.startsWith('/account')).length
        expect(signedIn, 'answers that signed in').toBe((await liveSessions(a, ann)) - before)
        sessionsPerRound.push(signedIn)
        // The codes that lost are not used up: the transaction that tried them was undone.
        const used = await a.server.context.db
          .selectFrom('recovery_codes')
          .select('id')
          .where('user_id', '=', ann.id)
          .where('used_at', 'is not', null)
          .execute()
        expect(used).toHaveLength(1)
      }
      expect(sessionsPerRound).toEqual(Array<number>(ROUNDS).fill(1))
    },
    RACE_TIMEOUT_MS,
  )

  it(
    'one code on several challenges at once makes exactly one session',
    async () => {
      const { a, b } = await twoServers()
      const ann = await a.createUser({ username: 'ann', secondFactor: true })
      const sessionsPerRound: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const browsers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => waitingForCode(i % 2 ? b : a)))
        const code = await freshCode(a, 'ann')
        const before = await liveSessions(a, ann)
        const answers = await Promise.all(browsers.map((browser) => browser.post('/login/second-factor', { code })))
        sessionsPerRound.push((await liveSessions(a, ann)) - before)
        expect(answers.filter((page) => page.location?.startsWith('/account')).length).toBe(sessionsPerRound.at(-1))
      }
      expect(sessionsPerRound).toEqual(Array<number>(ROUNDS).fill(1))
      // The same for a recovery code: one use, whoever asks at once.
      const [recovery] = await freshRecoveryCodes(a, ann)
      const browsers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => waitingForCode(i % 2 ? b : a)))
      const answers = await Promise.all(browsers.map((browser) => browser.post('/login/second-factor', { code: recovery! })))
      expect(answers.filter((page) => page.location?.startsWith('/account'))).toHaveLength(1)
    },
    RACE_TIMEOUT_MS,
  )

  it(
    'second steps racing a password change leave no session of the old password',
    async () => {
      const { a, b } = await twoServers()
      const ann = await a.createUser({ username: 'ann', secondFactor: true })
      await a.createUser({ username: 'eric', role: 'admin' })
      const eric = await apiToken(b, 'eric')
      const survivors: number[] = []
      const loggedAfter: number[] = []
      let old = PASSWORD
      for (let round = 0; round < ROUNDS; round++) {
        const next = round % 2 === 0 ? NEW_PASSWORD : OTHER_PASSWORD
        // Challenges of the old password, each with a good code of its own, sent across the change.
        const codes = await freshRecoveryCodes(a, ann)
        const browsers = await Promise.all(Array.from({ length: AT_ONCE }, () => waitingForCode(a, old)))
        const change = call(b, 'post', `/api/users/${ann.id}/password`, {
          token: eric,
          body: { adminPassword: PASSWORD, newPassword: next, newPasswordConfirmation: next },
        })
        const steps = Promise.all(
          browsers.map(async (browser, i) => {
            await sleep(10 + i * 4)
            const page = await browser.post('/login/second-factor', { code: codes[i]! })
            return page.location?.startsWith('/account') ? browser : undefined
          }),
        )
        expect((await change).status).toBe(204)
        let alive = 0
        for (const browser of await steps) if (browser && (await browser.get('/account')).status === 200) alive++
        survivors.push(alive)
        const events = (await auditEvents(a.server.context.db)).filter((e) => e.user_id === ann.id)
        const changed = events.findLastIndex((e) => e.type === 'password_changed')
        loggedAfter.push(events.slice(changed + 1).filter((e) => e.type === 'sign_in_succeeded').length)
        old = next
      }
      expect({ survivors, loggedAfter }, 'per round: live sessions from the old password, and sign-ins logged after the change').toEqual({
        survivors: Array<number>(ROUNDS).fill(0),
        loggedAfter: Array<number>(ROUNDS).fill(0),
      })
    },
    RACE_TIMEOUT_MS,
  )
})
