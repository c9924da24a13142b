// The console for admins who zoom, use a small window, high contrast or reduced motion. Reflow
// (WCAG 1.4.10): at 320 CSS px wide (and 640 px, 200 % zoom of a 1280 px window) nothing runs off
// sideways and no text is cut off. Forced colours: focus rings, buttons' edges, the strength meter
// and the message icons stay visible; screenshots go to test-results/screenshots for review.
// Reduced motion: the spinner, the toasts and everything else stop moving. Plus axe on the
// "Starting" screen, which the other specs pass too quickly to check.
import type { Page } from '@playwright/test'
import { expectAccessible } from '../helpers/axe'
import { coloursOf, cutOffText, edgeOf, focusRing, longMotions, sidewaysScroll, strengthMeterShows } from '../helpers/layout'
import { expect, test, type ConsoleWindow, type ScriptedNativeUi } from './harness'
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
import type { TestServer } from '../helpers/test-server'

/**
 * The users list's cells end in "…" when a value is longer than its column, at every window size,
 * by design: each value is shown in full on the person's details screen, and the cell's whole text
 * is its accessible name. They are the one place text may be cut.
 */
const GRID_CELLS = '[role="gridcell"], [role="columnheader"]'

interface Visit {
  startConsole: (options?: { embedded?: boolean }) => Promise<ConsoleWindow>
  textup: TestServer
  native: ScriptedNativeUi
}

/** Visits each of the console's main screens, and calls `check` on each, named. */
async function visitMainScreens({ startConsole, textup, native }: Visit, check: (page: Page, name: string) => Promise<void>) {
  // First run: the embedded server has no accounts yet.
  const firstRun = await startConsole({ embedded: true })
  await expect(firstRun.page.getByRole('heading', { level: 1, name: /first admin/i })).toBeVisible()
  await check(firstRun.page, 'first-admin')
  // Everything loaded (the icon too) before the window closes: an aborted request fails the test.
  await firstRun.page.waitForLoadState('networkidle')
  await firstRun.close()
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)

  // Starting: held until the check is done (a real start passes in a moment).
  const app = await startConsole()
  const { page } = app
  const getStartup = app.handlers.getStartup.bind(app.handlers)
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  app.handlers.getStartup = async () => {
    await held
    return getStartup()
  }
  // The window's icon first: a reload would cut its request off, and the harness fails any failed request.
  // (It may have arrived already; then there is nothing to wait for.)
  await page
    .waitForEvent('requestfinished', { predicate: (request) => request.url().endsWith('/favicon.svg'), timeout: 5_000 })
    .catch(() => {})
  await page.reload()
  await expect(page.getByRole('status').filter({ hasText: 'Starting TextUp' })).toBeVisible()
  await check(page, 'starting')
  release()

  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(field(page, 'Username')).toHaveAttribute('aria-invalid', 'true')
  await check(page, 'sign-in-errors')

  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await check(page, 'users-list')

  await page.getByRole('searchbox', { name: 'Search users' }).focus() // the checks may have moved focus
  await openUserByKeyboard(page, 'mich', MICHELLE)
  await openPasswordPanel(page)
  await field(page, 'New password for Michelle Obi').fill('short')
  await expect(field(page, 'New password for Michelle Obi')).toHaveAccessibleDescription(/Strength:/)
  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(notice(page, 'Michelle Obi was not signed in anywhere')).toBeVisible()
  await check(page, 'user-details')

  await page.getByRole('button', { name: 'Back to users' }).click()
  await page.getByRole('button', { name: 'New user' }).click()
  await expect(page.getByRole('dialog', { name: 'New user' })).toBeVisible()
  await check(page, 'new-user-dialog')
}

test('at 320 px and at 200 % zoom the console reflows: nothing runs off sideways, no text is cut off', async ({
  startConsole,
  textup,
  native,
}) => {
  test.slow()
  await visitMainScreens({ startConsole, textup, native }, async (page, name) => {
    const size = page.viewportSize()!
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 800 })
      expect(await sidewaysScroll(page), `${name} at ${width} px should not run off sideways`).toBeLessThanOrEqual(width)
      expect(await cutOffText(page, GRID_CELLS), `${name} at ${width} px should show all its text`).toEqual([])
    }
    await page.setViewportSize(size)
  })
})

test('in forced colours (high contrast) focus, buttons, the strength meter and message icons stay visible', async ({
  startConsole,
  textup,
  native,
  saveScreenshot,
}) => {
  test.slow()
  await visitMainScreens({ startConsole, textup, native }, async (page, name) => {
    await page.emulateMedia({ forcedColors: 'active' })
    if (name === 'user-details') {
      expect(await strengthMeterShows(page)).toBe(true)
      // The icon is drawn in its text colour (currentColor): in high contrast it takes the system's, and stays.
      const icon = await coloursOf(page.locator('.toast-icon').first())
      expect(icon.color, 'the toast icon stays drawn').not.toBe(icon.background)
    }
    const scope = page.getByRole('dialog').or(page.locator('body:not(:has(dialog[open]))'))
    for (const button of await scope.locator('button:visible').all()) {
      const edge = await edgeOf(button)
      expect(edge.style, `${name}: the border of ${edge.element}`).not.toBe('none')
      expect(edge.width, `${name}: the border of ${edge.element}`).toBeGreaterThanOrEqual(1)
    }
    // One of each kind of control (focusing the grid re-renders its rows, so a list of all would go stale).
    for (const kind of ['button', 'input', 'a', '[role="grid"]']) {
      const control = scope.locator(`${kind}:visible`).first()
      if ((await control.count()) === 0) continue
      const ring = await focusRing(page, control)
      expect(ring, `${name}: the focus ring of ${(await edgeOf(control)).element}`).toMatchObject({ visible: true })
    }
    await saveScreenshot(`forced-colors-${name}`, page)
  })
})

test('with reduced motion the spinner, the toasts and everything else stop moving', async ({ startConsole, textup, native }) => {
  test.slow()
  await visitMainScreens({ startConsole, textup, native }, async (page, name) => {
    await page.emulateMedia({ reducedMotion: 'reduce' })
    expect(await longMotions(page), `${name}: animations and transitions`).toEqual([])
    if (name === 'starting') await expectAccessible(page, 'starting')
  })
})
