// Steps many tests share: signing in through the form, asking for a reset link and reading it
// from the email, the way a person would.
import { Browser, type Page } from './browser'
import { freshCode, keptFactor } from './second-factor'
import type { TestServer } from './test-server'

export const PASSWORD = 'plum tractor velvet orbit'
export const NEW_PASSWORD = 'lantern meadow copper finch'
export const OTHER_PASSWORD = 'harbor quartz saffron glacier'

export async function signIn(browser: Browser, username: string, password: string, headers: Record<string, string> = {}): Promise<Page> {
  await browser.get('/login', headers)
  return browser.post('/login', { username, password }, { headers })
}

/** The second step of a sign-in, with a fresh code from the person's authenticator app. */
export async function enterCode(t: TestServer, browser: Browser, username: string): Promise<Page> {
  await browser.get('/login/second-factor')
  return browser.post('/login/second-factor', { code: await freshCode(t, username) })
}

/** A new browser, signed in (with a code too, for someone with an authenticator app); fails the test if the sign-in does not succeed. */
export async function signedInBrowser(t: TestServer, username: string, password = PASSWORD): Promise<Browser> {
  const browser = new Browser(t.url)
  let page = await signIn(browser, username, password)
  if (page.location === '/login/second-factor' && keptFactor(t, username)) page = await enterCode(t, browser, username)
  if (page.status !== 303 || !page.location?.startsWith('/account')) throw new Error(`Sign-in of ${username} failed with ${page.status}`)
  return browser
}

/** The path and query of a link from an email, aimed at the test server. */
export function local(link: string): string {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}

/** The token in a reset or invitation link. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token')
  if (!token) throw new Error(`No token in ${link}`)
  return token
}

/** Asks for a reset link on the forgot-password page and returns the link from the `nth` email to that address. */
export async function requestResetLink(t: TestServer, username: string, email: string, nth = 1): Promise<string> {
  const browser = new Browser(t.url)
  await browser.get('/forgot-password')
  const answer = await browser.post('/forgot-password', { username })
  if (answer.status !== 303) throw new Error(`Forgot password answered ${answer.status}`)
  const emails = await t.smtp.waitFor((m) => m.to.includes(email) && m.subject === 'Reset your TextUp password', nth)
  const link = emails[nth - 1]?.links.find((l) => l.includes('/reset-password?token='))
  if (!link) throw new Error('The reset email has no link')
  return link
}

/** Opens a reset link in a browser (token → cookie → clean URL) and returns the form page. */
export async function openResetLink(browser: Browser, link: string): Promise<Page> {
  const opened = await browser.get(local(link))
  if (opened.status !== 303) return opened
  return browser.get(opened.location ?? '/reset-password')
}
