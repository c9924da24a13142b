// The pages in the reader's language: Accept-Language by default, the language switcher's choice
// (a cookie) over it, and a switcher that cannot be turned into an open redirect or carry a token.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText, type Page } from '../helpers/browser'
import { PASSWORD, signIn } from '../helpers/flows'
import { cookieFrom, useTestServers } from '../helpers/servers'

const start = useTestServers()
const GERMAN = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }
const ENGLISH = { 'accept-language': 'en-GB,en;q=0.9' }

function title(page: Page): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(page.text)?.[1]
}

function htmlLang(page: Page): string | undefined {
  return /<html lang="([^"]*)"/.exec(page.text)?.[1]
}

/** The value of the language switcher's hidden return field. */
function switcherReturn(page: Page): string | undefined {
  return /<form[^>]*action="\/language"[\s\S]*?name="return" value="([^"]*)"/.exec(page.text)?.[1]
}

function switchTo(browser: Browser, lang: string, returnTo: string | undefined, headers: Record<string, string> = {}): Promise<Page> {
  const query = new URLSearchParams({ lang, ...(returnTo === undefined ? {} : { return: returnTo }) })
  return browser.get(`/language?${query.toString()}`, headers)
}

describe('the pages in the reader’s language', () => {
  it('speak German to a browser that asks for it, and say so (lang, Content-Language, Vary)', async () => {
    const t = await start()
    const browser = new Browser(t.url)

    const signInPage = await browser.get('/login', GERMAN)
    expect(signInPage.status).toBe(200)
    expect(htmlLang(signInPage)).toBe('de')
    expect(signInPage.headers.get('content-language')).toBe('de')
    expect(signInPage.headers.get('vary')).toMatch(/Accept-Language/i)
    expect(signInPage.headers.get('vary')).toMatch(/Cookie/i)
    expect(title(signInPage)).toBe('Anmelden – TextUp')
    const text = visibleText(signInPage.text)
    expect(text).toContain('Bei TextUp anmelden')
    expect(text).toContain('Benutzername')
    expect(text).toContain('Passwort vergessen')
    expect(text).not.toContain('Sign in to TextUp')

    const forgot = await browser.get('/forgot-password', GERMAN)
    expect(visibleText(forgot.text)).toContain('Link zum Zurücksetzen senden')

    // Form problems written by the pages, and the title's "Error:" prefix, in German too.
    const empty = await browser.post('/login', { username: 'ann', password: '' }, { headers: GERMAN })
    expect(empty.status).toBe(400)
    expect(title(empty)).toBe('Fehler: Anmelden – TextUp')
    expect(visibleText(empty.text)).toContain('Geben Sie Ihr Passwort ein.')
    expect(visibleText(empty.text)).toContain('Es gibt ein Problem')

    // English stays exactly as it was.
    const english = await browser.get('/login', ENGLISH)
    expect(htmlLang(english)).toBe('en')
    expect(english.headers.get('content-language')).toBe('en')
    expect(title(english)).toBe('Sign in · TextUp')
  })

  it('speak German after sign-in, in the header and the account page, and on error pages', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: 'Ann Lee' })
    const browser = new Browser(t.url)
    await browser.get('/login', GERMAN)
    const wrong = await signIn(browser, 'ann', 'not the right password at all', GERMAN)
    expect(wrong.status).toBe(401)
    expect(visibleText(wrong.text)).toContain('Benutzername oder Passwort stimmen nicht.')

    await browser.get('/login', GERMAN)
    expect((await signIn(browser, 'ann', PASSWORD, GERMAN)).location).toBe('/account')
    const account = await browser.get('/account', GERMAN)
    const text = visibleText(account.text)
    expect(text).toContain('Angemeldet als ann')
    expect(text).toContain('Abmelden')
    expect(text).toContain('Ihr Konto')
    expect(text).toContain('Passwort ändern')
    expect(text).toContain('Ann Lee')

    const missing = await browser.get('/no-such-page', GERMAN)
    expect(missing.status).toBe(404)
    expect(htmlLang(missing)).toBe('de')
    expect(visibleText(missing.text)).toContain('Zur Startseite')
  })

  it('switch language with the switcher: a year-long cookie, then back to the page, and the cookie beats Accept-Language', async () => {
    const t = await start()
    const browser = new Browser(t.url)
    const before = await browser.get('/forgot-password', ENGLISH)
    expect(switcherReturn(before)).toBe('/forgot-password')

    const switched = await switchTo(browser, 'de', '/forgot-password', ENGLISH)
    expect(switched.status).toBe(303)
    expect(switched.location).toBe('/forgot-password')
    const cookie = cookieFrom(switched.setCookies, 'tu_lang')
    expect(cookie?.value).toBe('de')
    expect(cookie?.attributes.has('httponly')).toBe(true)
    expect(cookie?.attributes.get('samesite')?.toLowerCase()).toBe('lax')
    expect(cookie?.attributes.get('path')).toBe('/')
    const days = (Date.parse(cookie?.attributes.get('expires') ?? '') - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(360)
    expect(days).toBeLessThan(370)

    // The browser still asks for English; the person chose German.
    const after = await browser.get('/forgot-password', ENGLISH)
    expect(htmlLang(after)).toBe('de')
    expect(after.headers.get('content-language')).toBe('de')
    expect(visibleText(after.text)).toContain('Passwort vergessen')

    // And back, against a browser that asks for German.
    await switchTo(browser, 'en', '/login', GERMAN)
    expect(htmlLang(await browser.get('/login', GERMAN))).toBe('en')

    // A cookie TextUp did not write (an unknown language) is ignored: Accept-Language decides.
    const planted = new Browser(t.url)
    planted.cookies.set('tu_lang', 'xx')
    expect(htmlLang(await planted.get('/login', GERMAN))).toBe('de')
  })

  it('goes back only to a path on this site, never elsewhere and never with a token', async () => {
    const t = await start()
    const browser = new Browser(t.url)
    const cases: Array<[string | undefined, string]> = [
      ['/login', '/login'],
      ['/account/two-factor', '/account/two-factor'],
      ['/reset-password?token=secret-token-value', '/reset-password'],
      ['/login#fragment', '/login'],
      ['//evil.example', '/'],
      ['//evil.example/login', '/'],
      ['https://evil.example', '/'],
      ['https://evil.example/login', '/'],
      ['/\\evil.example', '/'],
      ['\\\\evil.example', '/'],
      ['/\\/evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['evil.example', '/'],
      [' //evil.example', '/'],
      ['/\t/evil.example', '/'],
      ['/login\r\nSet-Cookie: x=y', '/'],
      ['', '/'],
      [`/${'a'.repeat(5000)}`, '/'],
      [undefined, '/'],
    ]
    for (const [returnTo, expected] of cases) {
      const page = await switchTo(browser, 'de', returnTo)
      expect(page.status, String(returnTo)).toBe(303)
      expect(page.location, String(returnTo)).toBe(expected)
    }
    const repeated = await browser.get('/language?lang=de&return=%2F%2Fevil.example&return=%2Flogin')
    expect(repeated.location).toBe('/')

    // The switcher itself never carries a reset link's token: it names the path alone.
    const linkPage = await browser.get('/reset-password?token=secret-token-value')
    expect(switcherReturn(linkPage)).toBe('/reset-password')
    expect(linkPage.text).not.toContain('secret-token-value')
  })

  it('refuses a language it does not offer with a 400 page in the reader’s language, and sets nothing', async () => {
    const t = await start()
    const browser = new Browser(t.url)
    for (const query of [
      'lang=xx&return=/login',
      'lang=en-XA&return=/login',
      'lang=&return=/login',
      'return=/login',
      'lang=de&lang=en&return=/login',
      `lang=${'d'.repeat(5000)}`,
      'lang=%00de',
      'lang=DE',
    ]) {
      const page = await browser.get(`/language?${query}`, GERMAN)
      expect(page.status, query).toBe(400)
      expect(htmlLang(page), query).toBe('de')
      expect(visibleText(page.text), query).toContain('Diese Sprache ist nicht verfügbar')
      expect(cookieFrom(page.setCookies, 'tu_lang'), query).toBeUndefined()
      // Its own switcher goes back to the start page, not to this refusal.
      expect(switcherReturn(page), query).toBe('/')
    }
    const english = await browser.get('/language?lang=xx', ENGLISH)
    expect(english.status).toBe(400)
    expect(visibleText(english.text)).toContain('That language is not available')
  })
})
