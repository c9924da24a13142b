// Michelle lost her phone, and with it her authenticator app. Eric opens her details, chooses More ›
// Remove second factor…, and the console asks for HIS OWN password in a dialog of its own (a native
// menu cannot ask for a password). Esc backs out; Michelle's password in his field is refused and
// changes nothing; his own removes her factor, signs her out everywhere and emails her, and her
// password alone then signs her in.
import { expect, test } from './harness'
import {
  createPerson,
  ERIC,
  expectSignedIn,
  field,
  MICHELLE,
  notice,
  openUserByKeyboard,
  outboxFor,
  signInOnPages,
  signInToConsole,
  stillSignedIn,
} from './steps'
import { expectAccessible } from '../helpers/axe'

const REMOVED_EMAIL = 'The second factor of your TextUp account was removed'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await textup.createUser({ ...MICHELLE, secondFactor: true })
})

test("Eric removes Michelle's lost authenticator from More, confirming with his own password", async ({
  consoleApp,
  textup,
  native,
  openBrowser,
  saveScreenshot,
}) => {
  // Several real argon2 checks, two sign-ins with a code, two browsers and an email: like the user
  // guide's stories, more than the default allowance on two shared cores.
  test.slow()
  const { page } = consoleApp

  // Michelle is still signed in at her own computer (her phone is what she lost).
  const michelle = await openBrowser()
  await signInOnPages(michelle, MICHELLE, MICHELLE.password)
  await expect(michelle.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  const emailsBefore = await outboxFor(textup, MICHELLE.email)

  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await page.keyboard.press('Control+F')
  await openUserByKeyboard(page, 'Michelle', MICHELLE)
  const more = page.getByRole('button', { name: 'More' })

  // The menu offers the removal for her (she has a factor), and choosing it opens the console's dialog.
  const dialog = page.getByRole('dialog', { name: "Remove Michelle Obi's second factor" })
  const own = field(dialog, 'Your password (eric)')
  native.chooseNext('remove-second-factor')
  await more.click()
  await expect(dialog).toBeVisible()
  expect(native.menus[0]?.items).toEqual([
    { id: 'send-reset', label: 'Send password reset email…', enabled: true },
    { id: 'revoke-sessions', label: 'Sign out of all sessions…', enabled: true },
    { id: 'remove-second-factor', label: 'Remove second factor…', enabled: true },
    { separator: true },
    { id: 'deactivate', label: 'Deactivate account…', enabled: true },
  ])
  expect(native.dialogs, 'the password is asked for in the window, not in a native dialog').toEqual([])
  await expect(dialog).toHaveAccessibleDescription(/this removes the authenticator app and 10 unused recovery codes\./)
  await expect(dialog.getByRole('group', { name: "Confirm it's you" })).toContainText('Signed in as Eric Mensah (eric)')
  await expect(own).toHaveAccessibleDescription("Your own password — the one you signed in with, not Michelle Obi's.")
  await expect(own).toBeFocused()
  await saveScreenshot('50-remove-second-factor-dialog')
  await expectAccessible(page, '50-remove-second-factor-dialog')

  // He starts typing, then changes his mind: Esc closes the dialog (and only the dialog), focus is
  // back on More, and nothing was sent.
  await page.keyboard.type('half a pass')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1, name: MICHELLE.displayName })).toBeVisible()
  await expect(more).toBeFocused()

  // Again, and this time he types MICHELLE's password, the mistake the field's hint warns about.
  native.chooseNext('remove-second-factor')
  await more.click()
  await expect(own).toBeFocused()
  await expect(own, 'what was typed before Esc is gone').toHaveValue('')
  await page.keyboard.type(MICHELLE.password)
  await page.keyboard.press('Enter')
  await expect(own).toHaveAttribute('aria-invalid', 'true')
  await expect(own).toHaveAccessibleDescription(
    /That is not your password \(eric\)\. Type the password you signed in with, not Michelle Obi's\./,
  )
  await expect(own).toBeFocused()
  await expect(dialog.getByRole('alert'), 'the message should be said once, on the field').toHaveCount(0)
  await saveScreenshot('51-remove-second-factor-wrong-password')
  await expectAccessible(page, '51-remove-second-factor-wrong-password')
  expect(await stillSignedIn(michelle), 'Michelle should still be signed in').toBe(true)
  expect(await outboxFor(textup, MICHELLE.email), 'no email should be queued for Michelle').toEqual(emailsBefore)

  // His own password (the field's text is selected, so typing replaces it), then Enter.
  await page.keyboard.type(ERIC.password)
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(
    notice(
      page,
      "Michelle Obi's second factor is removed (authenticator app and 10 recovery codes). They are signed out everywhere and will get an email about it.",
    ),
  ).toBeVisible()
  await expect(more).toBeFocused()
  await expect(
    page
      .getByRole('region', { name: 'Recent activity' })
      .getByRole('listitem')
      .filter({ hasText: /Second factor removed by an admin.*by eric/ }),
  ).toBeVisible()
  await saveScreenshot('52-remove-second-factor-done')
  await expectAccessible(page, '52-remove-second-factor-done')

  // Nothing is left to remove: the menu no longer offers it.
  native.dismissNextMenu()
  await more.click()
  await expect.poll(() => native.menus.length).toBe(3)
  expect(native.menus[2]?.items.map((item) => ('label' in item ? item.label : '—'))).not.toContain('Remove second factor…')

  // Michelle was signed out, is told by email who did it, and her password alone signs her in.
  expect(await stillSignedIn(michelle), "Michelle's session should have ended").toBe(false)
  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === REMOVED_EMAIL)
  expect(email?.text).toContain('by an administrator (Eric Mensah)')
  await signInOnPages(michelle, MICHELLE, MICHELLE.password)
  await expect(michelle.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
})
