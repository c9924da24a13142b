// The native pieces of UI the main process shows itself: the user's "More" menu (Menu.popup),
// confirmation dialogs, and the system browser for a page of the server. Handlers depend on this
// interface, so the browser test harness can stand in for what only Electron can draw, while the
// handlers' logic stays the real one. Every word shown comes from the caller, in the console's language.
import { dialog, Menu, shell, type BrowserWindow } from 'electron'

export type NativeMenuItem<T extends string> = { id: T; label: string; enabled?: boolean } | { separator: true }

export interface ConfirmOptions {
  title: string
  message: string
  detail: string
  confirmLabel: string
  cancelLabel: string
  /** A destructive action: Cancel is the default button. */
  destructive?: boolean
}

export interface NativeUi {
  /** Shows a menu at the pointer; resolves with the chosen item's id, or null when dismissed. */
  popupMenu<T extends string>(items: NativeMenuItem<T>[]): Promise<T | null>
  confirm(options: ConfirmOptions): Promise<boolean>
  /** Opens a page of the signed-in server in the system browser (the caller checks it is one). */
  openInBrowser(url: string): Promise<void>
}

export function electronNativeUi(getWindow: () => BrowserWindow | undefined): NativeUi {
  return {
    popupMenu<T extends string>(items: NativeMenuItem<T>[]) {
      return new Promise<T | null>((resolve) => {
        let settled = false
        const settle = (value: T | null) => {
          if (!settled) {
            settled = true
            resolve(value)
          }
        }
        const menu = Menu.buildFromTemplate(
          items.map((item) =>
            'separator' in item
              ? { type: 'separator' as const }
              : { label: item.label, enabled: item.enabled ?? true, click: () => settle(item.id) },
          ),
        )
        const window = getWindow()
        // The close callback can run just before a click's handler: let a click win.
        menu.popup({ ...(window ? { window } : {}), callback: () => setTimeout(() => settle(null), 50) })
      })
    },
    async confirm(options) {
      const window = getWindow()
      const settings = {
        type: options.destructive ? ('warning' as const) : ('question' as const),
        title: options.title,
        message: options.message,
        detail: options.detail,
        buttons: [options.confirmLabel, options.cancelLabel],
        defaultId: options.destructive ? 1 : 0,
        cancelId: 1,
        noLink: true,
      }
      const { response } = window ? await dialog.showMessageBox(window, settings) : await dialog.showMessageBox(settings)
      return response === 0
    },
    openInBrowser: (serverPage) => shell.openExternal(serverPage),
  }
}
