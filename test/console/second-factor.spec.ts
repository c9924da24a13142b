// The console's code screen: after the password, an admin with a second factor types the code from
// their authenticator app or a recovery code, from the keyboard; and an admin without one, where
// admins must have one, is told where to set it up.
import { keptFactor } from '../helpers/second-factor'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, field, notice } from './steps'
import { expectAccessible } from '../helpers/axe'

test('Eric types a wrong code, then a recovery code: signed in, and told how many are left', async ({
  startConsole,
  textup,
  saveScreenshot,
}) => {
  await createPerson(textup, ERIC)
  const { page } = await startConsole()
  await field(page, 'Server address').fill(textup.url)
  await field(page, 'Username').fill(ERIC.username)
  await field(page, 'Password').fill(ERIC.password)
  await page.keyboard.press('Enter')

  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await expect(field(page, 'Code')).toBeFocused()
  await expect(field(page, 'Code')).toHaveAccessibleDescription(/you have 10 left/)
  await page.keyboard.type('000000')
  await page.keyboard.press('Enter')
  await expect(field(page, 'Code')).toHaveAccessibleDescription(/That code is not right\./)
  await expect(field(page, 'Code')).toBeFocused()
  await saveScreenshot('40-second-factor-wrong-code', page)
  await expectAccessible(page, '40-second-factor-wrong-code')

  const recoveryCode = keptFactor(textup, ERIC.username)?.recoveryCodes[0]
  if (!recoveryCode) throw new Error('Eric has no recovery code kept')
  await page.keyboard.type(recoveryCode)
  await page.keyboard.press('Enter')
  await expectSignedIn(page, ERIC)
  await expect(notice(page, 'You signed in with a recovery code. You have 9 recovery codes left.')).toBeVisible()
})

test('an admin without a second factor is told to set one up on the account page, which the console opens', async ({
  startConsole,
  textup,
  native,
}) => {
  await textup.createUser({
    username: ERIC.username,
    displayName: ERIC.displayName,
    email: ERIC.email,
    role: 'admin',
    password: ERIC.password,
    secondFactor: false,
  })
  const { page } = await startConsole()
  await field(page, 'Server address').fill(textup.url)
  await field(page, 'Username').fill(ERIC.username)
  await field(page, 'Password').fill(ERIC.password)
  await page.keyboard.press('Enter')
  const refusal = page.getByRole('alert').filter({ hasText: 'Set up two-step sign-in first.' })
  await expect(refusal).toContainText('Set up two-step sign-in first.')
  await expect(refusal).toContainText(`${textup.url}/account/two-factor`)
  await refusal.getByRole('button', { name: 'Open account page in browser' }).click()
  await expect(refusal.getByRole('status')).toHaveText('Opened in your web browser.')
  expect(native.opened).toEqual([`${textup.url}/account/two-factor`])
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toHaveCount(0)
})
