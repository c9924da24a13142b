// Names the console harness (Node) and its bridge (in the page) agree on.

/** The Playwright binding the harness exposes; Playwright's serializer keeps `undefined` (as IPC's structured clone does). */
export const INVOKE_BINDING = '__textupHarnessInvoke'

/** The event the harness dispatches for what the main process would `webContents.send` (menu commands). */
export const SEND_EVENT = 'textup-harness:send'

export interface SendDetail {
  channel: string
  payload: unknown
}
