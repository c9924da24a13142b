// The user guide's second half, second path ("Sending a password reset email"): on Michelle's
// details Eric opens More, the native menu offers "Send password reset email…", a native dialog
// names the address it goes to, and Michelle chooses her own new password from the emailed link.
// The other More actions, and backing out of the menu or the dialog, are here too.
import { expect, test } from './harness'
import {
  chooseNewPasswordFromLink,
  createPerson,
  EMAIL,
  ERIC,
  expectSignedIn,
  linkIn,
  MICHELLE,
  notice,
  openUserByKeyboard,
  outboxFor,
  passwordWorks,
  signInOnPages,
  signInToConsole,
  stillSignedIn,
} from './steps'
import { expectAccessible } from '../helpers/axe'

const HER_OWN_PASSWORD = 'saffron kettle marble dawn'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

test('Eric sends Michelle a password reset email from More, and she uses the link', async ({
  consoleApp,
  textup,
  native,
  openBrowser,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  // View › Find User… (Ctrl/Cmd+F) from the application menu, with focus elsewhere.
  await page.keyboard.press('Tab')
  await consoleApp.menuCommand('find')
  await openUserByKeyboard(page, 'michelle@', MICHELLE)
  const more = page.getByRole('button', { name: 'More' })
  await expect(more).toHaveAttribute('aria-haspopup', 'menu')

  // He opens More and changes his mind: Esc closes the menu, nothing is sent.
  native.dismissNextMenu()
  await more.click()
  await expect.poll(() => native.menus.length).toBe(1)
  await expect(more).toHaveAttribute('aria-expanded', 'false')
  expect(native.menus[0]?.items).toEqual([
    { id: 'send-reset', label: 'Send password reset email…', enabled: true },
    { id: 'revoke-sessions', label: 'Sign out of all sessions…', enabled: true },
    { separator: true },
    { id: 'deactivate', label: 'Deactivate account…', enabled: true },
  ])

  // He chooses "Send password reset email…" but cancels the dialog: nothing is sent either.
  native.chooseNext('send-reset')
  native.confirmNext(false)
  await more.click()
  await expect.poll(() => native.dialogs.length).toBe(1)
  await expect(more).toHaveAttribute('aria-expanded', 'false')
  expect(await outboxFor(textup, MICHELLE.email), 'backing out should send nothing').toEqual([])
  await expect(page.getByRole('status').filter({ hasText: 'Password reset email sent' })).toHaveCount(0)

  // Then he sends it. The confirmation names the address it goes to.
  native.chooseNext('send-reset')
  native.confirmNext(true)
  await more.click()
  await expect(notice(page, `Password reset email sent to ${MICHELLE.email}.`)).toBeVisible()
  await expect(more).toBeFocused()
  await saveScreenshot('08-more-reset-email-sent')
  await expectAccessible(page, '08-more-reset-email-sent')
  for (const dialog of native.dialogs) {
    expect(dialog).toMatchObject({
      type: 'question',
      title: 'Send password reset email',
      message: `Send a password reset email to ${MICHELLE.email}?`,
      buttons: ['Send Email', 'Cancel'],
      defaultButton: 'Send Email',
    })
    expect(dialog.detail).toContain('Michelle Obi (michelle) will get a link to choose a new password.')
  }
  await expect(
    page
      .getByRole('region', { name: 'Recent activity' })
      .getByRole('listitem')
      .filter({ hasText: /Password reset email sent by an admin.*by eric/ }),
  ).toBeVisible()

  // The email arrives — one, from the one confirmed send — and Michelle chooses her own password with it.
  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === EMAIL.reset)
  expect(email?.text).toContain('An administrator sent you this link')
  expect(textup.smtp.to(MICHELLE.email)).toHaveLength(1)
  const michelle = await openBrowser()
  await chooseNewPasswordFromLink(michelle, linkIn(email!, '/reset-password'), HER_OWN_PASSWORD)
  await expect(michelle.getByRole('status')).toHaveText('Your password has been reset. Sign in with your new password.')
  await signInOnPages(michelle, MICHELLE, HER_OWN_PASSWORD)
  await expect(michelle.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  expect(await passwordWorks(openBrowser, MICHELLE, MICHELLE.password), 'the old password should no longer work').toBe(false)
})

test('Eric signs Michelle out everywhere from More, and the console says how many sessions ended', async ({
  consoleApp,
  textup,
  native,
  openBrowser,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  const michelle = await openBrowser()
  await signInOnPages(michelle, MICHELLE, MICHELLE.password)
  await signInToConsole(page, textup.url, ERIC)
  await openUserByKeyboard(page, 'Obi', MICHELLE)
  const more = page.getByRole('button', { name: 'More' })

  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await more.click()
  await expect(notice(page, 'Signed out of 1 session. Michelle Obi must sign in again.')).toBeVisible()
  expect(native.dialogs[0]).toMatchObject({
    type: 'warning',
    message: 'Sign Michelle Obi out everywhere?',
    buttons: ['Sign Out Everywhere', 'Cancel'],
    defaultButton: 'Cancel',
  })
  await saveScreenshot('09-more-sessions-ended')
  await expectAccessible(page, '09-more-sessions-ended')
  expect(await stillSignedIn(michelle), "Michelle's session should have ended").toBe(false)

  // Again, with nobody signed in: the console says there was nothing to end.
  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await more.click()
  await expect(notice(page, 'Michelle Obi was not signed in anywhere: there were no sessions to end.')).toBeVisible()
  await saveScreenshot('10-more-no-sessions')
  await expectAccessible(page, '10-more-no-sessions')
})
