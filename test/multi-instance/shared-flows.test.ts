// Three server processes on one PostgreSQL database, each request of a flow sent to another
// instance than the one before: the seed's self-service reset, the sign-in throttle, the single
// use of a reset link and the last active admin hold across processes, because the database
// enforces them.
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../server/db/database'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { local, NEW_PASSWORD, openResetLink, PASSWORD, signIn } from '../helpers/flows'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { ADMINS_WITHOUT_SECOND_FACTOR, emailOf, seedAccounts, UNTHROTTLED, useFaultRig } from '../faults/harness'
import { Fleet, requirePostgres } from './fleet'

const rig = useFaultRig('file')
/** Where users reach the installation (the balancer's address): every emailed link starts with it. */
const PUBLIC_URL = 'http://accounts.example.org'
/** SIGN_IN_LIMIT_PER_ACCOUNT's default: the per-account throttle is left as shipped. */
const SIGN_IN_LIMIT = 10
const LINK_ROUNDS = 6
const HOLDERS = Array.from({ length: LINK_ROUNDS }, (_, i) => `holder${i + 1}`)
const ADMINS = ['eric', 'anna']
const DEMOTION_ROUNDS = 6

let fleet: Fleet
let smtp: SmtpReceiver
let db: DB

beforeAll(async () => {
  requirePostgres()
  const dataDir = await rig.dataDir()
  db = await rig.database(dataDir)
  await seedAccounts(dataDir, [
    ...['michelle', 'target', ...HOLDERS].map((username) => ({ username, active: true })),
    ...ADMINS.map((username) => ({ username, active: true, role: 'admin' as const })),
  ])
  smtp = await SmtpReceiver.start()
  rig.afterwards(() => smtp.stop())
  fleet = await Fleet.start(rig, 3, { DATA_DIR: dataDir, SMTP_URL: smtp.url, PUBLIC_URL, ...UNTHROTTLED, ...ADMINS_WITHOUT_SECOND_FACTOR })
}, 60_000)

/** An admin's API token, from a sign-in at one of the instances. */
async function apiToken(url: string, username: string): Promise<string> {
  const answer = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (answer.status !== 201) throw new Error(`Sign-in of ${username} answered ${answer.status}`)
  return ((await answer.json()) as { token: string }).token
}

/** The link in the newest reset email to an account. */
async function resetLinkFor(username: string, nth: number): Promise<string> {
  const emails = await smtp.waitFor((m) => m.to.includes(emailOf(username)) && m.subject === 'Reset your TextUp password', nth)
  const link = emails[nth - 1]?.links.find((l) => l.includes('/reset-password?token='))
  if (!link) throw new Error(`No reset link in the email to ${username}`)
  return link
}

describe('three instances on one PostgreSQL database', () => {
  it("carry the user guide's reset across instances: forgot password on one, the link opened and used on another, sign-in on the third", async () => {
    const [first, second, third] = [fleet.at(0), fleet.at(1), fleet.at(2)]
    // Michelle is signed in on another device, through the third instance.
    const otherDevice = new Browser(third.url)
    expect((await signIn(otherDevice, 'michelle', PASSWORD)).location).toBe('/account')

    const browser = new Browser(first.url)
    await browser.get('/forgot-password')
    const sent = await browser.post('/forgot-password', { username: 'Michelle' })
    expect([sent.status, sent.location]).toEqual([303, '/forgot-password/sent'])
    const link = await resetLinkFor('michelle', 1)
    expect(link.startsWith(`${PUBLIC_URL}/reset-password?token=`)).toBe(true)

    // The link opens on the second instance, which stores the token in a cookie and shows the form.
    const onSecond = browser.at(second.url)
    const form = await openResetLink(onSecond, link)
    expect(form.status).toBe(200)
    const done = await onSecond.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect([done.status, done.location]).toEqual([303, '/login?notice=password-reset'])

    // The third instance knows the new password and only it.
    expect((await signIn(new Browser(third.url), 'michelle', PASSWORD)).status).toBe(401)
    expect((await signIn(new Browser(third.url), 'michelle', NEW_PASSWORD)).location).toBe('/account')
    // The other device's session is over, and the link spent, whichever instance is asked.
    for (const server of fleet.servers) {
      expect((await otherDevice.at(server.url).get('/account')).location, server.url).toBe('/login')
      expect((await new Browser(server.url).get(local(link))).status, server.url).toBe(410)
    }
    const [notice] = await smtp.waitFor((m) => m.to.includes(emailOf('michelle')) && m.subject === 'Your TextUp password was changed')
    expect(notice?.text).toContain('with a password reset link')
  })

  it('checks no more wrong passwords than the limit when 50 arrive at once, spread over the three instances; the rest are 429', async () => {
    // Each attempt loads the form on one instance and posts it to the next.
    const attempts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const browser = new Browser(fleet.at(i).url)
        await browser.get('/login')
        return browser.at(fleet.at(i + 1).url)
      }),
    )
    const answers = await Promise.all(
      attempts.map((browser, i) => browser.post('/login', { username: 'target', password: `not the password, guess ${i}` })),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_LIMIT)
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - SIGN_IN_LIMIT)

    // The audit log: a password was checked exactly as often as the limit allows.
    const failures = (await auditEvents(db, 'sign_in_failed')).filter((event) => event.username === 'target')
    expect(failures.filter((event) => event.parsed.reason === 'wrong_password')).toHaveLength(SIGN_IN_LIMIT)
    expect(failures.filter((event) => event.parsed.reason === 'throttled')).toHaveLength(50 - SIGN_IN_LIMIT)
    console.info(
      `[throttle] 50 parallel wrong passwords over 3 instances: ${SIGN_IN_LIMIT} checked (401), ${50 - SIGN_IN_LIMIT} refused unchecked (429)`,
    )
  })

  it('lets exactly one of three instances redeem a reset link submitted to all three at once', { timeout: 120_000 }, async () => {
    for (const [round, username] of HOLDERS.entries()) {
      const asker = new Browser(fleet.at(round).url)
      await asker.get('/forgot-password')
      expect((await asker.post('/forgot-password', { username })).status).toBe(303)
      const link = await resetLinkFor(username, 1)

      // Three browsers open the link, each on its own instance, and choose different passwords.
      const browsers = fleet.servers.map((server) => new Browser(server.url))
      for (const browser of browsers) expect((await openResetLink(browser, link)).status).toBe(200)
      const passwords = ['amber', 'cobalt', 'violet'].map((colour) => `${colour} harbour quartz glacier ${round}`)
      const answers = await Promise.all(
        browsers.map((browser, i) =>
          browser.post('/reset-password', { newPassword: passwords[i]!, newPasswordConfirmation: passwords[i]! }),
        ),
      )

      const winners = answers.flatMap((answer, i) => (answer.status === 303 ? [i] : []))
      expect(winners, `round ${round + 1}: ${JSON.stringify(answers.map((a) => a.status))}`).toHaveLength(1)
      expect(answers.filter((answer) => answer.status === 410)).toHaveLength(2)
      // Only the winner's password works, on any instance.
      for (const [i, password] of passwords.entries()) {
        const page = await signIn(new Browser(fleet.at(i + 1).url), username, password)
        expect(page.status, `${username} with the password sent to instance ${i + 1}`).toBe(i === winners[0] ? 303 : 401)
      }
    }
    const completed = await auditEvents(db, 'password_reset_completed')
    expect(completed.filter((event) => HOLDERS.includes(event.username ?? ''))).toHaveLength(LINK_ROUNDS)
  })

  it('keeps an active admin when two admins demote each other at the same moment through two instances', async () => {
    const accounts = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', ADMINS)
      .orderBy('username', 'desc')
      .execute()
    const [eric, anna] = accounts as [{ id: string; username: string }, { id: string; username: string }]
    for (let round = 0; round < DEMOTION_ROUNDS; round++) {
      // Both admins again, each with a fresh token (a deactivation in the last round ended one).
      await db.updateTable('users').set({ role: 'admin', status: 'active' }).where('id', 'in', [eric.id, anna.id]).execute()
      const [ericToken, annaToken] = await Promise.all([apiToken(fleet.at(round).url, 'eric'), apiToken(fleet.at(round + 1).url, 'anna')])
      const change = round % 2 === 0 ? { role: 'user' } : { active: false }
      const patch = (url: string, token: string, id: string) =>
        fetch(`${url}/api/users/${id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(change),
        })
      const answers = await Promise.all([
        patch(fleet.at(round + 1).url, ericToken, anna.id),
        patch(fleet.at(round + 2).url, annaToken, eric.id),
      ])
      const statuses = answers.map((answer) => answer.status)
      expect(
        statuses.filter((status) => status === 200),
        `round ${round + 1}: ${statuses.join(', ')}`,
      ).toHaveLength(1)
      // The other is refused: as the last admin, or because the winner already took their rights away.
      expect([401, 403, 409]).toContain(statuses.find((status) => status !== 200))
      const admins = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active').execute()
      expect(admins, `round ${round + 1}`).toHaveLength(1)
    }
  })
})
