// The IPC channel names and the function that turns them into `window.textup`. Kept apart from
// ipc.ts (which holds the argument schemas, and with them zod) so the preload stays tiny: this file
// imports nothing, and ipc.ts types the methods it lists.

const MENU_COMMANDS = ['find', 'new-user', 'sign-out'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export const MENU_COMMAND_CHANNEL = 'textup:menu-command'

/** Every method of the console API; ipc.ts gives each one its argument schema and result type. */
export const CONSOLE_METHODS = [
  'getStartup',
  'signIn',
  'submitSecondFactor',
  'openEnrolmentPage',
  'openServerPage',
  'signOut',
  'createFirstAdmin',
  'searchUsers',
  'getUser',
  'listUserEvents',
  'createUser',
  'updateUser',
  'setUserPassword',
  'openUserMoreMenu',
  'removeSecondFactor',
  'assessPassword',
  'getLanguage',
  'setLanguage',
] as const

export type ConsoleMethod = (typeof CONSOLE_METHODS)[number]

export function channelOf(method: ConsoleMethod): string {
  return `textup:${method}`
}

/** What bindConsoleApi builds: the methods by name only; ConsoleApi in ipc.ts is the same object with its types. */
export type ConsoleBridge = Record<ConsoleMethod, (...args: unknown[]) => Promise<unknown>> & {
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}

function isMenuCommand(payload: unknown): payload is MenuCommand {
  return (MENU_COMMANDS as readonly unknown[]).includes(payload)
}

/**
 * Builds the renderer-facing API from an invoke function and a subscribe function. The preload
 * passes Electron's ipcRenderer (wrapped: the IPC event object never reaches the renderer); the
 * browser test harness passes its own bridge, so both expose exactly the same methods.
 */
export function bindConsoleApi(
  invoke: (channel: string, args: unknown[]) => Promise<unknown>,
  subscribe: (channel: string, listener: (payload: unknown) => void) => () => void,
): ConsoleBridge {
  const methods = {} as Record<ConsoleMethod, (...args: unknown[]) => Promise<unknown>>
  for (const method of CONSOLE_METHODS) {
    methods[method] = (...args: unknown[]) => invoke(channelOf(method), args)
  }
  return {
    ...methods,
    onMenuCommand: (listener) =>
      subscribe(MENU_COMMAND_CHANNEL, (payload) => {
        if (isMenuCommand(payload)) listener(payload)
      }),
  }
}
