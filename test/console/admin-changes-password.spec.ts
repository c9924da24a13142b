// The user guide's second half, first path ("Updating password"): Eric, the admin, signs in to the
// console, finds Michelle and changes her password after typing HIS OWN password, then hers twice.
// Typing Michelle's old password into the first field — the mistake the guide warns about — is
// refused and changes nothing. Michelle, signed in on the TextUp pages meanwhile, is signed out
// everywhere, her new password works and she is told by email.
import { expect, test } from './harness'
import {
  createPerson,
  EMAIL,
  ERIC,
  expectSignedIn,
  field,
  MICHELLE,
  openPasswordPanel,
  openUserByKeyboard,
  outboxFor,
  passwordWorks,
  signInOnPages,
  signInToConsole,
  stillSignedIn,
  usersGrid,
} from './steps'
import { expectAccessible } from '../helpers/axe'

const NEW_PASSWORD = 'lantern meadow copper finch'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

test("Eric changes Michelle's password with his own password, as the user guide describes", async ({
  consoleApp,
  textup,
  openBrowser,
  saveScreenshot,
}) => {
  // The whole user guide story (several real argon2 checks, two of them with a code, three browsers, an
  // email): about 50 s alone on two cores, over the 60 s default beside other tests. test.slow() triples it.
  test.slow()
  const { page } = consoleApp

  // Michelle is signed in on the TextUp pages at her own computer.
  const michelle = await openBrowser()
  await signInOnPages(michelle, MICHELLE, MICHELLE.password)
  await expect(michelle.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()

  // Eric signs in: server address, username, password.
  await expect(page).toHaveTitle('Sign in — TextUp Admin')
  await expect(field(page, 'Server address')).toBeFocused()
  await saveScreenshot('01-sign-in')
  await expectAccessible(page, '01-sign-in')
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await expect(page).toHaveTitle('Users — TextUp Admin')
  await expect(page.getByRole('status').filter({ hasText: '2 users.' })).toBeVisible()
  await expect(usersGrid(page).getByRole('row')).toHaveCount(3)
  await saveScreenshot('02-users-list')
  await expectAccessible(page, '02-users-list')

  // Ctrl+F from anywhere in the list goes to "Search users"; he finds Michelle and opens her with the keyboard.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('searchbox', { name: 'Search users' })).not.toBeFocused()
  await page.keyboard.press('Control+F')
  await openUserByKeyboard(page, 'Michelle', MICHELLE)
  await expect(page).toHaveTitle('Michelle Obi — TextUp Admin')
  const profile = page.getByRole('region', { name: 'Profile' })
  await expect(profile).toContainText(`Email${MICHELLE.email}`)
  await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Signed in')

  // "Change password…" opens the form; its first field is unmistakably Eric's own password.
  const panel = await openPasswordPanel(page)
  const own = field(page, 'Your password (eric)')
  const newPassword = field(page, 'New password for Michelle Obi')
  const confirmation = field(page, 'Confirm new password')
  await expect(panel.getByRole('group', { name: "Step 1: Confirm it's you" })).toContainText('Signed in as Eric Mensah (eric)')
  await expect(own).toHaveAccessibleDescription("Your own password — the one you signed in with, not Michelle Obi's.")
  await expect(panel.getByRole('group', { name: "Step 2: Michelle Obi's new password" })).toBeVisible()
  await saveScreenshot('03-user-details')
  await expectAccessible(page, '03-user-details')

  // He types MICHELLE's old password into it: refused, and the message is on that field.
  await own.fill(MICHELLE.password)
  await newPassword.fill(NEW_PASSWORD)
  await confirmation.fill(NEW_PASSWORD)
  await panel.getByRole('button', { name: "Change Michelle Obi's password" }).click()
  await expect(own).toHaveAttribute('aria-invalid', 'true')
  await expect(own).toHaveAccessibleDescription(
    /That is not your password \(eric\)\. Type the password you signed in with, not Michelle Obi's\./,
  )
  await expect(own).toBeFocused()
  await expect(panel.getByRole('alert'), 'the message should be said once, on the field').toHaveCount(0)
  await saveScreenshot('04-change-password-wrong-admin-password')
  await expectAccessible(page, '04-change-password-wrong-admin-password')

  // Nothing changed: Michelle is still signed in, her old password still works, no email is on its way.
  expect(await stillSignedIn(michelle), 'Michelle should still be signed in').toBe(true)
  expect(await passwordWorks(openBrowser, MICHELLE, MICHELLE.password), "Michelle's old password should still work").toBe(true)
  expect(await outboxFor(textup, MICHELLE.email), 'no email should be queued for Michelle').toEqual([])

  // Now his own password, and Michelle's new one twice, watching the strength meter.
  await own.fill(ERIC.password)
  // The meter's text is part of the field's description, so it is read out with the field.
  await newPassword.fill('michelle2024')
  await expect(newPassword).toHaveAccessibleDescription(
    /^Use at least 15 characters\. Strength: (Very weak|Weak)\. Use at least 15 characters \(this has 12\)/,
  )
  await saveScreenshot('05-change-password-meter-weak')
  await expectAccessible(page, '05-change-password-meter-weak')
  await newPassword.fill(NEW_PASSWORD)
  await confirmation.fill(NEW_PASSWORD)
  await expect(newPassword).toHaveAccessibleDescription(
    /^Use at least 15 characters\. Strength: (Strong|Very strong)\. This password meets the rules\.$/,
  )
  await expect(own).toHaveAttribute('aria-invalid', 'true') // until he submits again
  await saveScreenshot('06-change-password-meter-strong')
  await expectAccessible(page, '06-change-password-meter-strong')
  await confirmation.press('Enter')

  await expect(panel.getByText("Michelle Obi's password is changed.")).toBeVisible()
  await expect(
    page.getByRole('status').filter({ hasText: "Michelle Obi's password is changed. They are signed out everywhere" }),
  ).toBeVisible()
  // The form closed, its fields gone with what was typed in them; the button opens an empty one again.
  for (const gone of [own, newPassword, confirmation]) await expect(gone).toHaveCount(0)
  await expect(panel.getByRole('button', { name: 'Change password…' })).toBeVisible()
  await expect(profile).toContainText('PasswordLast changed')
  await expect(
    page
      .getByRole('region', { name: 'Recent activity' })
      .getByRole('listitem')
      .filter({ hasText: /Password changed.*by eric/ }),
  ).toBeVisible()
  await saveScreenshot('07-change-password-success')
  await expectAccessible(page, '07-change-password-success')

  // Michelle's browser session is gone, her old password fails and the new one works.
  expect(await stillSignedIn(michelle), "Michelle's old session should have ended").toBe(false)
  await expect(michelle).toHaveURL(/\/login$/)
  expect(await passwordWorks(openBrowser, MICHELLE, MICHELLE.password), 'the old password should fail').toBe(false)
  await signInOnPages(michelle, MICHELLE, NEW_PASSWORD)
  await expect(michelle.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()

  // She was told by email — once: the refused attempt sent nothing.
  const [changed] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === EMAIL.passwordChanged)
  expect(changed?.text).toMatch(/by an administrator/)
  expect(textup.smtp.to(MICHELLE.email).map((m) => m.subject)).toEqual([EMAIL.passwordChanged])
})
