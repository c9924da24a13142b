// The users list says how many accounts match ("50 of 122 users"), narrows to one role or status,
// keeps those filters while Eric looks at someone and comes back, and shows one status per person:
// an invited person who has not chosen a password yet is "Invite pending", not "Active" and "Invited".
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { TestServer } from '../helpers/test-server'
import { expectAccessible } from '../helpers/axe'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, MICHELLE, notice, signInToConsole, userRow, usersGrid } from './steps'

const CREW = 120

/**
 * crew0001 … crew0120, straight into the database: every 30th an admin, those ending in 5
 * deactivated, every 4th invited (no password yet). With Eric and Michelle: 122 accounts; 4 crew
 * admins, 2 of them invited (crew0060 and crew0120); 12 deactivated; 30 invited.
 */
async function addCrew(textup: TestServer): Promise<void> {
  const db = textup.server.context.db
  const { password_hash: someHash } = await db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', ERIC.username)
    .executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  const rows = Array.from({ length: CREW }, (_, index) => {
    const n = index + 1
    const username = `crew${String(n).padStart(4, '0')}`
    const invited = n % 4 === 0
    return {
      id: randomUUID(),
      username,
      username_key: username,
      display_name: `Crew Member ${n}`,
      email: `${username}@example.org`,
      role: n % 30 === 0 ? ('admin' as const) : ('user' as const),
      status: n % 10 === 5 ? ('deactivated' as const) : ('active' as const),
      password_hash: invited ? null : someHash,
      password_changed_at: invited ? null : now,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    }
  })
  await db.insertInto('users').values(rows).execute()
}

function roleFilter(page: Page) {
  return page.getByRole('combobox', { name: 'Role', exact: true })
}

function statusFilter(page: Page) {
  return page.getByRole('combobox', { name: 'Status', exact: true })
}

/** The texts of the badges in a row's Status cell. */
function statusBadges(page: Page, username: string) {
  return userRow(page, username).getByRole('gridcell').nth(4).locator('.badge')
}

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
  await addCrew(textup)
})

test('the list says how many match, and shows one status per person', async ({ consoleApp, textup, saveScreenshot }) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)

  // Everyone: the first page of all 122.
  await expect(notice(page, '50 of 122 users; scroll for more.')).toBeVisible()
  // A search with more than a page of matches counts them too.
  await page.getByRole('searchbox', { name: 'Search users' }).fill('crew member')
  await expect(notice(page, '50 of 120 users match "crew member"; scroll for more.')).toBeVisible()

  // One badge each: invited (no password yet), deactivated, active.
  await expect(statusBadges(page, 'crew0004')).toHaveText(['Invite pending'])
  await expect(statusBadges(page, 'crew0005')).toHaveText(['Deactivated'])
  await expect(statusBadges(page, 'crew0001')).toHaveText(['Active'])
  await saveScreenshot('60-users-list-count')
  await expectAccessible(page, '60-users-list-count')
})

test('filters for role and status narrow the list, combine with the search and survive a visit to the details', async ({
  consoleApp,
  textup,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  await expect(notice(page, '50 of 122 users; scroll for more.')).toBeVisible()

  await expect(statusFilter(page)).toHaveValue('')
  await statusFilter(page).selectOption({ label: 'Invite pending' })
  await expect(notice(page, '30 users.')).toBeVisible()
  await expect(usersGrid(page).getByRole('row').filter({ hasText: 'Active' })).toHaveCount(0)

  // The keyboard works the filters too: Tab from the search box to Role, then choose Admins.
  await page.getByRole('searchbox', { name: 'Search users' }).focus()
  await page.keyboard.press('Tab')
  await expect(roleFilter(page)).toBeFocused()
  await roleFilter(page).selectOption({ label: 'Admins' })
  await expect(notice(page, '2 users.')).toBeVisible()
  await expect(userRow(page, 'crew0060')).toBeVisible()
  await expect(userRow(page, 'crew0120')).toBeVisible()
  await saveScreenshot('61-users-list-filtered')
  await expectAccessible(page, '61-users-list-filtered')

  // With a search: admins awaiting their invitation whose details hold "0120".
  await page.getByRole('searchbox', { name: 'Search users' }).fill('0120')
  await expect(notice(page, '1 user matches "0120".')).toBeVisible()

  // To the details and back: the filters, the search and the rows are as Eric left them.
  await userRow(page, 'crew0120').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Crew Member 120' })).toBeVisible()
  // The details say the same single status.
  await expect(page.getByRole('main').locator('header')).toContainText('Invite pending')
  await expect(page.getByRole('main').locator('header')).not.toContainText('Active')
  await page.getByRole('button', { name: 'Back to users' }).click()
  await expect(roleFilter(page)).toHaveValue('admin')
  await expect(statusFilter(page)).toHaveValue('invited')
  await expect(notice(page, '1 user matches "0120".')).toBeVisible()

  // A search the filters hide: the list says the filters are set, and offers to clear them.
  await page.getByRole('searchbox', { name: 'Search users' }).fill('michelle')
  const hidden = page
    .getByRole('status')
    .filter({ has: page.getByRole('heading', { name: 'No users match "michelle" with these filters' }) })
  await expect(hidden).toBeVisible()
  await expect(usersGrid(page)).toHaveCount(0)
  await saveScreenshot('62-users-list-filters-hide')
  await expectAccessible(page, '62-users-list-filters-hide')
  await hidden.getByRole('button', { name: 'Clear filters' }).click()
  await expect(roleFilter(page)).toHaveValue('')
  await expect(statusFilter(page)).toHaveValue('')
  await expect(notice(page, '1 user matches "michelle".')).toBeVisible()
})
