// Signing an admin in from the console's main process as the admin does: the password, then (when
// the server asks) a code from their authenticator app, computed from the secret the test kept.
import type { AdminApiClient } from '../../src-main/api-client'
import type { ConsoleHandlers } from '../../src-main/ipc'
import type { SessionResponse } from '../../src-shared/api'
import type { Outcome, SignedInAdmin, SignInToServerRequest } from '../../src-shared/ipc'
import { Browser } from '../helpers/browser'
import { signIn } from '../helpers/flows'
import { freshCode, totpCode } from '../helpers/second-factor'
import type { TestServer } from '../helpers/test-server'

/** The API client's two steps; a refusal at either is returned as it came. */
export async function signInWithCode(
  client: AdminApiClient,
  t: TestServer,
  username: string,
  password: string,
): Promise<Outcome<SessionResponse>> {
  const step = await client.signIn(username, password)
  if (!step.ok) return step
  if (step.value.step === 'signed_in') return { ok: true, value: step.value.session }
  return client.completeSignIn(step.value.challenge.challenge, await freshCode(t, username))
}

/** The console handlers' two steps (signIn, then submitSecondFactor), as the sign-in and code screens call them. */
export async function signInToConsole(h: ConsoleHandlers, t: TestServer, request: SignInToServerRequest): Promise<Outcome<SignedInAdmin>> {
  const step = await h.signIn(request)
  if (!step.ok) return step
  if (step.value.step === 'signed_in') return { ok: true, value: step.value.admin }
  const done = await h.submitSecondFactor({ code: await freshCode(t, request.username) })
  return done.ok ? { ok: true, value: done.value.admin } : done
}

/**
 * Sets up an authenticator app on a server's account pages, as a new admin does in a browser, and
 * returns a code generator for it (for servers the test has no TestServer for: the embedded one).
 */
export async function enrolOnPages(serverUrl: string, username: string, password: string): Promise<() => string> {
  const browser = new Browser(serverUrl)
  const signedIn = await signIn(browser, username, password)
  if (signedIn.status !== 303) throw new Error(`Signing in on the pages failed: ${signedIn.status}`)
  // The page the admin is sent to; its form token is the signed-in session's (the one from /login is not).
  await browser.get('/account/two-factor')
  const setUp = await browser.post('/account/two-factor/setup', {})
  const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setUp.text)?.[1]?.replaceAll(' ', '')
  if (!secret) throw new Error('The set-up page shows no secret')
  let step = Math.floor(Date.now() / 30_000) - 1
  const next = () => totpCode(secret, new Date(step++ * 30_000))
  const confirmed = await browser.post('/account/two-factor/confirm', { code: next() })
  if (confirmed.status !== 200) throw new Error(`Setting up the authenticator failed: ${confirmed.status}`)
  return next
}
