// The pages in another language, in a real browser: the forgotten-password flow in German from
// start to finish, the language switcher without JavaScript (and by keyboard), and a scan of every
// page in the pseudo-locale (en-XA), where any text that did not come from a catalogue shows up
// without the ⟦…⟧ brackets every pseudo-translated message has.
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { PSEUDO_END, PSEUDO_START } from '../../src-shared/i18n/pseudo'
import { expect, test, type TextUpServer } from './fixtures'

const MICHELLE = { username: 'michelle', email: 'michelle@example.org', name: 'Michelle Obi', password: 'plum tractor velvet orbit' }
const NEW_PASSWORD = 'lantern meadow copper finch'

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

/** The reset link of the latest email to an address (whatever its language: the mail's own tests check that). */
async function resetLink(textup: TextUpServer, address: string, count = 1): Promise<string> {
  const emails = await textup.smtp.waitFor(
    (m) => m.to.includes(address) && m.links.some((l) => l.includes('/reset-password?token=')),
    count,
  )
  return emails.at(-1)!.links.find((l) => l.includes('/reset-password?token='))!
}

/** Moves every unused reset link's expiry into the past: time passing, as the server has no test clock. */
function expireResetLinks(textup: TextUpServer): void {
  const db = new Database(textup.databaseFile)
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare("UPDATE password_reset_tokens SET expires_at = ? WHERE purpose = 'reset' AND used_at IS NULL").run(
      new Date(Date.now() - 60_000).toISOString(),
    )
  } finally {
    db.close()
  }
}

test.beforeEach(async ({ textup }) => {
  await textup.createUser(MICHELLE)
})

test.describe('in German', () => {
  // Playwright sends Accept-Language from the locale; the time zone is the reader's, not the server's.
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' })

  test('a person resets a forgotten password and signs in, every page in German', async ({ page, textup, saveScreenshot }) => {
    // A long flow, with an email on the way: more time than one page needs.
    test.slow()
    await page.goto('/login')
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')
    await expect(page).toHaveTitle('Anmelden – TextUp')
    await expect(page.getByRole('heading', { level: 1, name: 'Bei TextUp anmelden' })).toBeVisible()
    await expect(field(page, 'Benutzername')).toBeFocused()
    await saveScreenshot('de-01-sign-in')
    await page.getByRole('link', { name: 'Passwort vergessen' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Passwort vergessen' })).toBeVisible()
    await field(page, 'Benutzername').fill(MICHELLE.username)
    await page.getByRole('button', { name: 'Link zum Zurücksetzen senden' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Sehen Sie in Ihre E-Mails' })).toBeVisible()
    await expect(page.getByText('Der Link funktioniert einmal, für 1 Stunde.')).toBeVisible()
    await saveScreenshot('de-02-check-your-email')

    await page.goto(await resetLink(textup, MICHELLE.email))
    await expect(page).toHaveTitle('Wählen Sie ein neues Passwort – TextUp')
    await expect(page.getByText(`Hallo ${MICHELLE.name}.`)).toBeVisible()
    await expect(page.getByText('Mindestens 15 Zeichen.')).toBeVisible()

    // The live meter judges in the browser, and speaks German: the label and the policy's reason.
    const strength = page.locator('.strength-text')
    await field(page, 'Neues Passwort').fill('kurz')
    await expect(strength).toHaveText(/^Stärke: \S.*\. \S/)
    await expect(strength).not.toContainText('Strength')
    await expect(strength).not.toContainText('characters')
    await field(page, 'Neues Passwort').fill(NEW_PASSWORD)
    await expect(strength).toHaveText(/^Stärke: \S+\.$/)
    await field(page, 'Neues Passwort bestätigen').fill(NEW_PASSWORD.replace('finch', 'fence'))
    await expect(page.getByText('Die Passwörter stimmen nicht überein.')).toBeVisible()
    await field(page, 'Neues Passwort bestätigen').fill(NEW_PASSWORD)
    await expect(page.getByText('Die Passwörter stimmen überein.')).toBeVisible()
    const show = page.locator('button[aria-controls="newPassword"]')
    await expect(show).toHaveAccessibleName('Zeigen')
    await show.click()
    await expect(show).toHaveAccessibleName('Verbergen')
    await show.click()
    await saveScreenshot('de-03-choose-new-password')
    await page.getByRole('button', { name: 'Passwort zurücksetzen' }).click()

    await expect(page).toHaveURL(/\/login\?notice=password-reset$/)
    await expect(page.getByRole('status')).toHaveText('Ihr Passwort wurde zurückgesetzt. Melden Sie sich mit Ihrem neuen Passwort an.')
    await field(page, 'Benutzername').fill(MICHELLE.username)
    await field(page, 'Passwort').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()

    await expect(page).toHaveURL(/\/account$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Ihr Konto' })).toBeVisible()
    await expect(page.getByRole('banner')).toContainText(`Angemeldet als ${MICHELLE.username}`)
    await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible()
    // The moment of the change, in German and in the reader's own time zone (the server wrote UTC).
    const time = page.locator('dd time')
    const iso = await time.getAttribute('datetime')
    const expected = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
      new Date(iso!),
    )
    await expect(time).toHaveText(expected)
    await saveScreenshot('de-04-account')
  })
})

test.describe('the language switcher without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'en-GB' })

  test('switches the page, keeps the person where they were, and is remembered', async ({ page, saveScreenshot }) => {
    await page.goto('/forgot-password')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    const language = page.getByRole('combobox', { name: 'Language' })
    await expect(language).toHaveValue('en')
    await expect(language.locator('option[value="de"]')).toHaveAttribute('lang', 'de')

    // By keyboard only: to the list, pick Deutsch, on to the button, Enter.
    await language.focus()
    await page.keyboard.press('ArrowDown')
    await expect(language).toHaveValue('de')
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: 'Change', exact: true })).toBeFocused()
    await page.keyboard.press('Enter')

    await expect(page).toHaveURL(/\/forgot-password$/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')
    await expect(page.getByRole('heading', { level: 1, name: 'Passwort vergessen' })).toBeVisible()
    await expect(page.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de')
    await saveScreenshot('language-switched-no-js')

    // Remembered on the next page, though the browser still asks for English.
    await page.getByRole('link', { name: 'Zurück zur Anmeldung' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Bei TextUp anmelden' })).toBeVisible()

    // And back again, with the mouse this time.
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en')
    await page.getByRole('button', { name: 'Ändern', exact: true }).click()
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to TextUp' })).toBeVisible()
  })
})

/**
 * What of the page a person sees that is not inside ⟦…⟧: text nodes (visible ones only), the title,
 * and the attributes people read or hear (aria-label, title, placeholder, alt). Left out, as they are
 * not words of TextUp's: the person's own data (given), the other languages' own names in the
 * switcher (marked with their lang), and times, which Intl writes from a date.
 */
async function untranslated(page: Page, userData: string[]): Promise<string[]> {
  const found = await page.evaluate<string[]>(`(${SCAN_IN_PAGE})(${JSON.stringify(PSEUDO_START)}, ${JSON.stringify(PSEUDO_END)})`)
  return (
    found
      // Longest first: an email address holds the username.
      .map((text) => [...userData].sort((a, b) => b.length - a.length).reduce((rest, data) => rest.split(data).join(' '), text))
      .flatMap((text) => text.split('\n'))
      .map((line) => line.trim())
      .filter((line) => /[\p{L}\p{N}]/u.test(line))
  )
}

/**
 * Runs in the page (as source: this project's tests are typed without the DOM): the text outside
 * ⟦…⟧, counting nesting (a message inside another), of the visible text nodes, the title and the
 * read-out attributes.
 */
const SCAN_IN_PAGE = `(start, end) => {
  const outside = (text) => {
    let depth = 0
    let rest = ''
    for (const char of text) {
      if (char === start) depth++
      else if (char === end) depth = Math.max(0, depth - 1)
      else if (depth === 0) rest += char
    }
    return rest
  }
  const visibleText = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement
    if (!parent || !node.textContent.trim()) continue
    if (parent.closest('script, style, template, time')) continue
    const lang = parent.closest('[lang]')
    if (lang && lang !== document.documentElement) continue
    if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
    visibleText.push(node.textContent)
  }
  const names = ['aria-label', 'title', 'placeholder', 'alt']
  const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((element) =>
    names.map((name) => element.getAttribute(name) ?? '').filter(Boolean),
  )
  return [outside(visibleText.join('\\n')), outside(document.title), ...attributes.map(outside)]
}`

test.describe('in the pseudo-locale', () => {
  test.use({ locale: 'en-XA' })

  test('every word on every page comes from a catalogue', async ({ page, textup }) => {
    test.slow()
    const userData = [MICHELLE.username, MICHELLE.name, MICHELLE.email]
    const scan = async (what: string) => {
      await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
      expect(await untranslated(page, userData), what).toEqual([])
    }

    await page.goto('/login')
    await scan('sign in')

    await page.goto('/forgot-password')
    await scan('forgot password')
    await page.locator('#username').fill(MICHELLE.username)
    await page.locator('main button[type="submit"]').click()
    await expect(page).toHaveURL(/\/forgot-password\/sent$/)
    await scan('check your email')

    // The reset form, with the live meter and the match check showing, then with the server's errors.
    const link = await resetLink(textup, MICHELLE.email)
    await page.goto(link)
    await expect(page).toHaveURL(/\/reset-password$/)
    await page.locator('#newPassword').fill('short')
    await page.locator('#newPasswordConfirmation').fill('shorter')
    await expect(page.locator('.strength-text')).toBeVisible()
    await expect(page.locator('.match-status')).not.toBeEmpty()
    await scan('reset form, as typed')
    await page.locator('main form button[type="submit"]').click()
    await expect(page.locator('.error-summary')).toBeVisible()
    await scan('reset form with errors')

    // An expired link.
    expireResetLinks(textup)
    await page.goto(link)
    await expect(page).toHaveURL(/\/reset-password\?token=/)
    await expect(page.locator('h1')).toBeVisible()
    await scan('an expired link')

    // Signed in, on the account page.
    await page.goto('/login')
    await page.locator('#username').fill(MICHELLE.username)
    await page.locator('#password').fill(MICHELLE.password)
    await page.locator('main form[action="/login"] button[type="submit"]').click()
    await expect(page).toHaveURL(/\/account$/)
    await scan('account')
  })
})
