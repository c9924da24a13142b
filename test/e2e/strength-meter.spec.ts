// The pages' strength meter is the console's (src-shared/strength-meter.ts and .css): the same
// markup, five levels that differ in fill and look (Weak is not Very weak in another colour), as
// wide as its field, right under the input; field errors carry the same icon as the console's.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { fillOf, METER_MARKUP, meterMarkup, partsOf } from '../helpers/strength-meter'

const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

test('the meter has the console markup and five levels, full width under its input', async ({ page, textup }) => {
  await textup.createUser(MICHELLE)
  await page.goto('/login')
  await field(page, 'Username').fill(MICHELLE.username)
  await field(page, 'Password').fill(MICHELLE.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()

  const input = field(page, 'New password')
  const meter = page.locator('[data-strength-for="newPassword"]')
  await expect(meter).toBeHidden()
  await input.fill('aaaa')
  await expect(meter).toHaveAttribute('data-score', '0')
  await expect(meter).toHaveAttribute('data-level', 'very-weak')
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: Very weak\. Use at least/)
  expect(await meterMarkup(meter)).toEqual(METER_MARKUP)
  const veryWeak = await fillOf(meter)

  await input.fill('Xk9#mQ2vLp')
  await expect(meter).toHaveAttribute('data-score', '1')
  await expect(meter).toHaveAttribute('data-level', 'weak')
  const weak = await fillOf(meter)
  expect(weak.width, 'Weak fills more than Very weak').toBeGreaterThan(veryWeak.width * 1.5)
  expect(weak.look, 'Weak is drawn differently from Very weak').not.toBe(veryWeak.look)

  await input.fill('lantern meadow copper finch')
  await expect(meter).toHaveAttribute('data-level', /^(good|strong)$/)
  await expect(meter.locator('.strength-text')).toHaveText(/^Strength: (Good|Strong)\.$/)
  expect((await fillOf(meter)).width).toBeGreaterThan(weak.width)

  // Right under the input (and its Show button), as wide as the field.
  const row = (await input.locator('xpath=..').boundingBox())!
  const bar = (await meter.locator('.strength-bar').boundingBox())!
  const whole = (await meter.locator('xpath=..').boundingBox())!
  expect(bar.y).toBeGreaterThanOrEqual(row.y + row.height)
  expect(bar.y - (row.y + row.height)).toBeLessThan(16)
  expect(bar.width).toBeGreaterThanOrEqual(whole.width - 1)

  // Emptied: no meter.
  await input.fill('')
  await expect(meter).toBeHidden()
})

test('a field error sits between the hint and the input, with the icon', async ({ page }) => {
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  const username = page.locator('.field').filter({ has: field(page, 'Username') })
  const order = await partsOf(username)
  expect(order.indexOf('field-errors'), `errors before the input: ${order.join(', ')}`).toBeLessThan(
    Math.max(order.indexOf('input'), order.indexOf('input-row')),
  )
  expect(order.indexOf('field-errors')).toBeGreaterThan(order.indexOf('label'))
  const icon = username.locator('.field-errors li svg.error-icon')
  await expect(icon).toHaveAttribute('aria-hidden', 'true')
  await expect(username.locator('.field-errors')).not.toContainText('!')
})
