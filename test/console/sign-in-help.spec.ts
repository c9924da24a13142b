// A way forward when an admin cannot sign in (issue 16): "Forgot password?" opens the forgot-password
// page of the server typed in the form — and only that — in the system browser; a wrong password
// points to it; a deactivated account says whom to ask; a regular user is shown the web sign-in
// page. An ended session is information, and the first admin is signed in straight away.
import { sql } from 'kysely'
import type { Page } from '@playwright/test'
import { startTestServer } from '../helpers/test-server'
import { expectAccessible } from '../helpers/axe'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, field, MICHELLE, signInToConsole } from './steps'

function signInError(page: Page) {
  return page.getByRole('main').getByRole('alert')
}

function forgotPassword(page: Page) {
  return page.getByRole('button', { name: 'Forgot password?' })
}

test.describe('signing in with help', () => {
  test.beforeEach(async ({ textup }) => {
    await createPerson(textup, ERIC)
    await createPerson(textup, MICHELLE)
  })

  test("Forgot password? opens only the typed server's forgot-password page", async ({ consoleApp, textup, native, saveScreenshot }) => {
    const { page } = consoleApp
    const origin = new URL(textup.url).origin
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()

    // Reached by keyboard after the form's own controls: Keep me signed in, Sign in, then the link.
    await field(page, 'Keep me signed in').focus()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(forgotPassword(page)).toBeFocused()

    // No server address yet: said on that field, and nothing opens.
    await page.keyboard.press('Enter')
    await expect(field(page, 'Server address')).toBeFocused()
    await expect(field(page, 'Server address')).toHaveAccessibleDescription(/Error: Type the server address first\./)
    // A hostile or odd address opens nothing either.
    for (const address of ['javascript:alert(document.cookie)', 'file:///etc/passwd', `http://eric:secret@${new URL(origin).host}`]) {
      await field(page, 'Server address').fill(address)
      await forgotPassword(page).click()
      await expect(field(page, 'Server address')).toHaveAttribute('aria-invalid', 'true')
    }
    await field(page, 'Server address').fill(`${origin}/evil?next=https://evil.example.org`)
    await forgotPassword(page).click()
    await expect(field(page, 'Server address')).toHaveAccessibleDescription(/Give only the server address/)
    expect(native.opened).toEqual([])

    // The server's own page, built by the main process from its origin.
    await field(page, 'Server address').fill(textup.url)
    await forgotPassword(page).click()
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Opened in your web browser.')
    await expect(field(page, 'Server address')).not.toHaveAttribute('aria-invalid', 'true')
    expect(native.opened).toEqual([`${origin}/forgot-password`])
    // What was crossed: a page name and the typed address, never a URL to open.
    const asked = consoleApp.crossings.filter((crossing) => crossing.method === 'openServerPage').map((crossing) => crossing.args)
    expect(asked.at(-1)).toEqual([{ page: 'forgot-password', serverUrl: textup.url }])
    await saveScreenshot('36-sign-in-forgot-password')
    await expectAccessible(page, '36-sign-in-forgot-password')
  })

  test('a wrong password points to Forgot password?, and a deactivated account says whom to ask', async ({
    consoleApp,
    textup,
    saveScreenshot,
  }) => {
    const { page } = consoleApp
    await signInToConsole(page, textup.url, { username: ERIC.username, password: 'harbour violet ginger canoes' })
    await expect(signInError(page)).toHaveText(
      'The username or password is not right.Forgotten your password? "Forgot password?" below opens the page where you choose a new one.',
    )
    await expect(forgotPassword(page)).toBeVisible()

    await sql`update users set status = 'deactivated' where username = ${ERIC.username}`.execute(textup.server.context.db)
    await signInToConsole(page, textup.url, ERIC)
    await expect(signInError(page)).toHaveText(
      'You cannot sign in to the admin console.This account has been deactivated. Ask another admin to reactivate it.',
    )
    await saveScreenshot('37-sign-in-deactivated-next-step')
    await expectAccessible(page, '37-sign-in-deactivated-next-step')
  })

  test('a regular user is shown the web sign-in page, and can open it', async ({ consoleApp, textup, native, saveScreenshot }) => {
    const { page } = consoleApp
    const webSignIn = `${new URL(textup.url).origin}/login`
    await signInToConsole(page, textup.url, MICHELLE)
    const refusal = signInError(page)
    await expect(refusal).toContainText('Only administrators can sign in to the admin console.')
    await expect(refusal).toContainText(`Regular users sign in on the web page instead. The web sign-in page is ${webSignIn}.`)
    await refusal.getByRole('button', { name: 'Open web sign-in page' }).click()
    await expect(refusal.getByRole('status')).toHaveText('Opened in your web browser.')
    expect(native.opened).toEqual([webSignIn])
    await saveScreenshot('38-sign-in-not-an-admin-next-step')
    await expectAccessible(page, '38-sign-in-not-an-admin-next-step')
    expect((await consoleApp.handlers.getStartup()).session, 'the main process should hold no session').toBeNull()
  })

  test('"Your session has ended" is information, not an error', async ({ consoleApp, textup }) => {
    const { page } = consoleApp
    await signInToConsole(page, textup.url, ERIC)
    await expectSignedIn(page, ERIC)
    // The session ends on the server (revoked elsewhere); the console finds out at its next call.
    await sql`delete from sessions`.execute(textup.server.context.db)
    await page.getByRole('searchbox', { name: 'Search users' }).fill('mich')
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Your session has ended. Sign in again.')
    await expect(signInError(page)).toHaveCount(0)
  })
})

test.describe('first run, where admins need no second factor', () => {
  // The console's own server as configured with MFA_REQUIRED_FOR_ADMINS=false.
  test.use({
    // eslint-disable-next-line no-empty-pattern
    textup: async ({}, use) => {
      const textup = await startTestServer({ env: { MFA_REQUIRED_FOR_ADMINS: 'false' } })
      try {
        await use(textup)
      } finally {
        await textup.close()
      }
    },
  })

  test('creating the first admin signs that admin in, straight into the users list', async ({ startConsole, textup }) => {
    const { page, crossings } = await startConsole({ embedded: true })
    await expect(page.getByRole('heading', { level: 1, name: 'Create the first admin account' })).toBeVisible()
    // The example address is nobody's.
    await expect(field(page, 'Email')).toHaveAccessibleDescription('Your own email address, such as you@example.org.')
    await field(page, 'Username').fill(ERIC.username)
    await field(page, 'Name').fill(ERIC.displayName)
    await field(page, 'Email').fill(ERIC.email)
    await field(page, 'Password').fill(ERIC.password)
    await field(page, 'Confirm password').fill(ERIC.password)
    await page.getByRole('button', { name: 'Create admin account' }).click()

    await expectSignedIn(page, ERIC)
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveCount(0)
    expect(crossings.map((crossing) => crossing.method)).not.toContain('signIn')
    // Signed in on the console's own server: a session the server knows, and the password kept nowhere.
    const sessions = await textup.server.context.db.selectFrom('sessions').selectAll().execute()
    expect(sessions).toHaveLength(1)
    expect(JSON.stringify(crossings.map((crossing) => crossing.result))).not.toContain(ERIC.password)
  })
})
