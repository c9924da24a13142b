// The user guide's first half ("Resetting password from login screen") in a real browser: a person
// clicks links, types into labelled fields and reads the pages; the email comes through a real SMTP
// server. Every distinct page state is saved to test-results/screenshots/ for visual review.
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { expect, test, type TextUpServer } from './fixtures'
import { expectAccessible } from '../helpers/axe'

const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }
const NEW_PASSWORD = 'lantern meadow copper finch'
const RESET_SUBJECT = 'Reset your TextUp password'
const CHANGED_SUBJECT = 'Your TextUp password was changed'
const WRONG_CREDENTIALS =
  'The username or password is not right. Check them and try again, or use Forgot password to choose a new password.'

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await field(page, 'Username').fill(username)
  await field(page, 'Password').fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/** From the sign-in page to the "Check your email" page, as the guide's first two steps say. */
async function askForResetLink(page: Page, username: string): Promise<void> {
  await page.goto('/login')
  await page.getByRole('link', { name: 'Forgot password' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
  await field(page, 'Username').fill(username)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible()
}

/** The reset link of the latest reset email to an address, once it has arrived. */
async function resetLinkFromEmail(textup: TextUpServer, address: string, count = 1): Promise<string> {
  const emails = await textup.smtp.waitFor((m) => m.to.includes(address) && m.subject === RESET_SUBJECT, count)
  const link = emails.at(-1)?.links.find((l) => l.includes('/reset-password?token='))
  expect(link, 'the reset email should contain a reset link').toBeDefined()
  expect(link!.startsWith(textup.publicUrl), 'the link should point where people reach TextUp').toBe(true)
  return link!
}

/** Types a new password twice and submits it. */
async function chooseNewPassword(page: Page, password: string, confirmation = password): Promise<void> {
  await field(page, 'New password').fill(password)
  await field(page, 'Confirm new password').fill(confirmation)
  await page.getByRole('button', { name: 'Reset password' }).click()
}

/** Signs in and out again in a separate browser context: proves which password works without touching the test's page. */
async function passwordWorks(page: Page, password: string): Promise<boolean> {
  const context = await page
    .context()
    .browser()!
    .newContext({ baseURL: new URL(page.url()).origin })
  try {
    const other = await context.newPage()
    await other.goto('/login')
    await signIn(other, MICHELLE.username, password)
    await other.waitForLoadState()
    if (new URL(other.url()).pathname === '/account') return true
    await expect(other.getByRole('alert')).toHaveText(WRONG_CREDENTIALS)
    return false
  } finally {
    await context.close()
  }
}

/**
 * Moves every reset link's expiry into the past. This stands in for time passing: the shortest
 * RESET_LINK_TTL_MINUTES is 5, too long to wait for in a test, and the server has no test clock.
 */
function expireResetLinks(textup: TextUpServer): void {
  const db = new Database(textup.databaseFile)
  try {
    db.pragma('busy_timeout = 5000')
    const changed = db
      .prepare("UPDATE password_reset_tokens SET expires_at = ? WHERE purpose = 'reset' AND used_at IS NULL")
      .run(new Date(Date.now() - 60_000).toISOString()).changes
    expect(changed, 'a reset link should exist to expire').toBeGreaterThan(0)
  } finally {
    db.close()
  }
}

/** What the server's worker decided about each forgot-password request, from its audit trail. */
function resetRequestOutcomes(textup: TextUpServer): Array<{ username: string | null; outcome: string }> {
  const db = new Database(textup.databaseFile, { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    const rows = db
      .prepare("SELECT username, details FROM audit_events WHERE type = 'password_reset_requested' ORDER BY id")
      .all() as Array<{
      username: string | null
      details: string
    }>
    return rows.map((row) => ({ username: row.username, outcome: (JSON.parse(row.details) as { outcome: string }).outcome }))
  } finally {
    db.close()
  }
}

test.beforeEach(async ({ textup }) => {
  await textup.createUser(MICHELLE)
})

test('a person resets a forgotten password from the sign-in page, as the user guide describes', async ({
  page,
  textup,
  saveScreenshot,
}) => {
  // Eleven pages and states, each checked by axe (1-3 s apiece on two busy cores): over the 60 s default.
  test.slow()
  // Step 1: the "Forgot password" link on the sign-in page.
  await page.goto('/login')
  await expect(page).toHaveTitle('Sign in · TextUp')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to TextUp' })).toBeVisible()
  await expect(field(page, 'Username')).toBeFocused()
  await saveScreenshot('01-sign-in')
  await expectAccessible(page, '01-sign-in')
  await page.getByRole('link', { name: 'Forgot password' }).click()

  // Step 2: type in the username.
  await expect(page).toHaveURL(/\/forgot-password$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
  await expect(page.getByText('Type in your username.')).toBeVisible()
  await expect(field(page, 'Username')).toBeFocused()
  await saveScreenshot('02-forgot-password')
  await expectAccessible(page, '02-forgot-password')
  await page.keyboard.type(MICHELLE.username)
  await page.keyboard.press('Enter')

  await expect(page).toHaveURL(/\/forgot-password\/sent$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible()
  await expect(page.getByText('The link works once, for 1 hour.')).toBeVisible()
  // The other way on says what it does, rather than "Try again".
  await expect(page.getByRole('link', { name: 'Use a different username' })).toHaveAttribute('href', '/forgot-password')
  await saveScreenshot('03-check-your-email')
  await expectAccessible(page, '03-check-your-email')

  // Step 3: select the reset link in the email.
  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === RESET_SUBJECT)
  expect(email!.to).toEqual([MICHELLE.email])
  const link = await resetLinkFromEmail(textup, MICHELLE.email)
  const token = new URL(link).searchParams.get('token')!
  await page.goto(link)

  // The token leaves the address bar (history, bookmarks, screenshots, Referer).
  await expect(page).toHaveURL(`${textup.publicUrl}reset-password`)
  expect(page.url()).not.toContain(token)
  await expect(page).toHaveTitle('Choose a new password · TextUp')
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
  await expect(page.getByText(`Hello ${MICHELLE.name}.`)).toBeVisible()
  await expect(page.getByRole('main').getByText(MICHELLE.username, { exact: true })).toBeVisible()
  await expect(field(page, 'New password')).toBeFocused()
  await expect(page.getByText('At least 15 characters.')).toBeVisible()
  // The meter's text, not its copy for screen readers (visually hidden, updated 700 ms after typing stops).
  const strength = page.locator('.strength-text')
  await expect(strength).toBeHidden()
  await saveScreenshot('04-choose-new-password')
  await expectAccessible(page, '04-choose-new-password')

  // Step 4: type in a new password. The strength meter appears and explains a weak one…
  await field(page, 'New password').fill('short')
  await expect(strength).toBeVisible()
  await expect(strength).toHaveText(
    'Strength: Very weak. Use at least 15 characters (this has 5). A few unrelated words make a long password that is easy to remember.',
  )
  await expect(page.locator('.strength-bar')).toBeVisible()
  await saveScreenshot('05-choose-new-password-weak')
  await expectAccessible(page, '05-choose-new-password-weak')

  // …and approves a good one; the confirmation is checked as it is typed.
  await field(page, 'New password').fill(NEW_PASSWORD)
  await expect(strength).toHaveText('Strength: Strong.')
  await field(page, 'Confirm new password').fill(NEW_PASSWORD.slice(0, 5))
  await expect(page.getByText('The passwords match.')).toBeHidden()
  await field(page, 'Confirm new password').fill(NEW_PASSWORD.replace('finch', 'fence'))
  await expect(page.getByText('The passwords do not match.')).toBeVisible()
  await field(page, 'Confirm new password').fill(NEW_PASSWORD)
  await expect(page.getByText('The passwords match.')).toBeVisible()

  // "Show" (its visible text is its name, and it controls its field) reveals what was typed, and hides it again.
  const show = page.locator('button[aria-controls="newPassword"]')
  await expect(show).toHaveAccessibleName('Show')
  await show.click()
  await expect(field(page, 'New password')).toHaveAttribute('type', 'text')
  await expect(show).toHaveAttribute('aria-pressed', 'true')
  await expect(show).toHaveAccessibleName('Hide')
  await saveScreenshot('06-choose-new-password-strength-meter-shown')
  await expectAccessible(page, '06-choose-new-password-strength-meter-shown')
  await show.click()
  await expect(field(page, 'New password')).toHaveAttribute('type', 'password')
  await expect(show).toHaveAttribute('aria-pressed', 'false')
  await saveScreenshot('07-choose-new-password-strength-meter')

  await page.getByRole('button', { name: 'Reset password' }).click()

  // Then return to the sign-in page and sign in with the new credentials.
  await expect(page).toHaveURL(/\/login\?notice=password-reset$/)
  await expect(page.getByRole('status')).toHaveText('Your password has been reset. Sign in with your new password.')
  await saveScreenshot('08-sign-in-notice-password-reset')
  await expectAccessible(page, '08-sign-in-notice-password-reset')
  await signIn(page, MICHELLE.username, NEW_PASSWORD)

  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText(`Signed in as ${MICHELLE.username}`)
  const details = page.locator('dl')
  await expect(details).toContainText(`Name${MICHELLE.name}`)
  await expect(details).toContainText(`Username${MICHELLE.username}`)
  await expect(details).toContainText(`Email${MICHELLE.email}`)
  await saveScreenshot('09-account')
  await expectAccessible(page, '09-account')

  // Michelle is told by email that her password changed.
  const [changed] = await textup.smtp.waitFor((m) => m.subject === CHANGED_SUBJECT)
  expect(changed!.to).toEqual([MICHELLE.email])

  // Sign out, then the old password is refused.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/)
  await expect(page.getByRole('status')).toHaveText('You have signed out.')
  await saveScreenshot('10-sign-in-notice-signed-out')
  await signIn(page, MICHELLE.username, MICHELLE.password)
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS)
  // The error itself offers the way forward.
  await expect(page.getByRole('alert').getByRole('link', { name: 'Forgot password' })).toHaveAttribute('href', '/forgot-password')
  await expect(field(page, 'Username')).toHaveValue(MICHELLE.username)
  await expect(field(page, 'Password')).toHaveValue('')
  await saveScreenshot('11-sign-in-error-wrong-password')
  await expectAccessible(page, '11-sign-in-error-wrong-password')
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login$/)

  // The server's log never holds the token or a password.
  const log = textup.log()
  expect(log).toContain('"event":"server_started"')
  for (const secret of [token, MICHELLE.password, NEW_PASSWORD]) expect(log).not.toContain(secret)
})

test('an unknown username gets the same answer and no email is sent', async ({ page, textup }) => {
  await askForResetLink(page, 'nobody-by-this-name')
  const unknownAnswer = await page.getByRole('main').innerText()

  // A request for a real account afterwards is the control: the worker settles requests in order,
  // so once its email has arrived the unknown one has certainly been dealt with too.
  await askForResetLink(page, MICHELLE.username)
  expect(await page.getByRole('main').innerText(), 'the page must not tell whether the account exists').toBe(unknownAnswer)
  await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email))
  expect(resetRequestOutcomes(textup)).toEqual([
    { username: 'nobody-by-this-name', outcome: 'unknown_username' },
    { username: MICHELLE.username, outcome: 'email_queued' },
  ])
  // A little longer for a stray late email, then exactly the control email has been sent.
  await page.waitForTimeout(1_000)
  expect(textup.smtp.messages.map((m) => ({ to: m.to, subject: m.subject }))).toEqual([{ to: [MICHELLE.email], subject: RESET_SUBJECT }])
})

test('a link that has been used once shows "This link has already been used"', async ({ page, textup, saveScreenshot }) => {
  await askForResetLink(page, MICHELLE.username)
  const link = await resetLinkFromEmail(textup, MICHELLE.email)
  await page.goto(link)
  await chooseNewPassword(page, NEW_PASSWORD)
  await expect(page).toHaveURL(/\/login\?notice=password-reset$/)

  await page.goto(link)
  await expect(page).toHaveTitle('This link has already been used · TextUp')
  await expect(page.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible()
  await expect(page.getByText('Each link works only once.')).toBeVisible()
  await expect(field(page, 'New password')).toHaveCount(0)
  await saveScreenshot('12-link-already-used')
  await expectAccessible(page, '12-link-already-used')

  // The way forward is offered: a new link.
  await page.getByRole('link', { name: 'Get a new reset link' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
})

test('an expired link shows "This link has expired", also when it expires while the form is open', async ({
  page,
  textup,
  saveScreenshot,
}) => {
  await askForResetLink(page, MICHELLE.username)
  const link = await resetLinkFromEmail(textup, MICHELLE.email)
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()

  // The person takes too long before submitting.
  expireResetLinks(textup)
  await chooseNewPassword(page, NEW_PASSWORD)
  await expect(page.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible()
  // It says how long links last, so the next one is opened in time.
  await expect(page.getByText('For your safety, a link works for 1 hour after it is sent. To continue, ask for a new link.')).toBeVisible()

  // Opening the link from the email again says the same.
  await page.goto(link)
  await expect(page).toHaveTitle('This link has expired · TextUp')
  await expect(page.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Get a new reset link' })).toBeVisible()
  await saveScreenshot('13-link-expired')
  await expectAccessible(page, '13-link-expired')

  expect(await passwordWorks(page, MICHELLE.password), 'the old password still works').toBe(true)
  expect(await passwordWorks(page, NEW_PASSWORD)).toBe(false)
})

test('a mangled link, or none at all, says what to do', async ({ page, textup, saveScreenshot }) => {
  await askForResetLink(page, MICHELLE.username)
  const link = await resetLinkFromEmail(textup, MICHELLE.email)

  // Copied incompletely from the email.
  await page.goto(link.slice(0, -4))
  await expect(page).toHaveTitle('This link is not valid · TextUp')
  await expect(page.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible()
  await expect(page.getByText('The link may have been copied incompletely.')).toBeVisible()
  await saveScreenshot('14-link-invalid')
  await expectAccessible(page, '14-link-invalid')

  // The reset page without having opened a link (a bookmark, the back button after the fact).
  await page.goto('/reset-password')
  await expect(page.getByRole('heading', { level: 1, name: 'Open the link from your email' })).toBeVisible()
  await saveScreenshot('15-link-missing')
  await expectAccessible(page, '15-link-missing')

  // The real link still works afterwards.
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
})

test('a mismatched confirmation or a weak password is explained, and nothing changes', async ({ page, textup, saveScreenshot }) => {
  await askForResetLink(page, MICHELLE.username)
  await page.goto(await resetLinkFromEmail(textup, MICHELLE.email))

  // Two different passwords.
  await chooseNewPassword(page, NEW_PASSWORD, 'lantern meadow copper fincj')
  const summary = page.getByRole('alert')
  await expect(summary).toBeVisible()
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
  const mismatch = 'The two passwords do not match. Type the same new password in both fields.'
  await expect(summary.getByRole('link', { name: mismatch })).toBeVisible()
  await expect(summary, 'the summary takes focus so it is read out first').toBeFocused()
  await expect(field(page, 'Confirm new password')).toHaveAttribute('aria-invalid', 'true')
  await expect(field(page, 'Confirm new password')).toHaveAccessibleDescription(new RegExp(mismatch.replace(/\./g, '\\.')))
  await expect(field(page, 'New password')).not.toHaveAttribute('aria-invalid', 'true')
  // Passwords are never echoed back into the page.
  await expect(field(page, 'New password')).toHaveValue('')
  await expect(page).toHaveURL(`${textup.publicUrl}reset-password`)
  await saveScreenshot('16-choose-new-password-errors-mismatch')
  await expectAccessible(page, '16-choose-new-password-errors-mismatch')
  await summary.getByRole('link', { name: mismatch }).click()
  await expect(field(page, 'Confirm new password'), 'the summary link takes you to the field').toBeFocused()

  // Too short (and common), then predictable.
  await chooseNewPassword(page, 'short')
  await expect(summary.getByRole('link', { name: /^Use at least 15 characters \(this has 5\)\./ })).toBeVisible()
  await expect(summary.getByRole('link', { name: /^This is one of the most commonly used passwords/ })).toBeVisible()
  await expect(field(page, 'New password')).toHaveAttribute('aria-invalid', 'true')
  await expect(field(page, 'New password')).toHaveAccessibleDescription(/Use at least 15 characters \(this has 5\)\./)
  await saveScreenshot('17-choose-new-password-errors-policy')
  await expectAccessible(page, '17-choose-new-password-errors-policy')

  await chooseNewPassword(page, 'password1234567')
  await expect(summary.getByRole('link', { name: /^This password is too easy to guess\./ })).toBeVisible()

  // On a phone-sized screen too.
  await page.setViewportSize({ width: 375, height: 740 })
  await saveScreenshot('18-choose-new-password-errors-phone')

  // Nothing changed: the old password works, the new one does not, no "changed" email.
  expect(await passwordWorks(page, MICHELLE.password), 'the old password still works').toBe(true)
  expect(await passwordWorks(page, NEW_PASSWORD)).toBe(false)
  expect(textup.smtp.messages.map((m) => m.subject)).toEqual([RESET_SUBJECT])
})

test('empty forms say what is missing', async ({ page, saveScreenshot }) => {
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert').getByRole('link', { name: 'Enter your username.' })).toBeVisible()
  await expect(page.getByRole('alert').getByRole('link', { name: 'Enter your password.' })).toBeVisible()
  await expect(field(page, 'Username')).toHaveAttribute('aria-invalid', 'true')
  await saveScreenshot('19-sign-in-errors-empty')
  await expectAccessible(page, '19-sign-in-errors-empty')

  await page.getByRole('link', { name: 'Forgot password' }).click()
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('alert').getByRole('link', { name: 'Enter your username.' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
  await saveScreenshot('20-forgot-password-errors-empty')
  await expectAccessible(page, '20-forgot-password-errors-empty')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the whole reset works with plain HTML forms', async ({ page, textup, saveScreenshot }) => {
    await askForResetLink(page, MICHELLE.username)
    await page.goto(await resetLinkFromEmail(textup, MICHELLE.email))
    await expect(page).toHaveURL(`${textup.publicUrl}reset-password`)
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
    // No enhancement: no meter, no Show buttons; the policy is still spelled out.
    await expect(page.getByRole('button', { name: /^Show/ })).toHaveCount(0)
    await expect(page.getByText('At least 15 characters.')).toBeVisible()

    await chooseNewPassword(page, NEW_PASSWORD, 'lantern meadow copper fincj')
    await expect(page.getByRole('alert')).toContainText('The two passwords do not match.')
    await expect(page.getByText(/^Strength:/)).toBeHidden()
    await saveScreenshot('21-no-js-choose-new-password-errors')
    await expectAccessible(page, '21-no-js-choose-new-password-errors')

    await chooseNewPassword(page, NEW_PASSWORD)
    await expect(page.getByRole('status')).toHaveText('Your password has been reset. Sign in with your new password.')
    await signIn(page, MICHELLE.username, NEW_PASSWORD)
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
    await expect(page.locator('dl')).toContainText(MICHELLE.email)
  })
})
