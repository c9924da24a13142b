// A user's details after the design review (issue 16): the password form opens from a button and
// gives focus back when cancelled; "Sign out everywhere" on someone signed in nowhere is a neutral
// notice (and no audit event); a deactivated account says so in a banner with a Reactivate button,
// and its password cannot be changed until then; the New user dialog fits an 800 px window.
import { auditEvents } from '../helpers/db'
import { expect, test, WINDOW_SIZE } from './harness'
import {
  createPerson,
  ERIC,
  expectSignedIn,
  field,
  MICHELLE,
  notice,
  openPasswordPanel,
  openUserByKeyboard,
  signInToConsole,
} from './steps'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

test('the password form opens from its button and closes back to it; no sessions to end is not a success; a deactivated account looks deactivated', async ({
  consoleApp,
  textup,
  native,
  saveScreenshot,
}) => {
  test.slow()
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await openUserByKeyboard(page, 'Michelle', MICHELLE)
  const heading = page.getByRole('heading', { level: 1, name: MICHELLE.displayName })

  // Closed at first: a button, no form. Open it, type, cancel: focus is back on the button, and what
  // was typed is gone when it opens again.
  const panel = page.getByRole('region', { name: 'Change password' })
  const opener = panel.getByRole('button', { name: 'Change password…', exact: true })
  const own = field(page, 'Your password (eric)')
  await expect(opener).toBeEnabled()
  await expect(own).toHaveCount(0)
  await openPasswordPanel(page)
  await page.keyboard.type(ERIC.password)
  await panel.getByRole('button', { name: 'Cancel' }).click()
  await expect(own).toHaveCount(0)
  await expect(opener).toBeFocused()
  await openPasswordPanel(page)
  await expect(own).toHaveValue('')

  // Michelle is signed in nowhere: "Sign out everywhere" ends nothing, says so neutrally (not the
  // success tick) and leaves no audit event.
  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  const noSessions = page.locator('.toast').filter({ hasText: 'Michelle Obi was not signed in anywhere: there were no sessions to end.' })
  await expect(noSessions).toBeVisible()
  await expect(noSessions).toHaveClass(/\btoast-info\b/)
  await expect(noSessions).not.toHaveClass(/\btoast-success\b/)
  await expect(noSessions.locator('.toast-icon')).not.toHaveText('✓')
  expect(await auditEvents(textup.server.context.db, 'sessions_revoked')).toEqual([])

  // Deactivated (with the form open): the form closes, a banner says she cannot sign in, and the
  // password button is disabled with its reason as its description.
  native.chooseNext('deactivate')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  const banner = page.getByRole('region', { name: 'Deactivated — cannot sign in' })
  await expect(banner).toBeVisible()
  await expect(banner).toContainText('Michelle Obi cannot sign in, and no reset email can be sent, until the account is active again.')
  await expect(own).toHaveCount(0)
  await expect(opener).toBeDisabled()
  await expect(opener).toHaveAccessibleDescription('Reactivate the account to change its password.')
  await expect(panel.getByText('Reactivate the account to change its password.')).toBeVisible()
  await saveScreenshot('details-deactivated')
  await opener.click({ force: true })
  await expect(own).toHaveCount(0)

  // Reactivate: the account is active again, the banner goes, focus is on her name, the form opens again.
  await banner.getByRole('button', { name: 'Reactivate' }).click()
  await expect(notice(page, "Michelle Obi's account is active again.")).toBeVisible()
  await expect(banner).toHaveCount(0)
  await expect(heading).toBeFocused()
  await expect(page.getByRole('region', { name: 'Profile' })).toContainText('StatusActive')
  await expect(opener).toBeEnabled()
  await expect(opener).not.toHaveAttribute('aria-describedby')
  const updates = (await auditEvents(textup.server.context.db, 'user_updated')).map((event) => event.parsed.status)
  expect(updates).toEqual(['deactivated', 'active'])
  await openPasswordPanel(page)
})

test('the New user dialog with "Set a password now" fits an 800 px window: its body scrolls, its buttons stay in view', async ({
  consoleApp,
  textup,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await page.setViewportSize({ width: 1200, height: 800 })
  expect(WINDOW_SIZE).toEqual({ width: 1200, height: 800 })
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await dialog.getByRole('radio', { name: 'Set a password now' }).check()
  await expect(field(dialog, 'New password')).toBeVisible()

  const box = (await dialog.boundingBox())!
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height).toBeLessThanOrEqual(800)
  const create = dialog.getByRole('button', { name: 'Create user' })
  const heading = dialog.getByRole('heading', { name: 'New user' })
  await expect(create).toBeInViewport({ ratio: 1 })
  await expect(heading).toBeInViewport({ ratio: 1 })
  await saveScreenshot('new-user-dialog-1200x800')

  // The body is what scrolls: taller inside than it is shown, and scrolled to its end the heading
  // and the buttons are still where they were.
  const body = dialog.locator('.dialog-body')
  const scrolling = () =>
    body.evaluate((element) => {
      const { scrollHeight, clientHeight, scrollTop } = element as unknown as Scrollable
      return { scrollHeight, clientHeight, scrollTop }
    })
  const sizes = await scrolling()
  expect(sizes.scrollHeight).toBeGreaterThan(sizes.clientHeight)
  await body.evaluate((element) => (element as unknown as Scrollable).scrollTo({ top: 100_000 }))
  await expect.poll(async () => (await scrolling()).scrollTop).toBeGreaterThan(0)
  await expect(create).toBeInViewport({ ratio: 1 })
  await expect(heading).toBeInViewport({ ratio: 1 })
  await expect(field(dialog, 'Confirm new password')).toBeInViewport()
  // The window itself did not scroll to show any of it.
  expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0)
})

/** The few properties of an element in the page these checks read (the tests' TypeScript has no DOM types). */
interface Scrollable {
  scrollHeight: number
  clientHeight: number
  scrollTop: number
  scrollTo: (options: { top: number }) => void
}
