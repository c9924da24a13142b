// The console window and the guards every web contents gets (Electron's security checklist):
// isolated, sandboxed, no Node in the page, navigation and new windows locked to the app, no
// <webview>, every permission request refused.
import { BrowserWindow, shell, type Session, type WebContents, type BrowserWindowConstructorOptions } from 'electron'
import { APP_START_URL, isAppUrl } from './protocol'

/** `title`: the console's name in its language (the page's own title replaces it once loaded). */
export function mainWindowOptions(preload: string, developerTools: boolean, title: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title,
    backgroundColor: '#f5f7fa',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click must not open links in a new window (the window-open handler denies it too).
      disableBlinkFeatures: 'Auxclick',
      devTools: developerTools,
      // Names and addresses are not prose; and on Linux the spellchecker would download dictionaries from Google.
      spellcheck: false,
    },
  }
}

export function createMainWindow(preload: string, developerTools: boolean, title: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preload, developerTools, title))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(APP_START_URL)
  return window
}

/** Only web links leave the app, and then in the system browser, never in a console window. */
export function openExternally(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url)
  } catch {
    // not a URL: ignore
  }
}

export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

export function refusePermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
