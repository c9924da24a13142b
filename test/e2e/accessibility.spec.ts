// The pages for people who zoom, use a phone, high contrast or reduced motion. Reflow (WCAG 1.4.10):
// at 320 CSS px wide (and at 640 px, what 200 % zoom of a 1280 px window gives) nothing scrolls
// sideways and no text is cut off. Forced colours (Windows High Contrast): focus rings, buttons'
// edges, the strength meter and the error summary stay visible; screenshots of it go to
// test-results/screenshots for review. Reduced motion: nothing moves for longer than 0.01 s.
import type { Page } from '@playwright/test'
import { expect, test, type TextUpServer } from './fixtures'
import { cutOffText, edgeOf, focusRing, longMotions, sidewaysScroll, strengthMeterShows } from '../helpers/layout'

const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }
const RESET_SUBJECT = 'Reset your TextUp password'

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

test.beforeEach(async ({ textup }) => {
  await textup.createUser(MICHELLE)
})

/**
 * Visits every main page in turn, states with errors and the strength meter included, and calls
 * `check` on each, named.
 */
async function visitMainPages(page: Page, textup: TextUpServer, check: (name: string) => Promise<void>) {
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check('sign-in-errors')

  await page.getByRole('link', { name: 'Forgot password' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot password' })).toBeVisible()
  await field(page, 'Username').fill(MICHELLE.username)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible()
  await check('check-your-email')

  const [email] = await textup.smtp.waitFor((m) => m.to.includes(MICHELLE.email) && m.subject === RESET_SUBJECT)
  await page.goto(email!.links.find((link) => link.includes('/reset-password?token='))!)
  await field(page, 'New password').fill('short')
  await field(page, 'Confirm new password').fill('shorter')
  await expect(page.locator('.strength-text')).toBeVisible()
  await check('choose-new-password-meter')
  await page.getByRole('button', { name: 'Reset password' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check('choose-new-password-errors')

  await page.goto('/login')
  await field(page, 'Username').fill(MICHELLE.username)
  await field(page, 'Password').fill(MICHELLE.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
  await check('account')
  await page.goto('/account/two-factor')
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await check('two-step-sign-in')
}

test('at 320 px and at 200 % zoom the pages reflow: nothing scrolls sideways, no text is cut off', async ({ page, textup }) => {
  test.slow()
  await visitMainPages(page, textup, async (name) => {
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 800 })
      expect(await sidewaysScroll(page), `${name} at ${width} px should not scroll sideways`).toBeLessThanOrEqual(width)
      expect(await cutOffText(page), `${name} at ${width} px should show all its text`).toEqual([])
    }
    await page.setViewportSize({ width: 1280, height: 800 })
  })
})

test('in forced colours (high contrast) focus, buttons, the strength meter and errors stay visible', async ({
  page,
  textup,
  saveScreenshot,
}) => {
  test.slow()
  await page.emulateMedia({ forcedColors: 'active' })
  await visitMainPages(page, textup, async (name) => {
    if (name === 'choose-new-password-meter')
      expect(await strengthMeterShows(page), 'the meter fill should differ from its track').toBe(true)
    if (name.endsWith('-errors')) {
      expect((await edgeOf(page.getByRole('alert'))).style, 'the error summary keeps its border').not.toBe('none')
    }
    // Every button has an edge, and each control shows its focus ring when reached with Tab.
    for (const button of await page.locator('main button:visible').all()) {
      const edge = await edgeOf(button)
      expect(edge.style, `${name}: the border of ${edge.element}`).not.toBe('none')
      expect(edge.width, `${name}: the border of ${edge.element}`).toBeGreaterThanOrEqual(1)
    }
    for (const control of await page.locator('main :is(a, button, input):visible').all()) {
      const ring = await focusRing(page, control)
      expect(ring, `${name}: the focus ring of ${(await edgeOf(control)).element}`).toMatchObject({ visible: true })
    }
    await saveScreenshot(`forced-colors-${name}`)
  })
})

test('with reduced motion nothing animates or transitions for longer than 0.01 s', async ({ page, textup }) => {
  test.slow()
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await visitMainPages(page, textup, async (name) => {
    expect(await longMotions(page), `${name}: animations and transitions`).toEqual([])
  })
})
