// Eric reads the console in German: he picks Deutsch in the top bar's Language control, and the
// users list, Michelle's details, the password panel and the New user dialog speak German, with
// nothing cut off (German words are long). A scan in the pseudo-locale (every catalogue string
// bracketed ⟦…⟧) finds any text on those screens that does not come from a catalogue. And the
// language of a person's emails is set in their details and in the New user dialog, as the API shows.
import type { Page } from '@playwright/test'
import { PSEUDO_END, PSEUDO_START } from '../../src-shared/i18n/pseudo'
import { PSEUDO_LOCALE } from '../../src-shared/i18n/locales'
import { translator } from '../../src-shared/i18n/translator'
import { expect, keptToken, test } from './harness'
import {
  createPerson,
  ERIC,
  expectSignedIn,
  field,
  MICHELLE,
  notice,
  openPasswordPanel,
  signInToConsole,
  userRow,
  type Person,
} from './steps'

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

function languageControl(page: Page) {
  return page.getByRole('banner').getByRole('combobox')
}

/**
 * Text that does not fit its box: buttons, headings, column headers, labels, legends, badges and
 * menus whose content is wider than they are (cut off, or spilling over what is next to them).
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface Box {
      tagName: string
      innerText: string
      scrollWidth: number
      clientWidth: number
      checkVisibility(): boolean
    }
    const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Box> } }
    const selector = 'button, h1, h2, [role="columnheader"], label, legend, .badge, select, dt'
    return [...document.querySelectorAll(selector)]
      .filter((element) => element.checkVisibility() && element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.tagName.toLowerCase()} "${element.innerText}" (${element.scrollWidth} > ${element.clientWidth})`)
  })
}

test('Eric switches the console to German: the list, the details, the password panel and the New user dialog speak it', async ({
  consoleApp,
  textup,
  saveScreenshot,
}) => {
  // Several screens, each measured: slower than most on a busy machine.
  test.setTimeout(120_000)
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)

  // The control is labelled, offers the system's language and each language by its own name, and
  // is used with the keyboard like any select.
  const control = page.getByRole('combobox', { name: 'Language' })
  await expect(control.getByRole('option')).toHaveText([/^System default \(.+\)$/, 'English', 'Deutsch'])
  await expect(control.locator('option[value="de"]')).toHaveAttribute('lang', 'de')
  await control.focus()
  await control.selectOption('de')

  // The users list.
  await expect(page.getByRole('heading', { level: 1, name: 'Benutzer' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page).toHaveTitle(/^Benutzer/)
  await expect(page.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de')
  await expect(page.getByRole('columnheader')).toHaveText(['Benutzername', 'Name', 'E-Mail', 'Rolle', 'Status', 'Letzte Anmeldung'])
  await expect(page.getByRole('searchbox', { name: 'Benutzer suchen' })).toHaveAttribute('placeholder', 'Benutzername, Name oder E-Mail')
  await expect(page.getByRole('status').filter({ hasText: '2 Benutzer.' })).toBeVisible()
  const grid = page.getByRole('grid', { name: 'Benutzer' })
  await expect(grid.getByRole('row').filter({ hasText: MICHELLE.email })).toContainText('BenutzerAktiv')
  await expect(page.getByRole('banner')).toContainText(`Angemeldet als${ERIC.displayName} (${ERIC.username})`)
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible()
  expect(await overflowing(page)).toEqual([])
  await saveScreenshot('de-users')

  // Michelle's details and the password panel.
  await grid.getByRole('row').filter({ hasText: MICHELLE.email }).click()
  await expect(page.getByRole('heading', { level: 1, name: MICHELLE.displayName })).toBeFocused()
  await expect(page.getByRole('button', { name: 'Zurück zu den Benutzern' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Profil', 'Passwort ändern', 'Letzte Aktivitäten'])
  await expect(page.getByRole('combobox', { name: 'Sprache der E-Mails' })).toHaveValue('en')
  await expect(page.getByRole('button', { name: 'Mehr' })).toBeVisible()
  const panel = await openPasswordPanel(page, { labels: { region: 'Passwort ändern', button: 'Passwort ändern…' } })
  await expect(panel.getByRole('group', { name: 'Schritt 1: Bestätigen Sie, dass Sie es sind' })).toBeVisible()
  await panel.getByRole('button', { name: `Passwort von ${MICHELLE.displayName} ändern` }).click()
  await expect(field(panel, `Ihr Passwort (${ERIC.username})`)).toBeFocused()
  await expect(field(panel, `Ihr Passwort (${ERIC.username})`)).toHaveAccessibleDescription(
    /Geben Sie Ihr eigenes Passwort \(eric\) ein, um zu bestätigen, dass Sie es sind\./,
  )
  await expect(field(panel, `Neues Passwort für ${MICHELLE.displayName}`)).toHaveAccessibleDescription(
    /Geben Sie ein neues Passwort für Michelle Obi ein\./,
  )
  expect(await overflowing(page)).toEqual([])
  await saveScreenshot('de-details')

  // The New user dialog: German, and the new person's emails in German too, as the console is.
  await page.getByRole('button', { name: 'Zurück zu den Benutzern' }).click()
  await page.getByRole('button', { name: 'Neuer Benutzer' }).click()
  const dialog = page.getByRole('dialog', { name: 'Neuer Benutzer' })
  await expect(dialog.getByRole('radio', { name: 'Benutzer' })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'Einladung per E-Mail senden, um ein Passwort zu wählen' })).toBeChecked()
  await expect(dialog.getByRole('combobox', { name: 'Sprache der E-Mails' })).toHaveValue('de')
  await dialog.getByRole('button', { name: 'Benutzer anlegen' }).click()
  await expect(field(dialog, 'Benutzername')).toHaveAccessibleDescription(/Geben Sie einen Benutzernamen ein\./)
  expect(await overflowing(page)).toEqual([])
  await saveScreenshot('de-create-user')
  await dialog.getByRole('button', { name: 'Abbrechen' }).click()

  // Back to English.
  await languageControl(page).selectOption('en')
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

/**
 * Visible text that is not from a catalogue: every text node and label-like attribute on screen
 * must hold a pseudo-locale bracket, except the people's own data (names, usernames, addresses,
 * the server's address), moments (formatted by Intl, not a catalogue) and the server's event labels.
 */
async function untranslated(page: Page, data: string[]): Promise<string[]> {
  return page.evaluate(
    ({ data, start, end }) => {
      interface Shown {
        checkVisibility(): boolean
        closest(selector: string): Shown | null
        getAttribute(name: string): string | null
      }
      interface Text {
        textContent: string | null
        parentElement: Shown | null
      }
      const { document } = globalThis as unknown as {
        document: {
          body: unknown
          createTreeWalker(root: unknown, show: number): { nextNode(): Text | null }
          querySelectorAll(selector: string): Iterable<Shown>
        }
      }
      const SHOW_TEXT = 4
      const bracketed = (text: string) => text.includes(start) || text.includes(end)
      const leftover = (text: string) =>
        [...data]
          .sort((a, b) => b.length - a.length)
          .reduce((rest, datum) => rest.split(datum).join(' '), text)
          .replace(/[\s\p{P}\p{S}\d]/gu, '')
          .trim()
      const skipped = 'time, .event-label, .avatar, .mono, script, style, option:not(:checked)'
      const found: string[] = []
      const walker = document.createTreeWalker(document.body, SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        const parent = node.parentElement
        if (!parent || !parent.checkVisibility() || parent.closest(skipped)) continue
        if (!bracketed(text) && leftover(text) !== '') found.push(text.trim())
      }
      for (const element of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
        if (!element.checkVisibility() || element.closest(skipped)) continue
        for (const name of ['aria-label', 'placeholder', 'title']) {
          const value = element.getAttribute(name)
          if (value && !bracketed(value) && leftover(value) !== '') found.push(`${name}="${value}"`)
        }
      }
      return found
    },
    { data, start: PSEUDO_START, end: PSEUDO_END },
  )
}

test('in the pseudo-locale, every text on the list, the details and the New user dialog comes from a catalogue', async ({
  startConsole,
  textup,
}) => {
  test.setTimeout(120_000)
  // Signed in (and kept) in English, then the console starts again on a system whose language is
  // the pseudo-locale, and restores the session without a word typed.
  const english = await startConsole()
  await signInToConsole(english.page, textup.url, ERIC, { keep: true })
  const { page } = await startConsole({ osLocale: 'en-XA' })
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
  await expect(page.getByRole('grid')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(PSEUDO_START)

  const data = [ERIC, MICHELLE].flatMap((person) => [person.displayName, person.username, person.email]).concat(textup.url, 'TextUp')
  expect(await untranslated(page, data)).toEqual([])

  await page.getByRole('grid').getByRole('row').filter({ hasText: MICHELLE.email }).click()
  await expect(page.getByRole('heading', { level: 1, name: MICHELLE.displayName })).toBeFocused()
  await expect(page.locator('.events li').first()).toBeVisible()
  expect(await untranslated(page, data)).toEqual([])

  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: translator(PSEUDO_LOCALE).t('console.users.newUser') }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.getByRole('dialog').getByRole('radio').nth(3).check()
  expect(await untranslated(page, data)).toEqual([])
})

/** The account as the admin API answers for it, asked with the console's own kept session. */
async function userFromApi(serverUrl: string, token: string, username: string): Promise<{ preferredLanguage: string }> {
  const headers = { Authorization: `Bearer ${token}` }
  const page = (await (await fetch(`${serverUrl}/api/users?q=${username}`, { headers })).json()) as {
    users: Array<{ id: string; username: string }>
  }
  const found = page.users.find((user) => user.username === username)
  expect(found, `${username} should be found`).toBeDefined()
  const response = await fetch(`${serverUrl}/api/users/${found?.id ?? ''}`, { headers })
  expect(response.status).toBe(200)
  return (await response.json()) as { preferredLanguage: string }
}

test("Eric sets Michelle's email language in her details, and creates Nadia with German emails", async ({ consoleApp, textup }) => {
  test.setTimeout(120_000)
  const { page } = consoleApp
  await signInToConsole(page, textup.url, ERIC, { keep: true })
  await expectSignedIn(page, ERIC)
  const token = await keptToken(textup.url, ERIC.username)
  expect(token).not.toBeNull()

  // In Michelle's profile: chosen, saved at once, said so.
  await userRow(page, MICHELLE.username).click()
  const language = page.getByRole('combobox', { name: 'Email language' })
  await expect(language).toHaveValue('en')
  await expect(language).toHaveAccessibleDescription('The language of the emails TextUp sends them.')
  await expect(language.locator('option[value="de"]')).toHaveAttribute('lang', 'de')
  await language.selectOption('de')
  await expect(notice(page, "Michelle Obi's emails are now in German.")).toBeVisible()
  await expect(language).toHaveValue('de')
  expect((await userFromApi(textup.url, token ?? '', MICHELLE.username)).preferredLanguage).toBe('de')
  // The change is in her recent activity.
  await expect(page.locator('.events li')).toHaveCount(2)

  // The New user dialog offers it too; the console is in English, so English comes first.
  await page.getByRole('button', { name: 'Back to users' }).click()
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await field(dialog, 'Username').fill(NADIA.username)
  await field(dialog, 'Name').fill(NADIA.displayName)
  await field(dialog, 'Email').fill(NADIA.email)
  const dialogLanguage = dialog.getByRole('combobox', { name: 'Email language' })
  await expect(dialogLanguage).toHaveValue('en')
  await dialogLanguage.selectOption('de')
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(page.getByRole('heading', { level: 1, name: NADIA.displayName })).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Email language' })).toHaveValue('de')
  expect((await userFromApi(textup.url, token ?? '', NADIA.username)).preferredLanguage).toBe('de')
})
