// Calls into window.textup. Every call that needs a session goes through `authed`, so a session that
// ended (kind 'signed_out') sends the admin back to the sign-in screen from wherever it happens.
import type { ConsoleApi, ConsoleError, Outcome } from '../../src-shared/ipc'

export function api(): ConsoleApi {
  return window.textup
}

let onSessionEnded: () => void = () => {}

/** The session store registers what to do when any call reports that the session has ended. */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler
}

/** A call that rejects (an IPC failure, a bug in the main process) becomes an ordinary error outcome. */
export async function settle<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await run()
  } catch (cause) {
    console.error('A console call failed', cause)
    return { ok: false, error: UNEXPECTED }
  }
}

/** For calls made while signed in: like settle, and a 'signed_out' error ends the session in the UI. */
export async function authed<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const outcome = await settle(run)
  if (!outcome.ok && outcome.error.kind === 'signed_out') onSessionEnded()
  return outcome
}

export const UNEXPECTED: ConsoleError = {
  kind: 'server',
  title: 'Something went wrong inside the console.',
  detail: 'Try again. If it keeps happening, restart the console.',
}

/** A signed_out error is handled by the sign-in screen, so screens do not show it themselves. */
export function isSessionEnd(error: ConsoleError): boolean {
  return error.kind === 'signed_out'
}
