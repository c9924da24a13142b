// The people of the user guide and what they do, as a person does it: through labels, roles and
// the keyboard, in the console window (Eric) or on the TextUp pages in a browser (everyone else).
import type { Locator, Page } from '@playwright/test'
import { sql } from 'kysely'
import { freshCode, keptFactor } from '../helpers/second-factor'
import type { TestServer } from '../helpers/test-server'
import { expect } from './harness'

export interface Person {
  username: string
  displayName: string
  email: string
  password: string
  role: 'admin' | 'user'
}

/** The guide's admin. */
export const ERIC: Person = {
  username: 'eric',
  displayName: 'Eric Mensah',
  email: 'eric@example.org',
  password: 'harbour violet ginger canoe',
  role: 'admin',
}
/** The guide's user, whose password Eric changes. */
export const MICHELLE: Person = {
  username: 'michelle',
  displayName: 'Michelle Obi',
  email: 'michelle@example.org',
  password: 'plum tractor velvet orbit',
  role: 'user',
}

export const EMAIL = {
  reset: 'Reset your TextUp password',
  invitation: 'Your TextUp account is ready',
  passwordChanged: 'Your TextUp password was changed',
} as const

/** The servers people were created on, by address: signing in to the console asks one of them for the admin's code. */
const serversByUrl = new Map<string, TestServer>()

export async function createPerson(textup: TestServer, person: Person): Promise<void> {
  serversByUrl.set(textup.url, textup)
  serversByUrl.set(textup.server.url.origin, textup)
  // The pages are opened at the server's public address (localhost), the console at its own.
  serversByUrl.set(textup.server.publicUrl.origin, textup)
  await textup.createUser({
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    role: person.role,
    password: person.password,
  })
}

/** A form field by its visible label, exactly. */
export function field(within: Page | Locator, label: string) {
  return within.getByLabel(label, { exact: true })
}

// The console ------------------------------------------------------------------------------------

export async function signInToConsole(
  page: Page,
  serverUrl: string,
  person: Pick<Person, 'username' | 'password'>,
  options: { keep?: boolean } = {},
): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await field(page, 'Server address').fill(serverUrl)
  await field(page, 'Username').fill(person.username)
  await field(page, 'Password').fill(person.password)
  if (options.keep) await field(page, 'Keep me signed in').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  // An admin with an authenticator app (every admin, where MFA_REQUIRED_FOR_ADMINS) is asked for its
  // code next: typed into the field that has focus, then Enter.
  const textup = serversByUrl.get(serverUrl)
  if (!textup || !keptFactor(textup, person.username)) return
  const codeScreen = page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })
  await expect(codeScreen.or(page.getByRole('alert').filter({ hasText: /\S/ })).first()).toBeVisible()
  if (!(await codeScreen.isVisible())) return
  await expect(field(page, 'Code')).toBeFocused()
  await page.keyboard.type(await freshCode(textup, person.username))
  await page.keyboard.press('Enter')
}

export async function expectSignedIn(page: Page, person: Person): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText(`Signed in as${person.displayName} (${person.username})`)
}

export function usersGrid(page: Page) {
  return page.getByRole('grid', { name: 'Users' })
}

/** A user's row in the users list, by username (the first cell). */
export function userRow(page: Page, username: string) {
  return usersGrid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: username, exact: true }) })
}

/** A message the console announces politely (a toast, a list summary), by its text. */
export function notice(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text })
}

/** The row the grid's keyboard selection is on. */
export function selectedRow(page: Page) {
  return usersGrid(page).locator('[role="row"][aria-selected="true"]')
}

/**
 * From the users list to someone's details with the keyboard only: type in "Search users", ↓ to
 * the list (the first match is selected), Enter to open.
 */
export async function openUserByKeyboard(page: Page, search: string, person: Person): Promise<void> {
  const searchBox = page.getByRole('searchbox', { name: 'Search users' })
  await expect(searchBox).toBeFocused()
  await page.keyboard.type(search)
  await expect(page.getByRole('status').filter({ hasText: `matches "${search}"` })).toBeVisible()
  await expect(userRow(page, person.username)).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await expect(usersGrid(page)).toBeFocused()
  await expect(selectedRow(page)).toContainText(person.displayName)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: person.displayName })).toBeFocused()
}

/**
 * On a user's details, opens the Change password form behind its button ("Change password…", or
 * `labels` in another language): with a click, or with Enter when keyboard focus is on the button
 * already. Focus lands in the form's first field, the admin's own password.
 */
export async function openPasswordPanel(
  page: Page,
  options: { keyboard?: boolean; labels?: { region: string; button: string } } = {},
): Promise<Locator> {
  const labels = options.labels ?? { region: 'Change password', button: 'Change password…' }
  const panel = page.getByRole('region', { name: labels.region })
  const button = panel.getByRole('button', { name: labels.button, exact: true })
  if (options.keyboard) {
    await expect(button).toBeFocused()
    await page.keyboard.press('Enter')
  } else {
    await button.click()
  }
  await expect(button).toHaveCount(0)
  await expect(panel.locator('input[autocomplete="current-password"]')).toBeFocused()
  return panel
}

// The TextUp pages (a user's browser) --------------------------------------------------------------

export async function signInOnPages(page: Page, person: Pick<Person, 'username'>, password: string): Promise<void> {
  await page.goto('/login')
  await field(page, 'Username').fill(person.username)
  await field(page, 'Password').fill(password)
  // The form posts and the server answers with a new page: wait for that page, not the one on screen.
  await nextPage(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  // Someone with an authenticator app is asked for its code next.
  const url = new URL(page.url())
  const textup = serversByUrl.get(url.origin)
  if (url.pathname !== '/login/second-factor' || !textup || !keptFactor(textup, person.username)) return
  await field(page, 'Code').fill(await freshCode(textup, person.username))
  await nextPage(page, () => page.keyboard.press('Enter'))
}

/** Does `submit` and waits until the page it leads to has loaded. */
async function nextPage(page: Page, submit: () => Promise<void>): Promise<void> {
  const loaded = page.waitForEvent('load')
  await submit()
  await loaded
}

/** Whether a password gets this person into their account, tried in a browser of its own. */
export async function passwordWorks(openBrowser: () => Promise<Page>, person: Person, password: string): Promise<boolean> {
  const page = await openBrowser()
  await signInOnPages(page, person, password)
  const signedIn = new URL(page.url()).pathname === '/account'
  await page.context().close()
  return signedIn
}

/** Whether this browser is still signed in: /account shows the account, or sends it to /login. */
export async function stillSignedIn(page: Page): Promise<boolean> {
  await page.goto('/account')
  return new URL(page.url()).pathname === '/account'
}

/** Opens the link in an email and chooses a new password on the page it leads to. */
export async function chooseNewPasswordFromLink(
  page: Page,
  link: string,
  password: string,
  button: 'Reset password' | 'Set password' = 'Reset password',
): Promise<void> {
  await page.goto(link)
  await field(page, 'New password').fill(password)
  await field(page, 'Confirm new password').fill(password)
  await page.getByRole('button', { name: button }).click()
  await page.waitForLoadState()
}

/** The first link of an email that goes to a page of the server. */
export function linkIn(email: { links: string[] }, pathname: string): string {
  const link = email.links.find((candidate) => new URL(candidate).pathname === pathname)
  expect(link, `the email should link to ${pathname}`).toBeDefined()
  return link ?? ''
}

/** Emails the server has queued for an address and not yet handed over (or handed over): its outbox, read directly. */
export async function outboxFor(textup: TestServer, address: string): Promise<string[]> {
  const { rows } = await sql<{ template: string }>`select template from outbox where recipient = ${address} order by id`.execute(
    textup.server.context.db,
  )
  return rows.map((row) => row.template)
}
