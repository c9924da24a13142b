// The emailed reset link: not used up by looking (mail scanners), moved out of the address bar,
// stored only as a hash, single use, expiring, dying when the password is set any other way, and
// ending every session when it is used.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/accounts/admin'
import { hashToken } from '../../server/accounts/secrets'
import { Browser, visibleText } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { engineOf } from '../../server/db/engine'
import { auditEvents, TABLES } from '../helpers/db'
import {
  local,
  NEW_PASSWORD,
  openResetLink,
  OTHER_PASSWORD,
  PASSWORD,
  requestResetLink,
  signIn,
  signedInBrowser,
  tokenOf,
} from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'
import { apiToken, call } from '../api/helpers'
import { TEST_OPERATOR } from '../helpers/test-server'

const start = useTestServers()

async function setNewPassword(browser: Browser, password: string) {
  return browser.post('/reset-password', { newPassword: password, newPasswordConfirmation: password })
}

describe('opening a reset link', () => {
  it('moves the token into an HttpOnly cookie and redirects to a clean URL, with no referrer', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const browser = new Browser(t.url)
    const opened = await browser.get(local(link))
    expect(opened.status).toBe(303)
    expect(opened.location).toBe('/reset-password')
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer')
    const cookie = cookieFrom(opened.setCookies, 'tu_reset')
    expect(cookie?.value).toBe(tokenOf(link))
    expect(cookie?.attributes.has('httponly')).toBe(true)
    expect(cookie?.attributes.get('samesite')?.toLowerCase()).toBe('lax')
    // Short-lived: at most the link's remaining life (an hour).
    const expires = Date.parse(cookie?.attributes.get('expires') ?? '')
    expect(expires - Date.now()).toBeGreaterThan(0)
    expect(expires - Date.now()).toBeLessThanOrEqual(3600_000)

    const form = await browser.get('/reset-password')
    expect(form.status).toBe(200)
    expect(form.headers.get('referrer-policy')).toBe('no-referrer')
    expect(form.text).not.toContain(tokenOf(link))
    expect(visibleText(form.text)).toContain('Choose a new password')
    expect(visibleText(form.text)).toContain('ann')
  })

  it('does not use the link up: opened twice (a mail scanner, then the person), it still works', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const scanner = new Browser(t.url)
    expect((await openResetLink(scanner, link)).status).toBe(200)
    expect((await openResetLink(scanner, link)).status).toBe(200)
    const person = new Browser(t.url)
    expect((await openResetLink(person, link)).status).toBe(200)
    expect((await setNewPassword(person, NEW_PASSWORD)).location).toBe('/login?notice=password-reset')
    expect(visibleText((await person.get('/login?notice=password-reset')).text)).toContain(
      'Your password has been reset. Sign in with your new password.',
    )
    expect((await signIn(new Browser(t.url), 'ann', NEW_PASSWORD)).location).toBe('/account')
  })

  it('keeps only SHA-256 hashes of tokens: the raw token is nowhere in the database files or the outbox', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const token = tokenOf(link)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/)
    const db = t.server.context.db
    const rows = await db.selectFrom('password_reset_tokens').select('token_hash').execute()
    expect(rows).toEqual([{ token_hash: hashToken(token) }])
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    // Every row of every table, on either engine.
    for (const table of TABLES) {
      const everything = JSON.stringify(await db.selectFrom(table).selectAll().execute())
      expect(everything, table).not.toContain(token)
    }
    // On SQLite, the file and its WAL byte for byte too (free pages keep what rows no longer do).
    const files = (await readdir(t.dataDir)).filter((name) => name.startsWith('textup.sqlite'))
    expect(files.length > 0).toBe(engineOf(db) === 'sqlite')
    for (const name of files) {
      const bytes = await readFile(path.join(t.dataDir, name))
      expect(bytes.includes(Buffer.from(token)), name).toBe(false)
      expect(bytes.includes(Buffer.from(link)), name).toBe(false)
    }
  })

  it('never writes the token or the link into the log', async () => {
    const t = await start({ logs: true })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const browser = new Browser(t.url)
    await openResetLink(browser, link)
    await setNewPassword(browser, NEW_PASSWORD)
    await new Browser(t.url).get(local(link))
    expect(t.logs.length).toBeGreaterThan(5)
    const all = t.logs.join('\n')
    expect(all).not.toContain(tokenOf(link))
    expect(all).not.toContain(NEW_PASSWORD)
  })
})

describe('links that no longer work', () => {
  it('an expired link gives a 410 page that offers a new one', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const early = new Browser(t.url)
    expect((await openResetLink(early, link)).status).toBe(200)
    clock.advanceMinutes(60)
    const page = await new Browser(t.url).get(local(link))
    expect(page.status).toBe(410)
    expect(visibleText(page.text)).toContain('This link has expired')
    expect(visibleText(page.text)).toContain('a link works for 1 hour after it is sent')
    expect(page.text).toContain('href="/forgot-password"')
    expect(page.setCookies.some((c) => c.startsWith('tu_reset=') && !c.startsWith('tu_reset=;'))).toBe(false)
    // A browser that opened it in time cannot use it late either.
    const late = await setNewPassword(early, NEW_PASSWORD)
    expect(late.status).toBe(410)
    expect(visibleText(late.text)).toContain('This link has expired')
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
  })

  it('honours a configured lifetime', async () => {
    const clock = testClock()
    const t = await start({ clock, env: { RESET_LINK_TTL_MINUTES: '15' } })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const [email] = t.smtp.to('ann@example.org')
    expect(email?.text).toContain('15 minutes')
    clock.advanceMinutes(14)
    expect((await openResetLink(new Browser(t.url), link)).status).toBe(200)
    clock.advanceMinutes(1)
    const expired = await new Browser(t.url).get(local(link))
    expect(expired.status).toBe(410)
    // The page tells the lifetime this server is configured with.
    expect(visibleText(expired.text)).toContain('a link works for 15 minutes after it is sent')
  })

  it('an expired invitation says how long invitations last, and whom to ask', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'eric', role: 'admin' })
    const body = { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org', sendInvitation: true }
    expect((await call(t, 'post', '/api/users', { token: await apiToken(t, 'eric'), body })).status).toBe(201)
    const [email] = await t.smtp.waitFor((m) => m.to.includes('nadia@example.org'))
    const link = email!.links.find((l) => l.includes('/welcome?token='))!
    clock.advanceMinutes(7 * 24 * 60)
    const page = await new Browser(t.url).get(local(link))
    expect(page.status).toBe(410)
    expect(visibleText(page.text)).toContain(
      'For your safety, a link works for 7 days after it is sent. To continue, ask your administrator to invite you again.',
    )
  })

  it('a used link gives a 410 page', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const browser = new Browser(t.url)
    await openResetLink(browser, link)
    expect((await setNewPassword(browser, NEW_PASSWORD)).status).toBe(303)
    expect(browser.cookies.has('tu_reset')).toBe(false)
    const again = await new Browser(t.url).get(local(link))
    expect(again.status).toBe(410)
    expect(visibleText(again.text)).toContain('This link has already been used')
  })

  it('a tampered, garbage, empty or repeated token gives a 400 page, never a 500', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const token = tokenOf(link)
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    for (const query of [
      `token=${tampered}`,
      `token=${token}x`,
      'token=garbage',
      'token=',
      `token=${token}&token=${token}`,
      'token=%E0%A4%A',
      `token=${encodeURIComponent("' or 1=1 --")}`,
      `token=${'A'.repeat(5000)}`,
    ]) {
      for (const pathname of ['/reset-password', '/welcome']) {
        const page = await new Browser(t.url).get(`${pathname}?${query}`)
        expect(page.status, `${pathname}?${query.slice(0, 40)}`).toBe(400)
        expect(visibleText(page.text)).toContain('This link is not valid')
      }
    }
    // Not a token parameter at all (query strings are not parsed into objects): no link.
    expect((await new Browser(t.url).get('/reset-password?token[a]=b')).status).toBe(400)
    // A garbage cookie instead of a link.
    const browser = new Browser(t.url)
    browser.cookies.set('tu_reset', 'garbage')
    expect((await browser.get('/reset-password')).status).toBe(400)
    // Without any link.
    const none = await new Browser(t.url).get('/reset-password')
    expect(none.status).toBe(400)
    expect(visibleText(none.text)).toContain('Open the link from your email')
    // The real link is unharmed.
    expect((await openResetLink(new Browser(t.url), link)).status).toBe(200)
  })

  it('a link of an account deactivated since gives a 410 page', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const browser = new Browser(t.url)
    expect((await openResetLink(browser, link)).status).toBe(200)
    await updateAccount(t.server.context, ann, { status: 'deactivated' }, TEST_OPERATOR, { address: null, userAgent: null })
    expect((await new Browser(t.url).get(local(link))).status).toBe(410)
    expect((await setNewPassword(browser, NEW_PASSWORD)).status).toBe(410)
  })

  it('a second link replaces the first, and is used up once the password is set', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const first = await requestResetLink(t, 'ann', 'ann@example.org', 1)
    const second = await requestResetLink(t, 'ann', 'ann@example.org', 2)
    expect(tokenOf(second)).not.toBe(tokenOf(first))
    const dead = await new Browser(t.url).get(local(first))
    expect(dead.status).toBe(410)
    expect(visibleText(dead.text)).toContain('This link no longer works')
    const browser = new Browser(t.url)
    expect((await openResetLink(browser, second)).status).toBe(200)
    expect((await setNewPassword(browser, NEW_PASSWORD)).status).toBe(303)
    expect(visibleText((await new Browser(t.url).get(local(second))).text)).toContain('This link has already been used')
  })

  it('any password change (the person’s own, on the account page) kills outstanding links', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const pending = new Browser(t.url)
    expect((await openResetLink(pending, link)).status).toBe(200)
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    const changed = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    })
    expect(changed.location).toBe('/login?notice=password-changed')
    expect((await new Browser(t.url).get(local(link))).status).toBe(410)
    // Even a browser holding the link in its cookie cannot use it.
    const late = await setNewPassword(pending, OTHER_PASSWORD)
    expect(late.status).toBe(410)
    expect((await signIn(new Browser(t.url), 'ann', NEW_PASSWORD)).location).toBe('/account')
  })
})

describe('using a link', () => {
  it('checks the new password against the policy and the confirmation, and the link survives the mistake', async () => {
    const t = await start()
    await t.createUser({ username: 'ann.lee', displayName: 'Ann Lee', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann.lee', 'ann@example.org')
    const browser = new Browser(t.url)
    await openResetLink(browser, link)
    const mismatch = await browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD })
    expect(mismatch.status).toBe(422)
    expect(visibleText(mismatch.text)).toContain('The two passwords do not match')
    const personal = await setNewPassword(browser, 'ann.lee ann.lee ann.lee')
    expect(personal.status).toBe(422)
    expect(visibleText(personal.text)).toContain('Do not build your password from your username')
    const short = await setNewPassword(browser, 'short')
    expect(visibleText(short.text)).toContain('Use at least 15 characters')
    expect((await setNewPassword(browser, NEW_PASSWORD)).status).toBe(303)
  })

  it('lets exactly one of two simultaneous submissions of one link through', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const a = new Browser(t.url)
    const b = new Browser(t.url)
    await openResetLink(a, link)
    await openResetLink(b, link)
    const [first, second] = await Promise.all([setNewPassword(a, NEW_PASSWORD), setNewPassword(b, OTHER_PASSWORD)])
    const statuses = [first.status, second.status].sort()
    expect(statuses).toEqual([303, 410])
    const winner = first.status === 303 ? NEW_PASSWORD : OTHER_PASSWORD
    const loser = winner === NEW_PASSWORD ? OTHER_PASSWORD : NEW_PASSWORD
    expect((await signIn(new Browser(t.url), 'ann', winner)).location).toBe('/account')
    expect((await signIn(new Browser(t.url), 'ann', loser)).status).toBe(401)
    expect(await auditEvents(t.server.context.db, 'password_reset_completed')).toHaveLength(1)
    expect(await auditEvents(t.server.context.db, 'password_changed')).toHaveLength(1)
  })

  it('ends every session of the person and emails them that the password changed', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    const laptop = await signedInBrowser(t, 'ann')
    const phone = await signedInBrowser(t, 'ann')
    const bob = await signedInBrowser(t, 'bob')
    const link = await requestResetLink(t, 'ann', 'ann@example.org')
    const browser = new Browser(t.url)
    await openResetLink(browser, link)
    expect((await setNewPassword(browser, NEW_PASSWORD)).status).toBe(303)
    expect((await laptop.get('/account')).location).toBe('/login')
    expect((await phone.get('/account')).location).toBe('/login')
    expect((await bob.get('/account')).status).toBe(200)
    expect(
      await t.server.context.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('users.username')
        .execute(),
    ).toEqual([{ username: 'bob' }])
    const [notice] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Your TextUp password was changed')
    expect(notice?.text).toContain('Hello Ann Lee')
    expect(notice?.text).toContain('with a password reset link')
    expect(notice?.text).toContain('signed out')
    expect(notice?.html).toContain('with a password reset link')
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).status).toBe(401)
  })
})
