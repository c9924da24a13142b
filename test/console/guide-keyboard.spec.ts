// The user guide's admin half ("For admins", docs/user-guide.md) with the keyboard only: Eric signs
// in to the console, finds Michelle, opens her details, changes her password after confirming with
// his own (first mistyped, as the guide warns), then sends her a reset email from More. No mouse
// event and no field filled in from outside: every character is typed where focus is, every control
// reached with Tab. After every step and every error, focus is where Eric needs it and he can see it.
// The native More menu and its dialog are Electron's (scripted by ScriptedNativeUi here): what is
// checked is reaching and pressing More by keyboard, and what comes of it.
// With DOCS_SCREENSHOTS=1 the run also takes the guide's pictures (test/helpers/guide-screenshots.ts).
import { testClock } from '../helpers/clock'
import { guideScreenshot, GUIDE_TIME, takingGuideScreenshots } from '../helpers/guide-screenshots'
import { expectKeyboardFocus, expectReadingFocusOn, expectVisibleFocusOn, tabTo } from '../helpers/keyboard-focus'
import { freshCode } from '../helpers/second-factor'
import { startTestServer } from '../helpers/test-server'
import { expect, test as base } from './harness'
import { createPerson, EMAIL, ERIC, field, MICHELLE, notice, openPasswordPanel, selectedRow, usersGrid } from './steps'

const NEW_PASSWORD = 'lantern meadow copper finch'
/** Where the server listens while the pictures are taken: the address in them reads the same every time. */
const SCREENSHOT_PORT = '8080'
/**
 * What the pictures after a change leave out, because its content depends on timing rather than
 * on the step: the activity list (whether the server's background delivery of an email was logged
 * before the list was fetched), and notices from an earlier step (they disappear after 6 seconds).
 */
const ACTIVITY = 'ol.events'
const EARLIER_NOTICES = '.toast:not(:last-child)'
const ALL_NOTICES = '.toast'

// The server's clock stands still at GUIDE_TIME (and moves only when a test moves it), so the dates
// the console shows are the same on every run; the console window's clock is set to the same time.
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern
  textup: async ({}, use) => {
    const textup = await startTestServer({
      clock: testClock(GUIDE_TIME),
      env: takingGuideScreenshots() ? { PORT: SCREENSHOT_PORT } : {},
    })
    try {
      await use(textup)
    } finally {
      await textup.close()
    }
  },
})

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

test("Eric changes Michelle's password and sends her a reset email with the keyboard only, always seeing where focus is", async ({
  consoleApp,
  textup,
  native,
}) => {
  // Several argon2 checks, the strength estimator and an email, on a machine shared with other tests.
  test.slow()
  const { page } = consoleApp
  await page.clock.setFixedTime(GUIDE_TIME)

  // Sign in: focus starts in "Server address"; Tab from field to field, Enter signs in.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expectVisibleFocusOn(field(page, 'Server address'))
  await page.keyboard.type(textup.url)
  await tabTo(field(page, 'Username'), { max: 1 })
  await page.keyboard.type(ERIC.username)
  await tabTo(field(page, 'Password'), { max: 1 })
  await page.keyboard.type(ERIC.password)
  await guideScreenshot(page, 'console-sign-in')
  await page.keyboard.press('Enter')

  // Two-step sign-in: the code from his authenticator app goes where focus already is.
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await expectVisibleFocusOn(field(page, 'Code'))
  // Pictured before the code is typed: codes change every 30 seconds.
  await guideScreenshot(page, 'console-two-step-sign-in')
  await page.keyboard.type(await freshCode(textup, ERIC.username))
  await page.keyboard.press('Enter')

  // The users list: focus is in "Search users". He types part of Michelle's name.
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()
  const search = page.getByRole('searchbox', { name: 'Search users' })
  await expectVisibleFocusOn(search)
  await expect(usersGrid(page).getByRole('row')).toHaveCount(3)
  await page.keyboard.type('Michelle')
  await expect(page.getByRole('status').filter({ hasText: 'matches "Michelle"' })).toBeVisible()
  // ↓ moves into the list, on the first match; Enter opens it.
  await page.keyboard.press('ArrowDown')
  await expectVisibleFocusOn(usersGrid(page))
  await expect(selectedRow(page)).toContainText(MICHELLE.displayName)
  await guideScreenshot(page, 'console-find-user')
  await page.keyboard.press('Enter')

  // Her details: focus is on her name, read first; Tab goes on to More, then to the password panel.
  const heading = page.getByRole('heading', { level: 1, name: MICHELLE.displayName })
  await expectReadingFocusOn(heading)
  await expect(page.getByRole('region', { name: 'Profile' })).toContainText(`Email${MICHELLE.email}`)
  await guideScreenshot(page, 'console-user-details')
  const more = page.getByRole('button', { name: 'More' })
  await tabTo(more, { max: 1 })

  // Change password: Tab reaches "Change password…" (after the email language), Enter opens the form with focus in its
  // first field. He types MICHELLE's old password into it: the guide's mistake.
  await tabTo(page.getByRole('button', { name: 'Change password…' }))
  const panel = await openPasswordPanel(page, { keyboard: true })
  const own = field(page, 'Your password (eric)')
  const newPassword = field(page, 'New password for Michelle Obi')
  const confirmation = field(page, 'Confirm new password')
  await expectVisibleFocusOn(own)
  await page.keyboard.type(MICHELLE.password)
  await tabTo(newPassword, { max: 2 })
  await page.keyboard.type(NEW_PASSWORD)
  await tabTo(confirmation, { max: 2 })
  await page.keyboard.type(NEW_PASSWORD)
  await expect(newPassword).toHaveAccessibleDescription(/Strength: (Strong|Very strong)\. This password meets the rules\.$/)
  await page.keyboard.press('Enter')

  // Refused: focus is back on his own password, with the message on it and the text selected to retype.
  await expect(own).toHaveAttribute('aria-invalid', 'true')
  await expect(own).toHaveAccessibleDescription(/That is not your password \(eric\)\./)
  await expectVisibleFocusOn(own)
  await expectKeyboardFocus(page)
  await guideScreenshot(page, 'console-change-password-wrong-own-password')

  // He types his own password over it; Michelle's new password is still in its two fields.
  await page.keyboard.type(ERIC.password)
  await expect(newPassword).toHaveValue(NEW_PASSWORD)
  await expect(confirmation).toHaveValue(NEW_PASSWORD)
  await guideScreenshot(page, 'console-change-password')
  await page.keyboard.press('Enter')

  // Done: the form closes and focus moves to the confirmation (the fields went from under it).
  const changed = panel.getByText("Michelle Obi's password is changed.")
  await expectReadingFocusOn(changed)
  await expect(own).toHaveCount(0)
  await expect(newPassword).toHaveCount(0)
  await guideScreenshot(page, 'console-password-changed', { hide: [ACTIVITY] })

  // More, reached backwards with Shift+Tab. Space opens the menu; Esc closes it, and focus is still on More.
  await tabTo(more, { backwards: true })
  native.dismissNextMenu()
  await page.keyboard.press('Space')
  await expect.poll(() => native.menus.length).toBe(1)
  await expect(more).toHaveAttribute('aria-expanded', 'false')
  await expectVisibleFocusOn(more)
  expect(native.menus[0]?.items[0]).toEqual({ id: 'send-reset', label: 'Send password reset email…', enabled: true })
  await guideScreenshot(page, 'console-more', { hide: [ACTIVITY, ALL_NOTICES] })

  // Enter opens it again; he chooses "Send password reset email…" and confirms the address.
  native.chooseNext('send-reset')
  native.confirmNext(true)
  await page.keyboard.press('Enter')
  await expect(notice(page, `Password reset email sent to ${MICHELLE.email}.`)).toBeVisible()
  expect(native.dialogs[0]).toMatchObject({
    message: `Send a password reset email to ${MICHELLE.email}?`,
    buttons: ['Send Email', 'Cancel'],
    defaultButton: 'Send Email',
  })
  await expectVisibleFocusOn(more)
  await expectKeyboardFocus(page)
  await guideScreenshot(page, 'console-reset-email-sent', { hide: [ACTIVITY, EARLIER_NOTICES] })

  // The email arrives, saying an admin sent it.
  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === EMAIL.reset)
  expect(email?.text).toContain('An administrator sent you this link')
  expect(email?.links.some((link) => new URL(link).pathname === '/reset-password')).toBe(true)
})
