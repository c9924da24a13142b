// Wires the handler registry to ipcMain. Every call is checked twice before a handler runs: the
// sender must be the console's own top-level page (app://console), and the arguments must match
// the method's schema — the renderer is treated as untrusted input.
import type { IpcMainInvokeEvent } from 'electron'
import type { z } from 'zod'
import type { Translator } from '../src-shared/i18n/translator'
import { issueMessage } from '../src-shared/i18n/validation'
import { CONSOLE_METHODS, channelOf, consoleMethods, type ConsoleMethod, type ConsoleResults } from '../src-shared/ipc'

export type ConsoleHandlers = {
  [M in ConsoleMethod]: (...args: z.output<(typeof consoleMethods)[M]>) => Promise<ConsoleResults[M]>
}

/** Methods whose result is an Outcome: bad arguments come back as field errors rather than a throw. */
const RETURNS_OUTCOME = new Set<ConsoleMethod>(
  CONSOLE_METHODS.filter((m) => m !== 'getStartup' && m !== 'assessPassword' && m !== 'getLanguage'),
)

export const APP_ORIGIN = { protocol: 'app:', host: 'console' } as const

/**
 * Validates the arguments and runs the handler: the same path for Electron IPC and the test harness.
 * `t`: the console's language now, for the field errors of arguments that do not fit.
 */
export async function dispatch(handlers: ConsoleHandlers, method: ConsoleMethod, args: unknown[], t: Translator): Promise<unknown> {
  const parsed = consoleMethods[method].safeParse(args)
  if (!parsed.success) {
    if (!RETURNS_OUTCOME.has(method)) throw new Error(`Invalid arguments for ${method}`)
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) {
      // Argument lists are tuples: drop the argument's index, keep the field name inside it.
      const field = issue.path.slice(1).map(String).join('.') || '_arguments'
      ;(fieldErrors[field] ??= []).push(issueMessage(t, issue))
    }
    return { ok: false, error: { kind: 'invalid', title: t.t('native.ipc.invalid'), fieldErrors } }
  }
  const handler = handlers[method] as (...args: unknown[]) => Promise<unknown>
  return handler(...(parsed.data as unknown[]))
}

/** Only the console's own page, in its top-level frame, may call the main process. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  isOurWindow: (frameId: { processId: number; routingId: number }) => boolean,
): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  return (
    url.protocol === APP_ORIGIN.protocol &&
    url.host === APP_ORIGIN.host &&
    isOurWindow({ processId: frame.processId, routingId: frame.routingId })
  )
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void
}

export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: ConsoleHandlers,
  trusted: (event: IpcMainInvokeEvent) => boolean,
  t: () => Translator,
): void {
  for (const method of CONSOLE_METHODS) {
    ipcMain.handle(channelOf(method), (event, ...args) => {
      if (!trusted(event)) return Promise.reject(new Error('This caller may not use the console API.'))
      return dispatch(handlers, method, args, t())
    })
  }
}
