// Signing in to the console: only admins get in, mistakes are explained where they happened, the
// session token never reaches the page, and "Keep me signed in" keeps it in the real keychain
// (the Secret Service, through keytar) until the admin signs out — or the session ends elsewhere.
import { createServer } from 'node:net'
import { sql } from 'kysely'
import type { Page } from '@playwright/test'
import { expect, keptToken, test } from './harness'
import {
  createPerson,
  ERIC,
  expectSignedIn,
  field,
  MICHELLE,
  notice,
  openPasswordPanel,
  openUserByKeyboard,
  signInOnPages,
  signInToConsole,
  type Person,
} from './steps'
import { expectAccessible } from '../helpers/axe'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

/** Whether the server still accepts a bearer token, asked as any API client would. */
async function serverAccepts(serverUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${serverUrl}/api/session`, { headers: { Authorization: `Bearer ${token}` } })
  return response.status === 200
}

/** An address on this computer where nothing listens. */
async function deadAddress(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

function signInError(page: Page) {
  return page.getByRole('main').getByRole('alert')
}

test('a regular user cannot sign in to the console, and is told why', async ({ consoleApp, textup, saveScreenshot }) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, MICHELLE, { keep: true })
  await expect(signInError(page)).toContainText(
    `Only administrators can sign in to the admin console.Regular users sign in on the web page instead. The web sign-in page is ${new URL(textup.url).origin}/login.`,
  )
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(field(page, 'Password')).toBeFocused()
  await saveScreenshot('28-sign-in-error-not-an-admin')
  await expectAccessible(page, '28-sign-in-error-not-an-admin')
  expect(await keptToken(textup.url, MICHELLE.username), 'a refused sign-in keeps nothing').toBeNull()
  expect((await consoleApp.handlers.getStartup()).session, 'the main process should hold no session').toBeNull()
})

test('sign-in mistakes are explained where they happened', async ({ consoleApp, textup, saveScreenshot }) => {
  const { page } = consoleApp

  // Nothing typed: each field says what it needs, and focus goes to the first.
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(field(page, 'Server address')).toBeFocused()
  await expect(field(page, 'Server address')).toHaveAccessibleDescription(
    /Enter the server address, such as https:\/\/accounts\.example\.org\./,
  )
  await expect(field(page, 'Username')).toHaveAccessibleDescription('Error: Enter your username.')
  await expect(field(page, 'Password')).toHaveAccessibleDescription('Error: Enter your password.')
  await saveScreenshot('23-sign-in-errors-empty')
  await expectAccessible(page, '23-sign-in-errors-empty')

  // A server elsewhere over plain http: refused before any password is sent.
  await signInToConsole(page, 'http://accounts.example.org', ERIC)
  await expect(field(page, 'Server address')).toHaveAttribute('aria-invalid', 'true')
  await expect(field(page, 'Server address')).toHaveAccessibleDescription(
    /Use https:\/\/ for a server on another computer: passwords must not travel unencrypted\./,
  )
  await expect(field(page, 'Server address')).toBeFocused()
  await expect(signInError(page), 'the message should be said once, on the field').toHaveCount(0)
  await saveScreenshot('24-sign-in-error-plain-http')
  await expectAccessible(page, '24-sign-in-error-plain-http')

  // Nothing answers at the address.
  const nowhere = await deadAddress()
  await signInToConsole(page, nowhere, ERIC)
  await expect(signInError(page)).toHaveText(
    `Cannot reach the server at ${nowhere}.Nothing answered at that address: is the server running?`,
  )
  await saveScreenshot('25-sign-in-error-unreachable')
  await expectAccessible(page, '25-sign-in-error-unreachable')

  // A wrong password: the password is selected, ready to type again; the username stays.
  await signInToConsole(page, textup.url, { username: ERIC.username, password: 'harbour violet ginger canoes' })
  await expect(signInError(page)).toHaveText(
    'The username or password is not right.Forgotten your password? "Forgot password?" below opens the page where you choose a new one.',
  )
  await expect(field(page, 'Password')).toBeFocused()
  await expect(field(page, 'Username')).toHaveValue(ERIC.username)
  await saveScreenshot('26-sign-in-error-wrong-password')
  await expectAccessible(page, '26-sign-in-error-wrong-password')

  // A deactivated admin is told it is not about the password.
  await sql`update users set status = 'deactivated' where username = ${ERIC.username}`.execute(textup.server.context.db)
  await signInToConsole(page, textup.url, ERIC)
  await expect(signInError(page)).toHaveText(
    'You cannot sign in to the admin console.This account has been deactivated. Ask another admin to reactivate it.',
  )
  await saveScreenshot('27-sign-in-error-deactivated')
  await expectAccessible(page, '27-sign-in-error-deactivated')
  expect((await consoleApp.handlers.getStartup()).session, 'the main process should hold no session').toBeNull()
})

test('the session token never reaches the page', async ({ consoleApp, textup, native }) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC, { keep: true })
  await expectSignedIn(page, ERIC)
  // Use the console a little: search, a user's details, the More menu, the password meter.
  await openUserByKeyboard(page, 'mich', MICHELLE)
  native.chooseNext('revoke-sessions')
  native.confirmNext(true)
  await page.getByRole('button', { name: 'More' }).click()
  await expect(notice(page, 'Michelle Obi was not signed in anywhere')).toBeVisible()
  await openPasswordPanel(page)
  await field(page, 'New password for Michelle Obi').fill('a new password to judge')
  await expect(field(page, 'New password for Michelle Obi')).toHaveAccessibleDescription(/Strength:/)

  const token = await keptToken(textup.url, ERIC.username)
  expect(token, 'the token should be in the keychain').toBeTruthy()
  expect(await serverAccepts(textup.url, token!)).toBe(true)

  // Everything the main process ever handed the page…
  expect(consoleApp.crossings.map((crossing) => crossing.method)).toEqual(
    expect.arrayContaining(['getStartup', 'signIn', 'searchUsers', 'getUser', 'listUserEvents', 'openUserMoreMenu', 'assessPassword']),
  )
  const handedOver = JSON.stringify(consoleApp.crossings.map((crossing) => crossing.result))
  expect(handedOver).not.toContain(token)
  expect(handedOver).not.toMatch(/"token"/i)
  // …and everything the page could keep or show: storage, cookies, the document, every field's value.
  const visibleToPage = await page.evaluate(async () => {
    interface Store {
      length: number
      key(index: number): string | null
      getItem(key: string): string | null
    }
    const browser = globalThis as unknown as {
      localStorage: Store
      sessionStorage: Store
      name: string
      indexedDB: { databases(): Promise<Array<{ name?: string }>> }
      caches: { keys(): Promise<string[]> }
      document: {
        cookie: string
        title: string
        documentElement: { outerHTML: string }
        querySelectorAll(selector: string): Iterable<{ value: string }>
      }
    }
    const stores = [browser.localStorage, browser.sessionStorage].flatMap((store) =>
      Array.from({ length: store.length }, (_, index) => {
        const key = store.key(index) ?? ''
        return `${key}=${store.getItem(key) ?? ''}`
      }),
    )
    const { document } = browser
    return [
      ...stores,
      document.cookie,
      document.title,
      browser.name,
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea')].map((input) => input.value),
      ...(await browser.indexedDB.databases()).map((database) => database.name ?? ''),
      ...(await browser.caches.keys()),
    ].join('\n')
  })
  expect(visibleToPage).toContain('Michelle Obi') // the search did see the page
  expect(visibleToPage).not.toContain(token)
})

test('"Keep me signed in" keeps the session in the keychain until Sign out', async ({
  consoleApp,
  startConsole,
  textup,
  saveScreenshot,
}) => {
  await signInToConsole(consoleApp.page, textup.url, ERIC, { keep: true })
  await expectSignedIn(consoleApp.page, ERIC)
  const token = await keptToken(textup.url, ERIC.username)
  expect(token, 'the token should be in the keychain').toBeTruthy()
  await consoleApp.close()

  // The next start: new handlers on the same user-data folder, a fresh window — already signed in.
  const second = await startConsole()
  await expectSignedIn(second.page, ERIC)
  await expect(second.page.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveCount(0)
  expect(second.crossings.find((crossing) => crossing.method === 'getStartup')).toMatchObject({
    method: 'getStartup',
    result: { session: { kept: true, user: { username: ERIC.username } } },
  })

  // Sign out (the button): gone from the keychain, and the server no longer takes the token.
  await second.page.getByRole('button', { name: 'Sign out' }).click()
  await expectSignedOut(second.page, textup.url)
  await saveScreenshot('29-signed-out', second.page)
  await expectAccessible(second.page, '29-signed-out')
  expect(await keptToken(textup.url, ERIC.username), 'signing out should delete the kept token').toBeNull()
  expect(await serverAccepts(textup.url, token!), 'the server should refuse the token').toBe(false)

  // Signed in and kept again, then File › Sign Out from the application menu.
  await signInToConsole(second.page, textup.url, ERIC, { keep: true })
  await expectSignedIn(second.page, ERIC)
  const again = await keptToken(textup.url, ERIC.username)
  expect(again).toBeTruthy()
  expect(again).not.toBe(token)
  await second.menuCommand('sign-out')
  await expectSignedOut(second.page, textup.url)
  expect(await keptToken(textup.url, ERIC.username)).toBeNull()
  expect(await serverAccepts(textup.url, again!)).toBe(false)
  await second.close()

  // The start after that asks for the password, with the server and username remembered.
  const third = await startConsole()
  await expect(third.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(field(third.page, 'Server address')).toHaveValue(textup.url)
  await expect(field(third.page, 'Username')).toHaveValue(ERIC.username)
  await expect(field(third.page, 'Password')).toBeFocused()
})

test('a session that ends elsewhere sends the admin back to sign in, and is forgotten', async ({
  consoleApp,
  textup,
  openBrowser,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC, { keep: true })
  await expectSignedIn(page, ERIC)
  expect(await keptToken(textup.url, ERIC.username)).toBeTruthy()

  // Eric changes his own password on the TextUp pages, which signs him out everywhere.
  const browser = await openBrowser()
  await changeOwnPasswordOnPages(browser, ERIC, 'cobalt pepper lagoon whistle')

  // The console finds out at its next call to the server.
  await page.getByRole('searchbox', { name: 'Search users' }).fill('mich')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your session has ended. Sign in again.')
  await expect(field(page, 'Password')).toBeFocused()
  await saveScreenshot('30-session-ended')
  await expectAccessible(page, '30-session-ended')
  expect(await keptToken(textup.url, ERIC.username), 'an ended session should not stay in the keychain').toBeNull()
})

async function expectSignedOut(page: Page, serverUrl: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('You have signed out.')
  await expect(field(page, 'Server address')).toHaveValue(serverUrl)
  await expect(field(page, 'Username')).toHaveValue(ERIC.username)
  await expect(field(page, 'Password')).toHaveValue('')
  await expect(field(page, 'Keep me signed in')).not.toBeChecked()
}

async function changeOwnPasswordOnPages(page: Page, person: Person, password: string): Promise<void> {
  await signInOnPages(page, person, person.password)
  await field(page, 'Current password').fill(person.password)
  await field(page, 'New password').fill(password)
  await field(page, 'Confirm new password').fill(password)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page).toHaveURL(/\/login\?notice=password-changed$/)
}
