// The console's first screens in another language: German throughout (its long words must fit), and
// the pseudo-locale, in which every text the console writes is bracketed ⟦…⟧, so a text on screen
// without brackets did not come from a catalogue.
//
// The language is the operating system's: under Electron, Chromium takes its language from the
// system (as app.getLocale() does), and the renderer starts in it. Here the test's browser context
// is started in that language (Playwright's `locale`, which sets navigator.languages before the
// page's first script), so nothing in the renderer or the harness is test-only.
import type { Page } from '@playwright/test'
import { expect, test } from './harness'
import { createPerson, ERIC, field } from './steps'

const WEAK_PASSWORD = 'password123'

test.describe('German', () => {
  test.use({ locale: 'de-DE' })

  test('the sign-in screen, its errors and the code screen are in German, and German words fit', async ({ startConsole, textup }) => {
    await createPerson(textup, ERIC)
    const { page } = await startConsole()
    await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible()
    await expect(page).toHaveTitle('Anmelden — TextUp-Verwaltung')
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')
    await expect(field(page, 'Serveradresse')).toHaveAccessibleDescription(/Die Adresse des TextUp-Servers Ihrer Organisation/)
    await expect(field(page, 'Angemeldet bleiben')).toBeVisible()

    // The console's own checks, before anything is sent.
    await page.getByRole('button', { name: 'Anmelden' }).click()
    await expect(field(page, 'Serveradresse')).toHaveAccessibleDescription(/Fehler: Geben Sie die Serveradresse ein/)
    await expect(field(page, 'Benutzername')).toHaveAccessibleDescription(/Fehler: Geben Sie Ihren Benutzernamen ein\./)
    await expect(field(page, 'Passwort')).toHaveAccessibleDescription(/Fehler: Geben Sie Ihr Passwort ein\./)
    await expectNoOverflow(page)

    // A wrong password: the refusal is shown, in the console's language, and the password is up for retyping.
    await field(page, 'Serveradresse').fill(textup.url)
    await field(page, 'Benutzername').fill(ERIC.username)
    await field(page, 'Passwort').fill('not the password at all')
    await page.getByRole('button', { name: 'Anmelden' }).click()
    const refusal = page.locator('.error-box')
    await expect(refusal).toContainText('Passwort')
    await expect(refusal).not.toContainText(/password/i)
    await expect(field(page, 'Passwort')).toBeFocused()
    await expectNoOverflow(page)

    await field(page, 'Passwort').fill(ERIC.password)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { level: 1, name: 'Anmeldung in zwei Schritten' })).toBeVisible()
    await expect(page).toHaveTitle('Anmeldung in zwei Schritten — TextUp-Verwaltung')
    await expect(page.getByText(`Authenticator-App für TextUp (${ERIC.username}) anzeigt.`)).toBeVisible()
    await expect(field(page, 'Code')).toHaveAccessibleDescription(/Sie haben noch 10; jeder funktioniert einmal/)
    await page.getByRole('button', { name: 'Anmelden' }).click()
    await expect(field(page, 'Code')).toHaveAccessibleDescription(/Geben Sie den Code aus Ihrer Authenticator-App/)
    await expect(page.getByRole('button', { name: 'Abbrechen' })).toBeVisible()
    await expectNoOverflow(page)

    await page.getByRole('button', { name: 'Abbrechen' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Anmeldung abgebrochen.' })).toBeVisible()
  })

  test('the first-admin screen and its strength meter are in German', async ({ startConsole }) => {
    const { page } = await startConsole({ embedded: true })
    await expect(page.getByRole('heading', { level: 1, name: 'Das erste Admin-Konto anlegen' })).toBeVisible()
    await expect(page.getByText(/Diese Konsole betreibt auf diesem Computer ihren eigenen TextUp-Server/)).toBeVisible()
    await expect(page.getByText('Verwenden Sie mindestens 15 Zeichen.')).toBeVisible()
    await expect(page.getByText('Die Stärke wird beim Tippen angezeigt.')).toBeVisible()

    await page.getByRole('button', { name: 'Admin-Konto anlegen' }).click()
    await expect(field(page, 'Benutzername')).toHaveAccessibleDescription('Fehler: Wählen Sie einen Benutzernamen.')
    await expect(field(page, 'E-Mail')).toHaveAccessibleDescription(
      'Ihre eigene E-Mail-Adresse, zum Beispiel name@example.org. Fehler: Geben Sie Ihre E-Mail-Adresse ein.',
    )
    await expect(field(page, 'Passwort bestätigen')).toHaveAccessibleDescription(
      'Fehler: Geben Sie das neue Passwort zur Bestätigung noch einmal ein.',
    )

    // A weak password: the meter's strength and its first problem, both in German.
    await field(page, 'Passwort').fill(WEAK_PASSWORD)
    const meter = page.locator('.strength-text')
    // The console's first judgement loads the estimator's dictionaries in the main process: slow on a busy machine.
    await expect(meter).toHaveText(/^Stärke: \S.*\.\s+\S/, { timeout: 30_000 })
    await expect(meter).not.toContainText(/strength|weak|password|characters/i)
    await field(page, 'Passwort bestätigen').fill('something else')
    await page.getByRole('button', { name: 'Admin-Konto anlegen' }).click()
    await expect(field(page, 'Passwort bestätigen')).toHaveAccessibleDescription(/Die beiden neuen Passwörter stimmen nicht überein\./)
    await expectNoOverflow(page)
  })
})

test.describe('pseudo-locale', () => {
  test.use({ locale: 'en-XA' })

  test('every text on the sign-in and code screens, their errors included, comes from a catalogue', async ({ startConsole, textup }) => {
    await createPerson(textup, ERIC)
    const { page } = await startConsole()
    await expect(page.locator('#sign-in-heading')).toHaveText(/⟦/)
    await expectAllTranslated(page, [])
    // The console's own errors next to each field.
    await page.locator('button[type=submit]').click()
    await expect(page.locator('.field-errors')).toHaveCount(3)
    await expectAllTranslated(page, [])
    await expectNoOverflow(page)

    await page.locator('input[autocomplete=url]').fill(textup.url)
    await page.locator('input[autocomplete=username]').fill(ERIC.username)
    await page.locator('input[autocomplete=current-password]').fill(ERIC.password)
    await page.keyboard.press('Enter')
    await expect(page.locator('#second-factor-heading')).toHaveText(/⟦/)
    await page.locator('button[type=submit]').click()
    await expect(page.locator('.field-errors')).toHaveCount(1)
    await expectAllTranslated(page, [ERIC.username])
    await expectNoOverflow(page)
  })

  test('every text on the first-admin screen, a weak password judged, comes from a catalogue', async ({ startConsole, textup }) => {
    const { page } = await startConsole({ embedded: true })
    await expect(page.locator('#first-admin-heading')).toHaveText(/⟦/)
    await expectAllTranslated(page, [textup.server.url.origin])
    await page.locator('input[autocomplete=new-password]').first().fill(WEAK_PASSWORD)
    await expect(page.locator('.strength-label')).toBeVisible({ timeout: 30_000 })
    await page.locator('button[type=submit]').click()
    await expect(page.locator('.field-errors').first()).toBeVisible()
    await expectAllTranslated(page, [textup.server.url.origin])
    await expectNoOverflow(page)
  })
})

/** The little of the page's DOM these checks read (the tests' TypeScript has no DOM library). */
interface PageElement {
  readonly parentElement: PageElement | null
  readonly textContent: string | null
  readonly tagName: string
  readonly className: string
  readonly clientWidth: number
  readonly scrollWidth: number
  closest(selector: string): PageElement | null
  checkVisibility(): boolean
  getAttribute(name: string): string | null
  getBoundingClientRect(): { right: number }
}
interface PageDocument {
  readonly body: PageElement
  readonly title: string
  querySelectorAll(selector: string): Iterable<PageElement>
  createTreeWalker(
    root: PageElement,
    whatToShow: number,
  ): { nextNode(): { textContent: string | null; parentElement: PageElement | null } | null }
}

/**
 * Every visible text node (decorations hidden from screen readers aside), every aria-label and the
 * window title hold a pseudo-locale bracket: the start or end of a translated message. Text that is
 * exactly one of `data` (an address, a username the admin typed elsewhere) is the admin's own. The
 * startup notices are the main process's own sentences, shown as they come (its tests check their
 * language); their banner's label and button are the renderer's, and checked.
 */
async function expectAllTranslated(page: Page, data: string[]): Promise<void> {
  const untranslated = await page.evaluate((userData) => {
    const { document } = globalThis as unknown as { document: PageDocument }
    const SHOW_TEXT = 4 // NodeFilter.SHOW_TEXT
    const found: string[] = []
    const bracketed = (text: string) => text.includes('⟦') || text.includes('⟧')
    const walker = document.createTreeWalker(document.body, SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? ''
      const parent = node.parentElement
      if (!text || !parent || userData.includes(text) || parent.closest('[aria-hidden="true"], noscript, .banner-list')) continue
      const visible = parent.checkVisibility() || parent.closest('.visually-hidden') !== null
      if (visible && !bracketed(text)) found.push(text)
    }
    for (const element of document.querySelectorAll('[aria-label]')) {
      const label = element.getAttribute('aria-label') ?? ''
      if (!bracketed(label)) found.push(`aria-label="${label}"`)
    }
    if (!bracketed(document.title)) found.push(`<title>${document.title}</title>`)
    return found
  }, data)
  expect(untranslated, 'text on screen that did not come from a catalogue').toEqual([])
}

/** Long words (German's, the pseudo-locale's 40 % longer ones) stay inside their buttons, labels and cards. */
async function expectNoOverflow(page: Page): Promise<void> {
  const overflowing = await page.evaluate(() => {
    const { document } = globalThis as unknown as { document: PageDocument }
    return [...document.querySelectorAll('button, label, h1, .hint, .card, .error-box, .strength-text, .field-errors li')]
      .filter((element) => element.closest('.visually-hidden') === null && element.checkVisibility())
      .filter((element) => {
        // Inline elements (a label) have no client box of their own: they must stay inside their parent's.
        if (element.clientWidth === 0) {
          const parent = element.parentElement?.getBoundingClientRect()
          return parent !== undefined && element.getBoundingClientRect().right > parent.right + 0.5
        }
        return element.scrollWidth > element.clientWidth
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent ?? ''}`)
  })
  expect(overflowing, 'elements whose text overflows them').toEqual([])
}
