// Eric adds a person with the "New user" dialog (they get an emailed invitation to choose their
// own password) and later deactivates the account from More: they are signed out and cannot sign
// in any more.
import { expect, test } from './harness'
import {
  chooseNewPasswordFromLink,
  createPerson,
  EMAIL,
  ERIC,
  expectSignedIn,
  field,
  linkIn,
  notice,
  signInOnPages,
  signInToConsole,
  stillSignedIn,
  userRow,
  type Person,
} from './steps'
import { expectAccessible } from '../helpers/axe'

const NADIA: Person = {
  username: 'nadia',
  displayName: 'Nadia Haddad',
  email: 'nadia@example.org',
  password: 'violet harbour tram season',
  role: 'user',
}

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
})

test('Eric creates a user with an invitation, then deactivates the account', async ({
  consoleApp,
  textup,
  native,
  openBrowser,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  const newUserButton = page.getByRole('button', { name: 'New user' })
  const dialog = page.getByRole('dialog', { name: 'New user' })

  // File › New User… opens the dialog; Esc closes it and focus goes back where it was.
  await newUserButton.focus()
  await consoleApp.menuCommand('new-user')
  await expect(dialog).toBeVisible()
  await expect(field(dialog, 'Username')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(newUserButton).toBeFocused()

  // The button opens it too. Nothing filled in: every field says what it needs.
  await newUserButton.click()
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('radio', { name: 'User' })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'Email an invitation to choose a password' })).toBeChecked()
  await saveScreenshot('11-create-user-dialog')
  await expectAccessible(page, '11-create-user-dialog')
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(field(dialog, 'Username')).toBeFocused()
  await expect(field(dialog, 'Username')).toHaveAccessibleDescription(/Enter a username\./)
  await expect(field(dialog, 'Name')).toHaveAccessibleDescription(/Enter their name\./)
  await expect(field(dialog, 'Email')).toHaveAccessibleDescription(/Enter their email address\./)
  await saveScreenshot('12-create-user-errors-empty')
  await expectAccessible(page, '12-create-user-errors-empty')

  // A username that is taken is refused by the server, on that field.
  await field(dialog, 'Username').fill(ERIC.username)
  await field(dialog, 'Name').fill(NADIA.displayName)
  await field(dialog, 'Email').fill(NADIA.email)
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(field(dialog, 'Username')).toHaveAccessibleDescription(/That username is already taken\./)
  await expect(dialog.getByRole('alert')).toHaveCount(0)
  await expect(field(dialog, 'Username')).toBeFocused()
  await saveScreenshot('13-create-user-error-username-taken')
  await expectAccessible(page, '13-create-user-error-username-taken')

  // "Set a password now" shows the new password fields with the meter; he switches back to the invitation.
  await dialog.getByRole('radio', { name: 'Set a password now' }).check()
  await field(dialog, 'New password').fill('nadia')
  await expect(field(dialog, 'New password')).toHaveAccessibleDescription(/Strength: Very weak\./)
  await saveScreenshot('14-create-user-set-password')
  await expectAccessible(page, '14-create-user-set-password')
  await dialog.getByRole('radio', { name: 'Email an invitation to choose a password' }).check()
  await expect(field(dialog, 'New password')).toHaveCount(0)

  await field(dialog, 'Username').fill(NADIA.username)
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(dialog).toBeHidden()
  await expect(
    notice(page, `Created Nadia Haddad (nadia). An invitation to choose a password was emailed to ${NADIA.email}.`),
  ).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: NADIA.displayName })).toBeFocused()
  await expect(page.getByRole('region', { name: 'Profile' })).toContainText('PasswordHas not chosen a password yet')
  await saveScreenshot('15-user-created')
  await expectAccessible(page, '15-user-created')

  // The invitation arrives; Nadia chooses her password and signs in on the TextUp pages.
  const [invitation] = await textup.smtp.waitFor((m) => m.to.includes(NADIA.email) && m.subject === EMAIL.invitation)
  const nadia = await openBrowser()
  await chooseNewPasswordFromLink(nadia, linkIn(invitation!, '/welcome'), NADIA.password, 'Set password')
  await signInOnPages(nadia, NADIA, NADIA.password)
  await expect(nadia.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()

  // Back in the list (Esc), she is there.
  await page.keyboard.press('Escape')
  await expect(userRow(page, NADIA.username)).toContainText('Active')
  await expect(page.getByRole('status').filter({ hasText: '2 users.' })).toBeVisible()

  // Deactivate from More: a warning dialog whose default button is Cancel.
  await userRow(page, NADIA.username).click()
  await expect(page.getByRole('heading', { level: 1, name: NADIA.displayName })).toBeVisible()
  native.chooseNext('deactivate')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(notice(page, "Nadia Haddad's account is deactivated. They cannot sign in until it is activated again.")).toBeVisible()
  expect(native.dialogs[0]).toMatchObject({
    type: 'warning',
    title: 'Deactivate account',
    message: "Deactivate Nadia Haddad's account?",
    buttons: ['Deactivate', 'Cancel'],
    defaultButton: 'Cancel',
  })
  const header = page.getByRole('main').locator('header')
  await expect(header).toContainText('Deactivated')
  await expect(header).not.toContainText('Active')
  await saveScreenshot('16-user-deactivated')
  await expectAccessible(page, '16-user-deactivated')

  // Her session ended and she cannot sign in again.
  expect(await stillSignedIn(nadia), "Nadia's session should have ended").toBe(false)
  await signInOnPages(nadia, NADIA, NADIA.password)
  await expect(nadia.getByRole('alert')).toHaveText('This account has been deactivated. Contact your administrator.')

  // More now offers to activate the account, and no reset email for a deactivated account.
  native.dismissNextMenu()
  await page.getByRole('button', { name: 'More' }).click()
  await expect.poll(() => native.menus.length).toBe(2)
  expect(native.menus[1]?.items).toEqual([
    { id: 'send-reset', label: 'Send password reset email…', enabled: false },
    { id: 'revoke-sessions', label: 'Sign out of all sessions…', enabled: true },
    { separator: true },
    { id: 'activate', label: 'Activate account', enabled: true },
  ])

  // The list shows the new status.
  await page.getByRole('button', { name: 'Back to users' }).click()
  await expect(userRow(page, NADIA.username)).toContainText('Deactivated')
  await saveScreenshot('17-users-list-deactivated')
  await expectAccessible(page, '17-users-list-deactivated')
})
