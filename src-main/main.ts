// The console's main process: security settings first, then the app:// protocol, the machine
// configuration, the embedded server when no server is configured, the IPC handlers, the menu and
// the window, all in the console's language (the system's, or the one the admin chose).
import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron'
import { DEFAULT_LOCALE, pickLocale } from '../src-shared/i18n/locales'
import { translator, type Translator } from '../src-shared/i18n/translator'
import { MENU_COMMAND_CHANNEL, type MenuCommand } from '../src-shared/ipc'
import { loadSystemKeychain, PreferencesFile, TokenStore } from './credentials'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { createConsoleHandlers } from './handlers'
import { isTrustedSender, registerIpc } from './ipc'
import { ConsoleLanguage, systemLanguageTags } from './language'
import { loadMachineConfig, machineConfigPath } from './machine-config'
import { applicationMenuTemplate } from './menus'
import { electronNativeUi } from './native-ui'
import { consolePaths, distDir } from './paths'
import { APP_SCHEME, serveAppRequest } from './protocol'
import { createMainWindow, guardWebContents, refusePermissions } from './window'

// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }])
app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  start().catch((error: unknown) => {
    // Without this, a failed start would leave a process running with no window.
    dialog.showErrorBox(startupTranslator().t('native.app.startFailed'), error instanceof Error ? error.message : String(error))
    app.quit()
  })
}

/** The system's language for a failure before the console's own is known (before ready, there is none to ask). */
function startupTranslator(): Translator {
  try {
    return translator(app.isReady() ? pickLocale(systemLanguageTags(app)) : DEFAULT_LOCALE)
  } catch {
    return translator(DEFAULT_LOCALE)
  }
}

async function start(): Promise<void> {
  const paths = consolePaths(distDir(import.meta.url))
  const developerTools = !app.isPackaged
  let mainWindow: BrowserWindow | undefined
  let embedded: EmbeddedServer | null = null

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })

  await app.whenReady()
  refusePermissions(session.defaultSession)
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(paths.renderer, request.url))

  const preferences = new PreferencesFile(app.getPath('userData'))
  const language = await new ConsoleLanguage(() => systemLanguageTags(app), preferences).load()
  const t = language.t()
  const machine = await loadMachineConfig(machineConfigPath(process.platform), t)
  const notices = [...machine.problems]
  if (!machine.serverUrl && machine.allowEmbeddedServer) {
    try {
      embedded = await startEmbeddedServer(path.join(app.getPath('userData'), 'server'), paths.serverAssets)
    } catch (error) {
      notices.push(t.t('native.notice.embeddedFailed', { error: (error as Error).message }))
    }
  }

  let tokens: TokenStore | { unavailable: string }
  try {
    tokens = new TokenStore(await loadSystemKeychain())
  } catch (error) {
    tokens = { unavailable: t.t('native.notice.keychainFailed', { error: (error as Error).message }) }
  }

  const handlers = createConsoleHandlers({
    ui: electronNativeUi(() => mainWindow),
    tokens,
    preferences,
    language,
    policy: machine,
    embedded,
    notices,
    platform: process.platform,
  })
  registerIpc(
    ipcMain,
    handlers,
    (event) =>
      isTrustedSender(event, (frame) =>
        BrowserWindow.getAllWindows().some((window) => {
          const main = window.webContents.mainFrame
          return main.processId === frame.processId && main.routingId === frame.routingId
        }),
      ),
    () => language.t(),
  )

  const send = (command: MenuCommand) => (BrowserWindow.getFocusedWindow() ?? mainWindow)?.webContents.send(MENU_COMMAND_CHANNEL, command)
  const setMenu = () =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, { developerTools, send, t: language.t() })))
  setMenu()
  // The admin chose another language in the console: the menus speak it from now on.
  language.onChange(setMenu)

  const openWindow = () => {
    mainWindow = createMainWindow(paths.preload, developerTools, language.t().t('native.app.name'))
    mainWindow.on('closed', () => {
      mainWindow = undefined
    })
  }
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let stopped = false
  app.on('before-quit', (event) => {
    if (stopped || !embedded) return
    // Let the embedded server finish requests in flight and close its database cleanly.
    event.preventDefault()
    stopped = true
    void embedded.stop().finally(() => app.quit())
  })
}
