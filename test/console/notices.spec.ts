// Toasts after actions (issue 16): a success goes by itself after NOTICE_LIFETIME_MS, an error stays
// until dismissed; at most two show, the newest; they stay on the screen they were announced on
// (a message that comes with a move, "Created …", shows on the new screen); at the bottom right, in
// room of their own, they cover nothing of the screen (the users list's count line, Recent activity,
// More) in the 1200×800 window; their icons are drawn (SVG), not typed characters.
//
// The window's clock is Playwright's: time runs as usual until a test holds it, then moves only when
// the test moves it, so "after 6 seconds" is exact and no test sleeps.
import type { Locator, Page } from '@playwright/test'
import type { ConsoleError, Outcome } from '../../src-shared/ipc'
import { NOTICE_LIFETIME_MS } from '../../src-renderer/stores/notices'
import { expectAccessible } from '../helpers/axe'
import { expect, test, WINDOW_SIZE, type ConsoleWindow } from './harness'
import { createPerson, ERIC, field, MICHELLE, notice, openUserByKeyboard, signInToConsole, type Person } from './steps'

const RESET_SENT = `Password reset email sent to ${MICHELLE.email}.`
/** "Sign out of all sessions" when Michelle is signed in nowhere (its exact wording is not this spec's). */
const NO_SESSIONS = /Michelle Obi was not signed in anywhere/
/** The main process's answer when the server cannot be reached (api-client's 'network' error). */
const UNREACHABLE: ConsoleError = { kind: 'network', title: 'The server cannot be reached.', detail: 'Check the connection.' }

const NADIA: Person = {
  username: 'nadia',
  displayName: 'Nadia Haddad',
  email: 'nadia@example.org',
  password: 'violet harbour tram season',
  role: 'user',
}

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

const toasts = (page: Page) => page.locator('.toast')
const errorToast = (page: Page, text: string | RegExp) => page.getByRole('alert').locator('.toast').filter({ hasText: text })

/** Eric signs in and opens Michelle's details; the window's clock then stands still until moved. */
async function atMichellesDetails(app: ConsoleWindow, serverUrl: string): Promise<void> {
  const { page } = app
  await page.clock.install()
  await signInToConsole(page, serverUrl, ERIC)
  await openUserByKeyboard(page, 'Obi', MICHELLE)
  await holdClock(page)
}

/** From now on the window's time moves only when the test moves it (the search's pause waits too). */
async function holdClock(page: Page): Promise<void> {
  const now = await page.evaluate(() => Date.now())
  await page.clock.pauseAt(now + 500)
}

/** "More": the main process fails once, as when the server cannot be reached. */
function moreFailsOnce(app: ConsoleWindow): void {
  const real = app.handlers.openUserMoreMenu.bind(app.handlers)
  app.handlers.openUserMoreMenu = () => {
    app.handlers.openUserMoreMenu = real
    return Promise.resolve({ ok: false, error: UNREACHABLE })
  }
}

test('a success goes by itself after a few seconds, an error stays until dismissed, and two show at most', async ({
  consoleApp,
  textup,
  native,
}) => {
  const { page } = consoleApp
  await atMichellesDetails(consoleApp, textup.url)
  const more = page.getByRole('button', { name: 'More' })

  // A success, then an error: both show.
  native.chooseNext('send-reset')
  native.confirmNext(true)
  await more.click()
  await expect(notice(page, RESET_SENT)).toBeVisible()
  moreFailsOnce(consoleApp)
  await more.click()
  await expect(errorToast(page, UNREACHABLE.title)).toBeVisible()
  await expect(toasts(page)).toHaveCount(2)

  // A third: the oldest (the success) makes way, the newest two stay.
  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await more.click()
  await expect(page.getByRole('status').locator('.toast').filter({ hasText: NO_SESSIONS })).toBeVisible()
  await expect(toasts(page)).toHaveCount(2)
  await expect(page.getByText(RESET_SENT)).toHaveCount(0)

  // Shortly before its lifetime the notice is still there; at its end it is gone. The error stays.
  await page.clock.runFor(NOTICE_LIFETIME_MS - 1000)
  await expect(notice(page, NO_SESSIONS)).toBeVisible()
  await page.clock.runFor(1000)
  await expect(page.getByText(NO_SESSIONS)).toHaveCount(0)
  await page.clock.runFor(60_000)
  await expect(errorToast(page, UNREACHABLE.title)).toBeVisible()
  await expect(toasts(page)).toHaveCount(1)

  // Dismissed, it goes.
  await errorToast(page, UNREACHABLE.title).getByRole('button', { name: 'Dismiss message' }).click()
  await expect(toasts(page)).toHaveCount(0)
})

test('toasts stay on their screen, and a message that comes with a move shows on the new screen', async ({
  consoleApp,
  textup,
  native,
}) => {
  const { page } = consoleApp
  await atMichellesDetails(consoleApp, textup.url)
  moreFailsOnce(consoleApp)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(errorToast(page, UNREACHABLE.title)).toBeVisible()
  native.chooseNext('send-reset')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(notice(page, RESET_SENT)).toBeVisible()

  // Back to the list: the details' messages (the error too) are not the list's.
  await page.getByRole('button', { name: 'Back to users' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()
  await expect(toasts(page)).toHaveCount(0)

  // Creating a user opens their details, with the message about it there.
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await field(dialog, 'Username').fill(NADIA.username)
  await field(dialog, 'Name').fill(NADIA.displayName)
  await field(dialog, 'Email').fill(NADIA.email)
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(page.getByRole('heading', { level: 1, name: NADIA.displayName })).toBeFocused()
  await expect(notice(page, /^Created Nadia Haddad \(nadia\)\./)).toBeVisible()
  await expect(toasts(page)).toHaveCount(1)

  // And with Esc back to the list, it stays behind.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()
  await expect(toasts(page)).toHaveCount(0)
})

test('at 1200×800 two toasts cover neither the list’s count line nor Recent activity, and their icons are drawn', async ({
  consoleApp,
  textup,
  native,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  expect(page.viewportSize()).toEqual(WINDOW_SIZE)
  await page.clock.install()
  await signInToConsole(page, textup.url, ERIC)
  await expect(page.getByRole('status').filter({ hasText: '2 users.' })).toBeVisible()
  await holdClock(page)

  // On the list: the language cannot be changed, twice (the main process's settings file is not writable).
  const failed: Outcome<never> = { ok: false, error: { kind: 'server', title: 'The settings file could not be written.' } }
  consoleApp.handlers.setLanguage = () => Promise.resolve(failed)
  const language = page.getByRole('banner').getByRole('combobox')
  await language.selectOption('de')
  await expect(toasts(page)).toHaveCount(1)
  await language.selectOption('en')
  await expect(toasts(page)).toHaveCount(2)
  await expectApart(toasts(page), page.locator('.list-footer'))
  await expectApart(toasts(page), page.getByRole('main'))
  await expectDrawnIcons(page)
  await saveScreenshot('notices-list-two-toasts')

  // On the details: a success and an error.
  await page.clock.resume()
  await page.getByRole('searchbox', { name: 'Search users' }).focus()
  await openUserByKeyboard(page, 'Obi', MICHELLE)
  await expect(toasts(page)).toHaveCount(0)
  await holdClock(page)
  native.chooseNext('send-reset')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(notice(page, RESET_SENT)).toBeVisible()
  moreFailsOnce(consoleApp)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(toasts(page)).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toBeVisible()
  await expectApart(toasts(page), page.getByRole('region', { name: 'Recent activity' }))
  await expectApart(toasts(page), page.getByRole('button', { name: 'More' }))
  await expectApart(toasts(page), page.getByRole('main'))
  await expectDrawnIcons(page)
  await saveScreenshot('notices-two-toasts')
  // axe waits on the window's timers: let time run (the success has seconds left, the error stays).
  await page.clock.resume()
  await expectAccessible(page, 'notices-two-toasts')
})

/** Every box of `covering` lies clear of `covered`'s box, as drawn in the window. */
async function expectApart(covering: Locator, covered: Locator): Promise<void> {
  const under = await covered.boundingBox()
  expect(under, 'what must stay uncovered is on screen').not.toBeNull()
  for (const over of await covering.all()) {
    const box = await over.boundingBox()
    expect(box).not.toBeNull()
    if (!box || !under) continue
    const overlaps =
      box.x < under.x + under.width && under.x < box.x + box.width && box.y < under.y + under.height && under.y < box.y + box.height
    expect(overlaps, `${JSON.stringify(box)} should not overlap ${JSON.stringify(under)}`).toBe(false)
  }
}

/** Each toast's icon is an SVG drawing hidden from screen readers, and no typed "!", "✓" or "i" stands in. */
async function expectDrawnIcons(page: Page): Promise<void> {
  for (const toast of await toasts(page).all()) {
    await expect(toast.locator('svg[aria-hidden="true"]')).toHaveCount(1)
    await expect(toast.locator('svg')).toBeVisible()
    const text = ((await toast.locator('.toast-message').textContent()) ?? '').trim()
    await expect(toast).toHaveText(`${text}×`)
  }
}
