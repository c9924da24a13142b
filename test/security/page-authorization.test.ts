// Authorisation of the signed-in pages: every page and form that acts on an account, tried by a
// browser that is anonymous, whose session expired, was revoked, or belongs to an account deactivated
// since — and by a signed-in person. Only the last gets through; the others change nothing.
// (The sign-in, forgot-password and reset-link forms are for anonymous visitors by design, and the
// admin API's matrix is in test/api/authorization.test.ts.)
import { describe, expect, it } from 'vitest'
import { revokeSessions, updateAccount } from '../../server/accounts/admin'
import { Browser, type Page } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { NEW_PASSWORD, PASSWORD, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { TEST_OPERATOR, type TestServer } from '../helpers/test-server'

const start = useTestServers()
const CLIENT = { address: null, userAgent: null }

type Identity = 'anonymous' | 'expired' | 'revoked' | 'deactivated' | 'signed in'
const IDENTITIES: Identity[] = ['anonymous', 'expired', 'revoked', 'deactivated', 'signed in']

/** A browser as the identity, on the page it would have open (with that page's form token). */
async function browserAs(identity: Identity, t: TestServer, clock: ReturnType<typeof testClock>, page: string): Promise<Browser> {
  if (identity === 'anonymous') {
    const browser = new Browser(t.url)
    await browser.get('/login')
    return browser
  }
  const user = await t.createUser({ username: `ann${Math.random().toString(36).slice(2, 7)}`, password: PASSWORD })
  const browser = await signedInBrowser(t, user.username)
  await browser.get(page)
  if (identity === 'expired') clock.advanceMinutes(31)
  if (identity === 'revoked') await revokeSessions(t.server.context, user, TEST_OPERATOR, CLIENT)
  if (identity === 'deactivated') await updateAccount(t.server.context, user, { status: 'deactivated' }, TEST_OPERATOR, CLIENT)
  return browser
}

async function passwordChanges(t: TestServer): Promise<number> {
  const rows = await t.server.context.db.selectFrom('audit_events').select('id').where('type', '=', 'password_changed').execute()
  return rows.length
}

function refusedOrSentToSignIn(page: Page): boolean {
  return page.status === 403 || (page.status === 303 && (page.location ?? '').startsWith('/login'))
}

describe('signed-in pages, for each kind of visitor', () => {
  it.each(IDENTITIES)('%s: /account', async (identity) => {
    const clock = testClock()
    const t = await start({ clock })
    const browser = await browserAs(identity, t, clock, '/account')
    const page = await browser.get('/account')
    if (identity === 'signed in') expect(page.status).toBe(200)
    else expect(page.location).toBe('/login')
  })

  it.each(IDENTITIES)('%s: POST /account/password', async (identity) => {
    const clock = testClock()
    const t = await start({ clock })
    const browser = await browserAs(identity, t, clock, '/account')
    const before = await passwordChanges(t)
    const page = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    })
    if (identity === 'signed in') {
      expect(page.location).toBe('/login?notice=password-changed')
      expect(await passwordChanges(t)).toBe(before + 1)
    } else {
      expect(refusedOrSentToSignIn(page), `${page.status} ${page.location}`).toBe(true)
      expect(await passwordChanges(t)).toBe(before)
    }
  })

  it.each(IDENTITIES)('%s: POST /account/new-password', async (identity) => {
    const clock = testClock()
    const t = await start({ clock })
    const browser = await browserAs(identity, t, clock, '/account')
    const before = await passwordChanges(t)
    const page = await browser.post('/account/new-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    // Even signed in, this form is only for someone an admin asked to choose a new password.
    if (identity === 'signed in') expect(page.location).toBe('/account')
    else expect(refusedOrSentToSignIn(page), `${page.status} ${page.location}`).toBe(true)
    expect(await passwordChanges(t)).toBe(before)
  })

  it.each(IDENTITIES)('%s: POST /logout', async (identity) => {
    const clock = testClock()
    const t = await start({ clock })
    const browser = await browserAs(identity, t, clock, '/account')
    const page = await browser.post('/logout', {})
    // Signing out is always allowed and always lands on the sign-in page; it ends only one's own session.
    expect(refusedOrSentToSignIn(page), `${page.status} ${page.location}`).toBe(true)
    expect((await browser.get('/account')).location).toBe('/login')
  })
})
