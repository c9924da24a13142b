// The users list with thousands of accounts: it loads a page at a time as Eric scrolls or moves
// with the keyboard, keeps his place when he comes back from someone's details, and says so
// plainly when a search finds nobody.
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, field, MICHELLE, notice, selectedRow, signInToConsole, userRow, usersGrid } from './steps'
import { expectAccessible } from '../helpers/axe'

const MANY = 3000

/**
 * Adds accounts straight into the server's database (what a big organisation has accumulated),
 * in the server's own connection. The users_search index is kept up to date by its triggers.
 */
async function addManyUsers(textup: TestServer, count: number): Promise<void> {
  const now = new Date()
  // Two in three have chosen a password (any valid hash will do) and signed in; the rest are still invited.
  const { password_hash: someHash } = await textup.server.context.db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', ERIC.username)
    .executeTakeFirstOrThrow()
  const rows = Array.from({ length: count }, (_, index) => {
    const username = staff(index + 1)
    const number = username.slice(5)
    return {
      id: randomUUID(),
      username,
      username_key: username,
      display_name: `Staff Member ${number}`,
      email: `${username}@example.org`,
      role: index % 250 === 0 ? ('admin' as const) : ('user' as const),
      status: index % 7 === 0 ? ('deactivated' as const) : ('active' as const),
      password_hash: index % 3 === 0 ? null : someHash,
      password_changed_at: index % 3 === 0 ? null : now.toISOString(),
      last_sign_in_at: index % 3 === 0 ? null : new Date(now.getTime() - index * 3_600_000).toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }
  })
  await textup.server.context.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += 500)
      await trx
        .insertInto('users')
        .values(rows.slice(start, start + 500))
        .execute()
  })
}

/** The username of the n-th added account. */
function staff(n: number): string {
  return `staff${String(n).padStart(4, '0')}`
}

/** How many users the list has loaded, as its summary says. */
async function loadedCount(page: Page): Promise<number> {
  const summary = (await notice(page, /^[\d,]+ of 3,002 users/).textContent()) ?? ''
  return Number(/^([\d,]+) of/.exec(summary)?.[1]?.replaceAll(',', ''))
}

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
  await addManyUsers(textup, MANY)
})

test('thousands of users: the list loads more as Eric scrolls and moves with the keyboard', async ({
  consoleApp,
  textup,
  saveScreenshot,
}) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  const grid = usersGrid(page)
  await expect(notice(page, '50 of 3,002 users; scroll for more.')).toBeVisible()
  // Only the rows in view are in the page.
  expect(await grid.getByRole('row').count()).toBeLessThan(60)
  await expect(grid).toHaveAttribute('aria-rowcount', '-1')
  await saveScreenshot('18-users-list-many')
  await expectAccessible(page, '18-users-list-many')

  // Scrolling with the mouse wheel loads the next pages.
  await grid.getByRole('row').nth(5).hover()
  for (let turn = 0; turn < 6; turn++) await page.mouse.wheel(0, 1500)
  await expect(notice(page, /^(1[0-9]{2}|[2-9][0-9]{2}) of 3,002 users; scroll for more\./)).toBeVisible()

  // The keyboard: from the search box ↓ into the list, then End, Home, Page Down and arrows.
  await page.keyboard.press('Control+F')
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(grid).toBeFocused()
  await page.keyboard.press('Home')
  await expect(selectedRow(page)).toContainText('eric')
  await expect(grid).toHaveAttribute('aria-activedescendant', /^user-row-/)
  await page.keyboard.press('ArrowDown')
  await expect(selectedRow(page)).toContainText('michelle')
  await page.keyboard.press('PageDown')
  await expect(selectedRow(page)).not.toContainText('michelle')
  // End goes to the last row loaded, which brings the next page: End again goes further.
  const before = await loadedCount(page)
  await page.keyboard.press('End')
  await expect(selectedRow(page).getByRole('gridcell').first()).toHaveText(staff(before - 2)) // eric and michelle come first
  await expect.poll(() => loadedCount(page)).toBeGreaterThan(before)
  const after = await loadedCount(page)
  await page.keyboard.press('End')
  await expect(selectedRow(page).getByRole('gridcell').first()).toHaveText(staff(after - 2))
  await expect(selectedRow(page)).toBeInViewport()
  await page.keyboard.press('ArrowUp')
  const chosen = (await selectedRow(page).getByRole('gridcell').first().textContent()) ?? ''
  expect(chosen).toMatch(/^staff\d{4}$/)
  await saveScreenshot('19-users-list-keyboard')
  await expectAccessible(page, '19-users-list-keyboard')

  // Enter opens the selected user; Esc comes back to the same row, still selected and in view.
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: `Staff Member ${chosen.slice(5)}` })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(grid).toBeFocused()
  await expect(selectedRow(page).getByRole('gridcell').first()).toHaveText(chosen)
  await expect(selectedRow(page)).toBeInViewport()
  // ↑ from the first row goes back to the search box.
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toBeFocused()
})

test('searching thousands of users, and searches that find nobody', async ({ consoleApp, textup, saveScreenshot }) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  const search = page.getByRole('searchbox', { name: 'Search users' })

  // Part of a name, anywhere in it.
  await search.fill('member 0042')
  await expect(notice(page, '1 user matches "member 0042".')).toBeVisible()
  await expect(userRow(page, 'staff0042')).toContainText('Staff Member 0042')
  await expect(usersGrid(page).getByRole('row')).toHaveCount(2)

  // Many matches: the first page, and more as Eric scrolls.
  await search.fill('example.org')
  await expect(notice(page, '50 of 3,002 users match "example.org"; scroll for more.')).toBeVisible()
  await saveScreenshot('20-users-search-many')
  await expectAccessible(page, '20-users-search-many')

  // Nobody: the list says so, explains how search works, and offers to clear it.
  await search.fill('zebra crossing')
  const nobody = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'No users match "zebra crossing"' }) })
  await expect(nobody).toBeVisible()
  await expect(nobody).toContainText('type three or more to match anywhere')
  await expect(usersGrid(page)).toHaveCount(0)
  await saveScreenshot('21-users-search-no-match')
  await expectAccessible(page, '21-users-search-no-match')

  // Two letters only match the start of usernames: "ta" finds nobody, "st" finds the staff.
  await search.fill('ta')
  await expect(page.getByRole('heading', { name: 'No users match "ta"' })).toBeVisible()
  await search.fill('st')
  await expect(notice(page, '50 of 3,000 users match "st"; scroll for more.')).toBeVisible()

  // Clear search brings everyone back, with focus in the search box.
  await search.fill('nobody at all')
  await page.getByRole('button', { name: 'Clear search' }).click()
  await expect(search).toBeFocused()
  await expect(search).toHaveValue('')
  await expect(notice(page, '50 of 3,002 users; scroll for more.')).toBeVisible()
  await expect(field(page, 'Search users')).toHaveAttribute('placeholder', 'Username, name or email')
})

test('when the server cannot be reached, the list says so and offers to try again', async ({ consoleApp, textup, saveScreenshot }) => {
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)

  await textup.server.stop()
  await page.getByRole('searchbox', { name: 'Search users' }).fill('staff')
  const failure = page.getByRole('alert').filter({ hasText: 'The users could not be loaded.' })
  await expect(failure).toContainText(`Cannot reach the server at ${textup.url}.Nothing answered at that address: is the server running?`)
  await expect(usersGrid(page)).toHaveCount(0)
  await saveScreenshot('22-users-list-server-unreachable')
  await expectAccessible(page, '22-users-list-server-unreachable')

  // The server is back (same data, same address): Try again, and the session still works.
  const restarted = await startTestServer({ dataDir: textup.dataDir, smtp: textup.smtp, env: { PORT: new URL(textup.url).port } })
  try {
    await failure.getByRole('button', { name: 'Try again' }).click()
    await expect(notice(page, '50 of 3,000 users match "staff"; scroll for more.')).toBeVisible()
    await expect(userRow(page, staff(1))).toBeVisible()
  } finally {
    await restarted.close()
  }
})
