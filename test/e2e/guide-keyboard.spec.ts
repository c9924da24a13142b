// The user guide's first half ("Resetting a forgotten password", docs/user-guide.md) with the
// keyboard only: no mouse event at all, and no field filled in from outside — every character is
// typed where focus is, every control reached with Tab. After every step and every error, focus is
// where the person needs it and they can see it. With DOCS_SCREENSHOTS=1 the run also takes the
// guide's pictures (test/helpers/guide-screenshots.ts).
import type { Page } from '@playwright/test'
import { guideScreenshot, PAGES_VIEWPORT } from '../helpers/guide-screenshots'
import { expectKeyboardFocus, expectReadingFocusOn, expectVisibleFocusOn, tabTo } from '../helpers/keyboard-focus'
import { expect, test, type TextUpServer } from './fixtures'

// The same person as the guide and password-reset.spec.ts; nothing random shows in the pictures.
const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }
const TOO_SHORT = 'michelle2024'
const NEW_PASSWORD = 'lantern meadow copper finch'
const RESET_SUBJECT = 'Reset your TextUp password'
/** How the email's link reads in the guide's picture: the real one carries a one-time code and a test port. */
const SHOWN_LINK = 'https://textup.example.org/reset-password?token=…'

test.use({ viewport: PAGES_VIEWPORT, timezoneId: 'UTC' })

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

/** Enter on a form control that submits: waits for the page the server answers with. */
async function pressEnterAndLoad(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load')
  await page.keyboard.press('Enter')
  await loaded
}

/** Shows the email as a mail program would, the link's address text made stable for the picture (its href stays real). */
async function openEmail(page: Page, textup: TextUpServer): Promise<void> {
  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === RESET_SUBJECT)
  const link = email!.links.find((candidate) => candidate.includes('/reset-password?token='))
  expect(link, 'the email should carry a reset link').toBeDefined()
  expect(email!.html).toContain(`href="${link!}"`)
  const shown = email!.html.split(`href="${link!}"`).map((part) => part.split(link!).join(SHOWN_LINK))
  // A blank document of its own, as a mail program shows it: not under the TextUp page's CSP.
  await page.goto('about:blank')
  await page.setContent(shown.join(`href="${link!}"`))
}

test.beforeEach(async ({ textup }) => {
  await textup.createUser(MICHELLE)
})

test('a person resets a forgotten password with the keyboard only, and can always see where focus is', async ({ page, textup }) => {
  // Two argon2 hashes, the strength estimator's dictionaries and a real email: slow on a busy machine.
  test.slow()
  // Sign-in page: focus starts in Username; Tab leads through the form to "Forgot password".
  await page.goto('/login')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to TextUp' })).toBeVisible()
  await expectVisibleFocusOn(field(page, 'Username'))
  await tabTo(page.getByRole('link', { name: 'Forgot password' }))
  await expectKeyboardFocus(page)
  await guideScreenshot(page, 'sign-in-forgot-password')
  await pressEnterAndLoad(page)

  // Forgot password: Username has focus; type it and press Enter.
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
  await expectVisibleFocusOn(field(page, 'Username'))
  await page.keyboard.type(MICHELLE.username)
  await guideScreenshot(page, 'forgot-password')
  await pressEnterAndLoad(page)

  // Check your email: nothing to fill in; the first Tab reaches "Back to sign in", visibly.
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible()
  await expect(page.getByText('The link works once, for 1 hour.')).toBeVisible()
  await guideScreenshot(page, 'check-your-email')
  await tabTo(page.getByRole('link', { name: 'Back to sign in' }), { max: 3 })

  // The email: Tab to its button, Enter opens the link.
  await openEmail(page, textup)
  await expect(page.getByText(`Hello ${MICHELLE.name},`)).toBeVisible()
  await tabTo(page.getByRole('link', { name: 'Choose a new password' }), { max: 1 })
  await guideScreenshot(page, 'reset-email')
  await pressEnterAndLoad(page)

  // Choose a new password: focus is in "New password". First a password that is too short.
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
  const newPassword = field(page, 'New password')
  const confirmation = field(page, 'Confirm new password')
  await expectVisibleFocusOn(newPassword)
  await expect(page.getByText('At least 15 characters.', { exact: false })).toBeVisible()
  await guideScreenshot(page, 'choose-new-password')
  await page.keyboard.type(TOO_SHORT)
  await tabTo(confirmation, { max: 2 }) // past "Show"
  await page.keyboard.type(TOO_SHORT)
  await pressEnterAndLoad(page)

  // The page comes back with the problem: focus is on the summary, which says what to fix.
  const summary = page.locator('.error-summary')
  await expect(summary).toContainText('There is a problem')
  await expect(summary).toContainText('Use at least 15 characters (this has 12).')
  await expectVisibleFocusOn(summary)
  await guideScreenshot(page, 'choose-new-password-problem')

  // The summary's link takes focus to the field it is about.
  await tabTo(summary.getByRole('link').first(), { max: 1 })
  await page.keyboard.press('Enter')
  await expectVisibleFocusOn(newPassword)
  await expect(newPassword).toHaveAttribute('aria-invalid', 'true')
  await expectKeyboardFocus(page)

  // A long password of unrelated words, typed twice; the meter says it is strong.
  await page.keyboard.type(NEW_PASSWORD)
  await tabTo(confirmation, { max: 2 })
  await page.keyboard.type(NEW_PASSWORD)
  await expect(page.locator('.strength-text')).toHaveText(/^Strength: (Good|Strong)\.$/)
  await expect(page.getByText('The passwords match.')).toBeVisible()
  await guideScreenshot(page, 'choose-new-password-typed')
  await pressEnterAndLoad(page)

  // Back on the sign-in page, told it worked; focus is in Username again.
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByRole('status')).toHaveText('Your password has been reset. Sign in with your new password.')
  await expectVisibleFocusOn(field(page, 'Username'))
  await guideScreenshot(page, 'password-reset-done')

  // Sign in with the new password: username, Tab, password, Enter.
  await page.keyboard.type(MICHELLE.username)
  await tabTo(field(page, 'Password'), { max: 1 })
  await page.keyboard.type(NEW_PASSWORD)
  await guideScreenshot(page, 'sign-in')
  await pressEnterAndLoad(page)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  // Nothing on the account page is out of reach: the first Tab lands on a control, visibly.
  await page.keyboard.press('Tab')
  await expectKeyboardFocus(page)
  const focused = page.locator(':focus')
  await expectVisibleFocusOn(focused)
})

test('a wrong username or password on the sign-in page puts focus on the message, and Tab leads back to the fields', async ({ page }) => {
  test.slow()
  await page.goto('/login')
  await expectVisibleFocusOn(field(page, 'Username'))
  await page.keyboard.type(MICHELLE.username)
  await tabTo(field(page, 'Password'), { max: 1 })
  await page.keyboard.type('not her password at all')
  await pressEnterAndLoad(page)

  const message = page.getByRole('alert').filter({ hasText: 'The username or password is not right.' })
  await expectVisibleFocusOn(message)
  await expectReadingFocusOn(message)
  // The username is kept; Tab reaches it, then the password to type again.
  await tabTo(field(page, 'Username'), { max: 2 })
  await expect(field(page, 'Username')).toHaveValue(MICHELLE.username)
  await tabTo(field(page, 'Password'), { max: 1 })
  await page.keyboard.type(MICHELLE.password)
  await pressEnterAndLoad(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
})
