// The IPC channel names and the function that turns them into `window.textup`. Kept apart from
// ipc.ts (which holds the argument schemas, and with them zod) so the preload stays tiny.
import type { ConsoleApi, ConsoleMethod } from './ipc'

export type MenuCommand = 'find' | 'new-user' | 'sign-out'

export const MENU_COMMAND_CHANNEL = 'textup:menu-command'

/** Every method of the console API; ipc.ts checks this list matches its schemas exactly. */
export const CONSOLE_METHOD_NAMES = [
  'getStartup',
  'signIn',
  'signOut',
  'createFirstAdmin',
  'searchUsers',
  'getUser',
  'listUserEvents',
  'createUser',
  'updateUser',
  'setUserPassword',
  'openUserMoreMenu',
  'assessPassword',
] as const satisfies readonly ConsoleMethod[]

export function channelOf(method: ConsoleMethod): string {
  return `textup:${method}`
}

/**
 * Builds the renderer-facing API from an invoke function and a subscribe function. The preload
 * passes Electron's ipcRenderer (wrapped: the IPC event object never reaches the renderer); the
 * browser test harness passes its own bridge, so both expose exactly the same methods.
 */
export function bindConsoleApi(
  invoke: (channel: string, args: unknown[]) => Promise<unknown>,
  subscribe: (channel: string, listener: (payload: unknown) => void) => () => void,
): ConsoleApi {
  const api: Record<string, unknown> = {}
  for (const method of CONSOLE_METHOD_NAMES) {
    api[method] = (...args: unknown[]) => invoke(channelOf(method), args)
  }
  api.onMenuCommand = (listener: (command: MenuCommand) => void) =>
    subscribe(MENU_COMMAND_CHANNEL, (payload) => {
      if (payload === 'find' || payload === 'new-user' || payload === 'sign-out') listener(payload)
    })
  return api as ConsoleApi
}
