// Every password field of the console has Show/Hide, as the pages do; the strength meter sits
// directly under its input, as wide as the field, with "Very weak" and "Weak" filled differently;
// and each message is said once, next to its field, about the text that is there.
import type { Locator } from '@playwright/test'
import { expect, test } from './harness'
import { caretOf, fillOf, METER_MARKUP, meterMarkup, partsOf, putCaret } from '../helpers/strength-meter'
import { createPerson, ERIC, expectSignedIn, field, MICHELLE, openPasswordPanel, openUserByKeyboard, signInToConsole } from './steps'

const STRONG = 'lantern meadow copper finch'

/** The Show/Hide button of a password field: the button that controls it. */
async function toggleOf(input: Locator): Promise<Locator> {
  const id = await input.getAttribute('id')
  return input.page().locator(`button[aria-controls="${id}"]`)
}

/** Show, then Hide: by mouse (focus and caret stay in the field), then by keyboard. */
async function expectShowHide(input: Locator, typed: string): Promise<void> {
  const toggle = await toggleOf(input)
  await expect(toggle).toHaveAccessibleName('Show')
  await expect(toggle).toHaveAttribute('type', 'button')
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await expect(input).toHaveAttribute('type', 'password')
  await input.fill(typed)
  // The caret after the second character: showing the password leaves it there.
  await putCaret(input, 2)
  await toggle.click()
  await expect(input).toHaveAttribute('type', 'text')
  await expect(toggle).toHaveAccessibleName('Hide')
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await expect(input).toBeFocused()
  expect(await caretOf(input)).toBe(2)
  await expect(input).toHaveValue(typed)
  // From the keyboard: Tab reaches the button, Space toggles it, and nothing is submitted.
  await input.press('Tab')
  await expect(toggle).toBeFocused()
  await input.page().keyboard.press('Space')
  await expect(input).toHaveAttribute('type', 'password')
  await expect(toggle).toHaveAccessibleName('Show')
  await input.page().keyboard.press('Enter')
  await expect(input).toHaveAttribute('type', 'text')
  await expect(toggle).toBeFocused()
  await input.page().keyboard.press('Enter')
  await expect(input).toHaveAttribute('type', 'password')
}

async function box(locator: Locator) {
  const found = await locator.boundingBox()
  expect(found, `${locator.toString()} should be on screen`).not.toBeNull()
  return found!
}

/** The meter of a new-password field: right under its input, as wide as the field. */
async function expectMeterUnder(input: Locator): Promise<Locator> {
  const fieldBox = input.locator('xpath=ancestor::div[contains(@class,"field")][1]')
  const meter = fieldBox.locator('.strength')
  const bar = meter.locator('.strength-bar')
  const row = await box(input.locator('xpath=..'))
  const barBox = await box(bar)
  const whole = await box(fieldBox)
  expect(barBox.y, 'the meter starts under the input').toBeGreaterThanOrEqual(row.y + row.height)
  expect(barBox.y - (row.y + row.height), 'nothing between the input and the meter').toBeLessThan(16)
  expect(barBox.width, 'the meter is as wide as its field').toBeGreaterThanOrEqual(whole.width - 1)
  return meter
}

test('sign-in, change password and the New user dialog: every password field has Show/Hide', async ({ consoleApp, textup }) => {
  test.slow()
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
  const { page } = consoleApp
  const password = field(page, 'Password')
  await expectShowHide(password, 'not yet')

  // Shown, then submitted: hidden again.
  await field(page, 'Server address').fill(textup.url)
  await field(page, 'Username').fill(ERIC.username)
  await password.fill('wrong password here')
  await (await toggleOf(password)).click()
  await expect(password).toHaveAttribute('type', 'text')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toContainText('The username or password is not right.')
  await expect(password).toHaveAttribute('type', 'password')
  await expect(await toggleOf(password)).toHaveAccessibleName('Show')

  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await page.keyboard.press('Control+F')
  await openUserByKeyboard(page, 'Michelle', MICHELLE)
  const panel = await openPasswordPanel(page)
  await expect(panel.getByRole('button', { name: 'Show' })).toHaveCount(3)
  for (const label of ['Your password (eric)', 'New password for Michelle Obi', 'Confirm new password'])
    await expectShowHide(field(panel, label), STRONG)

  await page.getByRole('button', { name: 'Back to users' }).click()
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await dialog.getByLabel('Set a password now').check()
  await expect(dialog.getByRole('button', { name: 'Show' })).toHaveCount(2)
  await expectShowHide(field(dialog, 'New password'), STRONG)
  await expectShowHide(field(dialog, 'Confirm new password'), STRONG)
})

test('the meter sits under its input, full width; Weak and Very weak differ; a refused own password keeps the new ones', async ({
  consoleApp,
  textup,
  saveScreenshot,
}) => {
  test.slow()
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await page.keyboard.press('Control+F')
  await openUserByKeyboard(page, 'Michelle', MICHELLE)
  const panel = await openPasswordPanel(page)
  const own = field(panel, 'Your password (eric)')
  const newPassword = field(panel, 'New password for Michelle Obi')
  const confirmation = field(panel, 'Confirm new password')

  await newPassword.fill('aaaa')
  const meter = await expectMeterUnder(newPassword)
  await expect(meter).toHaveAttribute('data-score', '0')
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: Very weak\. /)
  expect(await meterMarkup(meter), "the pages' markup").toEqual(METER_MARKUP)
  const veryWeak = await fillOf(meter)
  await saveScreenshot('meter-very-weak')
  await newPassword.fill('Xk9#mQ2vLp')
  await expect(meter).toHaveAttribute('data-score', '1')
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: Weak\. Use at least 15 characters \(this has 10\)/)
  const weak = await fillOf(meter)
  await saveScreenshot('meter-weak')
  expect(weak.width, 'Weak fills more than Very weak').toBeGreaterThan(veryWeak.width * 1.5)
  expect(weak.look, 'Weak is drawn differently from Very weak').not.toBe(veryWeak.look)

  // His password mistyped: refused; Michelle's new password stays in both fields, judged beside them.
  await own.fill(MICHELLE.password)
  await newPassword.fill(STRONG)
  await confirmation.fill(STRONG)
  await panel.getByRole('button', { name: "Change Michelle Obi's password" }).click()
  await expect(own).toHaveAttribute('aria-invalid', 'true')
  await expect(newPassword).toHaveValue(STRONG)
  await expect(confirmation).toHaveValue(STRONG)
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: (Good|Strong)\. This password meets the rules\.$/)
  await expectMeterUnder(newPassword)
  // Emptied and the same text pasted back at once: judged again, not left empty.
  await newPassword.fill('')
  await newPassword.fill(STRONG)
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: (Good|Strong)\. This password meets the rules\.$/)
})

test('the first-admin form says each policy problem once, and forgets it once the password changes', async ({ startConsole }) => {
  const { page } = await startConsole({ embedded: true })
  const form = page.locator('form')
  await field(page, 'Username').fill('eric')
  await field(page, 'Name').fill('Eric Mensah')
  await field(page, 'Email').fill('eric@example.org')
  const password = field(page, 'Password')
  await expect(await toggleOf(password)).toHaveAccessibleName('Show')
  await expect(await toggleOf(field(page, 'Confirm password'))).toHaveAccessibleName('Show')
  await password.fill('password123')
  await field(page, 'Confirm password').fill('password123')
  await expect(form.locator('.strength-text')).toHaveText(/Use at least 15 characters \(this has 11\)/)
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  // As on the pages: label, hint, errors (with the icon), then the input and the meter under it.
  const passwordField = form.locator('.field').filter({ has: password })
  expect(await partsOf(passwordField)).toEqual(['label', 'hint', 'field-errors', 'input-row', 'strength'])
  await expect(passwordField.locator('.field-errors li svg.error-icon').first()).toHaveAttribute('aria-hidden', 'true')

  // Each of the policy's messages once: as the field's error; the meter under it says only how strong.
  const text = (await form.innerText()).replace(/\s+/g, ' ')
  for (const message of ['Use at least 15 characters (this has 11).', 'one of the most commonly used passwords']) {
    expect(text.split(message).length - 1, `"${message}" should be said once`).toBe(1)
  }
  await expect(form.locator('.strength-text')).toHaveText(/^Strength: Very weak\.$/)
  await expect(password).toHaveAccessibleDescription(/Use at least 15 characters \(this has 11\)/)

  // He changes it: the error about the old text goes, and the meter judges what is there now.
  await password.fill('password1234')
  await expect(password).not.toHaveAttribute('aria-invalid')
  await expect(form.locator('.field-errors')).toHaveCount(0)
  await expect(form.locator('.strength-text')).toHaveText(/Use at least 15 characters \(this has 12\)/)
  await expect(form).not.toContainText('this has 11')
})
