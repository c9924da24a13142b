// The server addresses the console accepts, and the pages of a server it opens in the system
// browser. A page's address is built here, from a fixed list of paths and the origin of a server
// address checked as sign-in checks it: never taken from the renderer or from a server's answer, so
// the console opens nothing but the configured server's own pages (shell.openExternal would also
// open file:, javascript: or another program's URL scheme).
import type { Translator } from '../src-shared/i18n/translator'
import type { Outcome, ServerPage } from '../src-shared/ipc'
import { parseServerUrl } from './api-client'
import type { ServerPolicy } from './console-deps'

/** The server's pages the console links to: the sign-in screen's (ServerPage), and where admins set up a second factor. */
const PATHS: Record<ServerPage | 'second-factor-setup', string> = {
  'forgot-password': '/forgot-password',
  'sign-in': '/login',
  'second-factor-setup': '/account/two-factor',
}

/** A page of the server at `origin` (an origin allowedServer answered). */
export function serverPageUrl(origin: string, page: keyof typeof PATHS): string {
  return new URL(PATHS[page], origin).href
}

/**
 * The origin of a server address the admin typed, if this console may use it: http(s) only (https
 * but on this computer), no path or credentials, and only IT's server where IT locked it. Otherwise
 * the refusal, on the server address field.
 */
export function allowedServer(typed: string, policy: ServerPolicy, t: Translator): Outcome<string> {
  const address = parseServerUrl(typed, t)
  if (!address.ok) return { ok: false, error: { kind: 'invalid', title: address.message, fieldErrors: { serverUrl: [address.message] } } }
  if (policy.serverLocked && !policy.serverUrl) {
    return {
      ok: false,
      error: { kind: 'forbidden', title: t.t('native.signIn.configInvalid'), detail: t.t('native.signIn.configInvalidDetail') },
    }
  }
  if (policy.serverLocked && address.origin !== policy.serverUrl) {
    const message = t.t('native.signIn.serverLocked', { server: policy.serverUrl })
    return { ok: false, error: { kind: 'forbidden', title: message, fieldErrors: { serverUrl: [message] } } }
  }
  return { ok: true, value: address.origin }
}

/** The address of a server page the sign-in screen asked for, or why there is none. */
export function signInScreenPage(page: ServerPage, typed: string, policy: ServerPolicy, t: Translator): Outcome<string> {
  if (!typed.trim()) {
    const message = t.t('native.serverPage.noServer')
    return { ok: false, error: { kind: 'invalid', title: message, fieldErrors: { serverUrl: [message] } } }
  }
  const server = allowedServer(typed, policy, t)
  return server.ok ? { ok: true, value: serverPageUrl(server.value, page) } : server
}
