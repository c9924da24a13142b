// Passkeys in a real browser: Chromium's WebAuthn runs against Playwright's virtual authenticator
// (CDP WebAuthn.addVirtualAuthenticator: a platform authenticator with resident keys and user
// verification, as a laptop's fingerprint reader is). A person adds a passkey on their account
// page, uses it as the second step after their password and on its own from the sign-in page, and
// removes it; a device without the passkey gets a message and no session.
//
// The relying party is PUBLIC_URL (http://localhost:<port>, a secure context): the pages are opened
// there, so the browser's RP ID (localhost) and origin are the ones the server expects.
import Database from 'better-sqlite3'
import type { CDPSession, Page } from '@playwright/test'
import { expect, test, type TextUpServer } from './fixtures'
import { expectAccessible } from '../helpers/axe'

const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }
const PASSKEY = 'Work laptop'
const COULD_NOT_SIGN_IN = 'That passkey could not sign you in. Try again, or sign in with your password.'

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

interface Authenticator {
  cdp: CDPSession
  id: string
}

/** A virtual platform authenticator in the page's tab, like a laptop's built-in fingerprint reader. */
async function addAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })
  return { cdp, id: authenticatorId }
}

async function credentialsOn(authenticator: Authenticator) {
  return (await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.id })).credentials
}

async function signInWithPassword(page: Page): Promise<void> {
  await page.goto('/login')
  await field(page, 'Username').fill(MICHELLE.username)
  await field(page, 'Password').fill(MICHELLE.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('status')).toHaveText('You have signed out.')
}

/** The account page, as the signed-in person sees it. */
async function expectAccountOf(page: Page, twoStep: string): Promise<void> {
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText(`Signed in as ${MICHELLE.username}`)
  await expect(page.getByRole('definition').filter({ hasText: MICHELLE.email })).toBeVisible()
  await expect(page.locator('dt:has-text("Two-step sign-in") + dd')).toHaveText(twoStep)
}

/** From the account page: adds a passkey named PASSKEY, and leaves the page of recovery codes it brings (checked by axe on the way, if asked). */
async function addPasskey(page: Page, check = false): Promise<void> {
  await page.getByRole('link', { name: 'Or add a passkey' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await expect(page.getByText('Two-step sign-in is off: your password alone signs you in.', { exact: false })).toBeVisible()
  if (check) await expectAccessible(page, 'passkeys-two-step-off')
  await field(page, 'Name of the passkey').fill(PASSKEY)
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible()
  await expect(page.getByRole('status')).toHaveText(`Two-step sign-in is on: your passkey "${PASSKEY}" is added.`)
  await expect(page.locator('.recovery-codes li')).toHaveCount(10)
  if (check) await expectAccessible(page, 'passkeys-recovery-codes')
  await page.getByRole('link', { name: 'I have saved them' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await expect(page.locator('ul.passkeys strong')).toHaveText([PASSKEY])
}

function query<T>(textup: TextUpServer, sql: string): T[] {
  const db = new Database(textup.databaseFile, { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

/** How Michelle's successful sign-ins were made, oldest first. */
function signInMethods(textup: TextUpServer): string[] {
  return query<{ details: string }>(textup, "SELECT details FROM audit_events WHERE type = 'sign_in_succeeded' ORDER BY id").map(
    (row) => (JSON.parse(row.details) as { method: string }).method,
  )
}

const sessionCount = (textup: TextUpServer) => query<{ n: number }>(textup, 'SELECT count(*) AS n FROM sessions')[0]!.n

test.beforeEach(async ({ textup }) => {
  // WebAuthn binds a passkey to the host name: the pages must be opened where PUBLIC_URL says.
  expect(new URL(textup.publicUrl).hostname).toBe('localhost')
  await textup.createUser(MICHELLE)
})

test('a person adds a passkey, then signs in with it after the password, and with it alone', async ({ page, textup, saveScreenshot }) => {
  // Three sign-ins, a passkey added and its email awaited: 37 s beside other tests on two busy
  // cores, too near the 60 s default. test.slow() triples it.
  test.slow()
  const authenticator = await addAuthenticator(page)
  await signInWithPassword(page)
  await expectAccountOf(page, 'Off')
  await addPasskey(page, true)
  await saveScreenshot('passkeys-01-added')
  await expectAccessible(page, 'passkeys-01-added')

  // The passkey lives on the authenticator, for this site, and the server knows it by the same id
  // (CDP gives it in base64, the server keeps base64url).
  const [credential, ...others] = await credentialsOn(authenticator)
  expect(others).toEqual([])
  expect(credential).toMatchObject({ rpId: 'localhost', isResidentCredential: true })
  const stored = query<{ id: string; name: string }>(textup, 'SELECT id, name FROM webauthn_credentials')
  expect(stored).toEqual([{ id: Buffer.from(credential!.credentialId, 'base64').toString('base64url'), name: PASSKEY }])
  // Michelle is told, and the audit log has it.
  const [email] = await textup.smtp.waitFor(
    (m) => m.to.includes(MICHELLE.email) && m.subject === 'A passkey was added to your TextUp account',
  )
  expect(email!.text).toContain(`A passkey ("${PASSKEY}") was added`)
  const added = query<{ username: string; details: string }>(
    textup,
    "SELECT username, details FROM audit_events WHERE type = 'passkey_added'",
  )
  expect(added).toEqual([{ username: MICHELLE.username, details: JSON.stringify({ passkey: PASSKEY, sessionsEnded: 0 }) }])
  await page.getByRole('link', { name: 'Back to your account' }).click()
  await expectAccountOf(page, 'On: 1 passkey; 10 recovery codes left')
  await signOut(page)

  // The password is no longer enough: the second step asks for the passkey (or a code).
  await signInWithPassword(page)
  await expect(page).toHaveURL(/\/login\/second-factor$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await saveScreenshot('passkeys-02-second-step')
  await expectAccessible(page, 'passkeys-02-second-step')
  await page.getByRole('button', { name: 'Use a passkey instead' }).click()
  await expectAccountOf(page, 'On: 1 passkey; 10 recovery codes left')
  await signOut(page)

  // The passkey alone, from the sign-in page: no username, no password.
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible()
  await saveScreenshot('passkeys-03-sign-in-page')
  await expectAccessible(page, 'passkeys-03-sign-in-page')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expectAccountOf(page, 'On: 1 passkey; 10 recovery codes left')

  expect(signInMethods(textup)).toEqual(['password', 'password+passkey', 'passkey'])
  // Each use was signed by the authenticator, with its counter moving on.
  const [used] = await credentialsOn(authenticator)
  expect(used!.signCount).toBe(credential!.signCount + 2)
  expect(query<{ last_used_at: string | null }>(textup, 'SELECT last_used_at FROM webauthn_credentials')[0]!.last_used_at).not.toBeNull()
})

test('a passkey removed on the account page no longer signs in', async ({ page, textup }) => {
  const authenticator = await addAuthenticator(page)
  await signInWithPassword(page)
  await addPasskey(page)

  await field(page, `Current password, to remove "${PASSKEY}"`).fill(MICHELLE.password)
  await page.getByRole('button', { name: `Remove ${PASSKEY}` }).click()
  await expect(page.getByRole('status')).toHaveText('The passkey is removed. Every other place you were signed in has been signed out.')
  await expect(page.getByText('Two-step sign-in is off: your password alone signs you in.', { exact: false })).toBeVisible()
  await expect(page.locator('ul.passkeys')).toHaveCount(0)
  await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === 'A passkey was removed from your TextUp account')
  await signOut(page)

  // The authenticator still holds it, and offers it: the server refuses it, and no session is made.
  expect(await credentialsOn(authenticator)).toHaveLength(1)
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page.getByRole('alert')).toHaveText(COULD_NOT_SIGN_IN)
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to TextUp' })).toBeVisible()
  await expectAccessible(page, 'passkeys-sign-in-refused')
  expect(sessionCount(textup)).toBe(0)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login$/)

  // The password alone signs her in again.
  await signInWithPassword(page)
  await expectAccountOf(page, 'Off')
  expect(signInMethods(textup)).toEqual(['password', 'password'])
})

test('on a device without the passkey, signing in with one says so and makes no session', async ({ page, textup, saveScreenshot }) => {
  const laptop = await addAuthenticator(page)
  await signInWithPassword(page)
  await addPasskey(page)
  await signOut(page)

  // Another device: the laptop's authenticator is gone, an empty one is there instead.
  await laptop.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: laptop.id })
  const other = await addAuthenticator(page)
  expect(await credentialsOn(other)).toEqual([])

  const button = page.getByRole('button', { name: 'Sign in with a passkey' })
  await button.click()
  const status = page.locator('.passkey-status')
  await expect(status).toHaveText(
    'No passkey was used: the prompt was closed, or this device has no passkey for TextUp. Try again, or sign in with your password.',
  )
  await expect(button).toBeEnabled()
  await saveScreenshot('passkeys-04-no-passkey-here')
  await expectAccessible(page, 'passkeys-04-no-passkey-here')
  expect(new URL(page.url()).pathname).toBe('/login')
  expect(sessionCount(textup)).toBe(0)

  // Nor as the second step after her password: she is told, and may enter a code instead.
  await signInWithPassword(page)
  await expect(page).toHaveURL(/\/login\/second-factor$/)
  await page.getByRole('button', { name: 'Use a passkey instead' }).click()
  await expect(status).toHaveText(
    'No passkey was used: the prompt was closed, or this device has no passkey for TextUp. Try again, or enter a code instead.',
  )
  await expectAccessible(page, 'passkeys-second-step-no-passkey')
  await expect(page).toHaveURL(/\/login\/second-factor$/)
  expect(sessionCount(textup)).toBe(0)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login$/)
  expect(signInMethods(textup)).toEqual(['password'])
})
