// Embedded mode, first run: with no server address configured the console runs its own server,
// and while that server has no accounts it asks for the first admin account, then lets them in.
import { expect, test } from './harness'
import { enrolTotp, freshCode } from '../helpers/second-factor'
import { field, signInToConsole } from './steps'
import { expectAccessible } from '../helpers/axe'

const FIRST_ADMIN = { username: 'eric', displayName: 'Eric Mensah', email: 'eric@example.org', password: 'harbour violet ginger canoe' }

test('on first run the console asks for the first admin account, then that admin sets up a second factor and signs in', async ({
  startConsole,
  textup,
  native,
  saveScreenshot,
}) => {
  const { page } = await startConsole({ embedded: true })
  await expect(page.getByRole('heading', { level: 1, name: /first admin/i })).toBeVisible()
  // The password rule is spelled out before anyone types.
  await expect(page.getByText('Use at least 15 characters.')).toBeVisible()
  await saveScreenshot('31-first-admin', page)
  await expectAccessible(page, '31-first-admin')

  // Mistakes are explained field by field, and nothing is created.
  await field(page, 'Username').fill(FIRST_ADMIN.username)
  await field(page, 'Name').fill(FIRST_ADMIN.displayName)
  await field(page, 'Email').fill('eric@')
  await field(page, 'Password').fill('password123')
  await field(page, 'Confirm password').fill('password123')
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(field(page, 'Email')).toHaveAttribute('aria-invalid', 'true')
  await saveScreenshot('32-first-admin-error-email', page)
  await expectAccessible(page, '32-first-admin-error-email')
  // A well-formed request then meets the password policy.
  await field(page, 'Email').fill(FIRST_ADMIN.email)
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await expect(field(page, 'Password')).toHaveAttribute('aria-invalid', 'true')
  await expect(field(page, 'Password')).toHaveAccessibleDescription(/Use at least 15 characters/)
  await saveScreenshot('33-first-admin-error-password', page)
  await expectAccessible(page, '33-first-admin-error-password')
  const count = async () =>
    Number(
      (
        await textup.server.context.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  expect(await count()).toBe(0)

  await field(page, 'Password').fill(FIRST_ADMIN.password)
  await field(page, 'Confirm password').fill(FIRST_ADMIN.password)
  await page.getByRole('button', { name: 'Create admin account' }).click()

  // The sign-in screen, with the embedded server's address and the new username filled in.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(field(page, 'Server address')).toHaveValue(textup.server.url.origin)
  await expect(field(page, 'Username')).toHaveValue(FIRST_ADMIN.username)
  await saveScreenshot('34-first-admin-created', page)
  await expectAccessible(page, '34-first-admin-created')
  const admin = await textup.server.context.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
  expect(admin).toMatchObject({ username: 'eric', role: 'admin', status: 'active', email: FIRST_ADMIN.email })

  // MFA_REQUIRED_FOR_ADMINS (on by default): the new admin is told to set up a second factor, and where.
  const enrolUrl = `${textup.server.url.origin}/account/two-factor`
  await expect(page.getByRole('status').filter({ hasText: 'Admins sign in with a second factor.' })).toContainText(enrolUrl)
  await signInToConsole(page, textup.server.url.origin, FIRST_ADMIN)
  const refusal = page.getByRole('alert').filter({ hasText: 'Set up two-step sign-in first.' })
  await expect(refusal).toContainText('Set up two-step sign-in first.')
  await expect(refusal).toContainText(enrolUrl)
  await refusal.getByRole('button', { name: 'Open account page in browser' }).click()
  await expect(refusal.getByRole('status')).toHaveText('Opened in your web browser.')
  expect(native.opened).toEqual([enrolUrl])
  await saveScreenshot('35-first-admin-second-factor-required', page)
  await expectAccessible(page, '35-first-admin-second-factor-required')

  // Set up in the browser (the account page's own service), then the console asks for a code.
  await enrolTotp(textup, admin)
  await signInToConsole(page, textup.server.url.origin, FIRST_ADMIN)
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await page.keyboard.type(await freshCode(textup, FIRST_ADMIN.username))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('grid')).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'eric' })).toBeVisible()

  // A second start: the server has an account now, so the console goes to sign-in, not setup.
  const again = await startConsole({ embedded: true })
  await expect(again.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
})
