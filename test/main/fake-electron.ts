// A fake of the parts of Electron the console's main process uses (vitest.config.ts aliases
// `electron` to this file: the Electron binary cannot be downloaded on these machines). It does
// nothing Electron would do beyond recording what the code asked for, so tests assert on that:
// the options a window was made with, the listeners a web contents got, the handlers installed.
// Where real Electron refuses a call at the wrong moment (a window or the default session before
// the app is ready, privileged schemes or the sandbox switch after it), the fake refuses too.
// `fake` holds the recorded state and the controls a test drives (ready, navigation, menu choices,
// dialog answers, IPC from a page).
import { EventEmitter } from 'node:events'
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  IpcMainInvokeEvent,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  PopupOptions,
} from 'electron'

/** Electron's Event: listeners call preventDefault() to stop what was about to happen. */
export class FakeEvent {
  defaultPrevented = false
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields)
  }
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

/** The part of WebFrameMain that sender checks read. */
export interface FakeFrame {
  url: string
  processId: number
  routingId: number
  parent: FakeFrame | null
  frames: FakeFrame[]
}

let nextRoutingId = 1

export function fakeFrame(url: string, processId: number, parent: FakeFrame | null = null): FakeFrame {
  const frame: FakeFrame = { url, processId, routingId: nextRoutingId++, parent, frames: [] }
  parent?.frames.push(frame)
  return frame
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny'
}

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly mainFrame: FakeFrame
  windowOpenHandler: WindowOpenHandler | undefined
  /** What the main process sent to the page (webContents.send). */
  readonly sent: { channel: string; args: unknown[] }[] = []

  constructor(url = 'about:blank') {
    super()
    // Each web contents gets its own renderer process here, as Electron does for separate sites.
    this.mainFrame = fakeFrame(url, 1000 + this.id)
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: structuredClone(args) })
  }

  getURL(): string {
    return this.mainFrame.url
  }

  // Test controls: what the page (or a link in it) tries to do.

  /** The page starts a navigation ('will-navigate') or is redirected ('will-redirect'); true when it may go ahead. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame })
    this.emit(kind, event, url, false, true, this.mainFrame.processId, this.mainFrame.routingId)
    if (!event.defaultPrevented) this.mainFrame.url = url
    return !event.defaultPrevented
  }

  /** window.open() or a target=_blank link; Electron opens a window when no handler says otherwise. */
  openWindow(url: string): 'allow' | 'deny' {
    if (!this.windowOpenHandler) return 'allow'
    return this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }).action
  }

  /** A <webview> about to be attached; true when it may be. */
  attachWebview(src: string): boolean {
    const event = new FakeEvent()
    const webPreferences = { nodeIntegration: false }
    this.emit('will-attach-webview', event, webPreferences, { src })
    return !event.defaultPrevented
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return state.windows.filter((window) => !window.destroyed)
  }

  static getFocusedWindow(): BrowserWindow | null {
    return state.windows.find((window) => window.focused && !window.destroyed) ?? null
  }

  readonly options: BrowserWindowConstructorOptions
  readonly webContents: FakeWebContents
  readonly loadedUrls: string[] = []
  visible: boolean
  focused = false
  minimized = false
  destroyed = false

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super()
    if (!state.ready) throw new Error('Cannot create BrowserWindow before app is ready')
    this.options = options
    this.visible = options.show !== false
    this.webContents = new FakeWebContents()
    state.windows.push(this)
    app.emit('web-contents-created', new FakeEvent(), this.webContents)
    app.emit('browser-window-created', new FakeEvent(), this)
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url)
    this.webContents.mainFrame.url = url
    return Promise.resolve()
  }

  show(): void {
    this.visible = true
    this.focus()
  }

  isVisible(): boolean {
    return this.visible
  }

  focus(): void {
    for (const window of state.windows) window.focused = false
    this.focused = true
  }

  isMinimized(): boolean {
    return this.minimized
  }

  minimize(): void {
    this.minimized = true
    this.focused = false
  }

  restore(): void {
    this.minimized = false
  }

  close(): void {
    this.destroyed = true
    this.focused = false
    this.emit('closed')
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed')
  }
}

class FakeApp extends EventEmitter {
  get isPackaged(): boolean {
    return state.isPackaged
  }

  whenReady(): Promise<void> {
    return state.readyPromise
  }

  isReady(): boolean {
    return state.ready
  }

  requestSingleInstanceLock(): boolean {
    state.calls.push('app.requestSingleInstanceLock')
    return state.singleInstanceLock
  }

  enableSandbox(): void {
    if (state.ready) throw new Error('app.enableSandbox() can only be called before app is ready')
    state.calls.push('app.enableSandbox')
    state.sandboxEnabled = true
  }

  getPath(name: string): string {
    const found = state.paths[name]
    if (found === undefined) throw new Error(`Failed to get '${name}' path`)
    return found
  }

  /** The app's locale, as Chromium chose it from the system's; Electron has it only once ready. */
  getLocale(): string {
    return state.ready ? state.locale : ''
  }

  getPreferredSystemLanguages(): string[] {
    return [...state.preferredSystemLanguages]
  }

  quit(): void {
    state.calls.push('app.quit')
    const event = new FakeEvent()
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    if (!state.quitted) {
      state.quitted = true
      this.emit('will-quit', new FakeEvent())
      this.emit('quit', new FakeEvent(), 0)
    }
  }
}

export const app = new FakeApp()

type IpcListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

export const ipcMain = {
  handle(channel: string, listener: IpcListener): void {
    if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    state.ipcHandlers.set(channel, listener)
  },
  removeHandler(channel: string): void {
    state.ipcHandlers.delete(channel)
  },
}

/** The sandboxed preload's ipcRenderer: invoke goes to ipcMain's handler, as from the page's frame. */
class FakeIpcRenderer extends EventEmitter {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const frame = state.rendererFrame
    try {
      return await fake.invoke(channel, { senderFrame: frame, processId: frame?.processId, frameId: frame?.routingId }, ...args)
    } catch (error) {
      // What the page sees when the main process's handler throws.
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`)
    }
  }
}

export const ipcRenderer = new FakeIpcRenderer()

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (state.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`)
    state.exposed.set(key, api)
  },
}

/** A built menu item: what Menu.buildFromTemplate keeps of a template entry. */
export class MenuItem {
  readonly label: string
  readonly role: string | undefined
  readonly type: string
  readonly accelerator: string | undefined
  readonly enabled: boolean
  readonly visible: boolean
  readonly submenu: Menu | undefined
  readonly click: MenuItemConstructorOptions['click']

  constructor(options: MenuItemConstructorOptions) {
    if (options.label === undefined && options.role === undefined && options.type === undefined) {
      throw new Error('Invalid template for MenuItem: must have at least one of label, role or type')
    }
    this.label = options.label ?? ''
    this.role = options.role
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal')
    this.accelerator = options.accelerator
    this.enabled = options.enabled ?? true
    this.visible = options.visible ?? true
    this.submenu = Array.isArray(options.submenu) ? Menu.buildFromTemplate(options.submenu) : (options.submenu as Menu | undefined)
    this.click = options.click
  }
}

export class Menu {
  readonly items: MenuItem[] = []

  static buildFromTemplate(template: (MenuItemConstructorOptions | MenuItem)[]): Menu {
    const menu = new Menu()
    for (const entry of template) menu.items.push(entry instanceof MenuItem ? entry : new MenuItem(entry))
    return menu
  }

  static setApplicationMenu(menu: Menu | null): void {
    state.applicationMenu = menu
  }

  static getApplicationMenu(): Menu | null {
    return state.applicationMenu
  }

  /**
   * Shows the menu: the next scripted choice picks an item by its label, or dismisses the menu
   * (null). As on macOS, the menu-closed callback runs before the chosen item's click handler.
   */
  popup(options: PopupOptions = {}): void {
    state.popups.push({ menu: this, options })
    if (state.popupChoices.length === 0) throw new Error('The test scripted no choice for this menu')
    const choice = state.popupChoices.shift() ?? null
    const item = choice === null ? undefined : this.items.find((candidate) => candidate.label === choice)
    if (choice !== null && !item) throw new Error(`The menu has no item "${choice}": ${this.items.map((i) => i.label).join(', ')}`)
    if (item && (!item.enabled || !item.visible)) throw new Error(`The menu item "${choice}" cannot be chosen: it is disabled or hidden`)
    setImmediate(() => {
      options.callback?.()
      if (item) setImmediate(() => item.click?.(item as never, options.window as never, {}))
    })
  }
}

export const dialog = {
  showMessageBox(windowOrOptions: unknown, maybeOptions?: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }> {
    const window = maybeOptions === undefined ? undefined : (windowOrOptions as BrowserWindow)
    const options = maybeOptions ?? (windowOrOptions as MessageBoxOptions)
    state.messageBoxes.push({ window, options })
    const answer = state.dialogAnswers.shift()
    if (answer === undefined) return Promise.reject(new Error(`The test scripted no answer for the dialog "${options.message}"`))
    // 'escape' is the Esc key: Electron answers with cancelId.
    const response = answer === 'escape' ? (options.cancelId ?? -1) : (options.buttons ?? ['OK']).indexOf(answer)
    if (response < 0) return Promise.reject(new Error(`The dialog "${options.message}" has no button "${answer}"`))
    return Promise.resolve({ response, checkboxChecked: false })
  },
  showErrorBox(title: string, content: string): void {
    state.errorBoxes.push({ title, content })
  },
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>

export const protocol = {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (state.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
    state.calls.push('protocol.registerSchemesAsPrivileged')
    state.privilegedSchemes.push(...structuredClone(schemes))
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!state.ready) throw new Error('protocol.handle can only be used after app is ready')
    if (state.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    state.protocolHandlers.set(scheme, handler)
  },
  isProtocolHandled(scheme: string): boolean {
    return state.protocolHandlers.has(scheme)
  },
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean
type DevicePermissionHandler = (details: unknown) => boolean

const defaultSession = {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    state.permissionHandlers.request = handler ?? undefined
  },
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    state.permissionHandlers.check = handler ?? undefined
  },
  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    state.permissionHandlers.device = handler ?? undefined
  },
}

export const session = {
  get defaultSession(): typeof defaultSession {
    if (!state.ready) throw new Error('Session can only be received when app is ready')
    return defaultSession
  },
}

export const shell = {
  openExternal(url: string): Promise<void> {
    state.openedExternally.push(url)
    return Promise.resolve()
  },
}

/** A dialog answer: a button's label, or 'escape' for the Esc key. */
type DialogAnswer = string

function freshState() {
  let markReady = () => {}
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve
  })
  return {
    ready: false,
    readyPromise,
    markReady,
    /** Calls whose order matters (before or after ready), in order, with 'app.ready' when it happened. */
    calls: [] as string[],
    isPackaged: false,
    singleInstanceLock: true,
    sandboxEnabled: false,
    quitted: false,
    paths: {} as Record<string, string>,
    /** What app.getLocale() answers (once ready) and the system's preferred languages: a test sets the "OS" language. */
    locale: 'en-US',
    preferredSystemLanguages: ['en-US'] as string[],
    privilegedSchemes: [] as CustomScheme[],
    protocolHandlers: new Map<string, ProtocolHandler>(),
    permissionHandlers: {} as { request?: PermissionRequestHandler; check?: PermissionCheckHandler; device?: DevicePermissionHandler },
    windows: [] as BrowserWindow[],
    ipcHandlers: new Map<string, IpcListener>(),
    /** The frame ipcRenderer.invoke calls come from: the console's page unless a test says otherwise. */
    rendererFrame: fakeFrame('app://console/index.html', 1) as FakeFrame | null,
    exposed: new Map<string, unknown>(),
    applicationMenu: null as Menu | null,
    popups: [] as { menu: Menu; options: PopupOptions }[],
    popupChoices: [] as (string | null)[],
    messageBoxes: [] as { window: BrowserWindow | undefined; options: MessageBoxOptions }[],
    dialogAnswers: [] as DialogAnswer[],
    errorBoxes: [] as { title: string; content: string }[],
    openedExternally: [] as string[],
  }
}

let state = freshState()

export const fake = {
  get state() {
    return state
  },

  /** Forgets everything recorded and every listener: the app is not ready again. */
  reset(): void {
    state = freshState()
    app.removeAllListeners()
    ipcRenderer.removeAllListeners()
  },

  /** The app becomes ready ('ready', whenReady()). */
  makeReady(): void {
    if (state.ready) return
    state.ready = true
    state.calls.push('app.ready')
    app.emit('ready', new FakeEvent(), {})
    state.markReady()
  },

  setPath(name: string, value: string): void {
    state.paths[name] = value
  },

  /** Calls ipcMain's handler for a channel as Electron would: arguments and result are structured-cloned. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = state.ipcHandlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return structuredClone(await handler(event as IpcMainInvokeEvent, ...structuredClone(args)))
  },

  /** A message from the main process arriving in the preload (ipcRenderer.on listeners). */
  sendToRenderer(channel: string, ...args: unknown[]): void {
    ipcRenderer.emit(channel, { sender: ipcRenderer, senderId: 0, ports: [] }, ...structuredClone(args))
  },

  /** The next popup menus: the label of the item the user picks, or null to dismiss the menu. */
  choosePopupItems(...choices: (string | null)[]): void {
    state.popupChoices.push(...choices)
  },

  /** The next message boxes: the label of the button the user presses, or 'escape'. */
  answerDialogs(...answers: DialogAnswer[]): void {
    state.dialogAnswers.push(...answers)
  },

  /** Answers an app:// (or other custom scheme) request with the handler the code installed. */
  async request(url: string): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1)
    const handler = state.protocolHandlers.get(scheme)
    if (!handler) throw new Error(`No handler for ${scheme}://`)
    return handler(new Request(url))
  },

  /** A page asks for a permission (camera, notifications…); Electron grants it when no handler is set. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = state.permissionHandlers.request
    if (!handler) return Promise.resolve(true)
    return new Promise((resolve) =>
      handler(state.windows[0]?.webContents ?? null, permission, resolve, { requestingUrl: 'app://console/index.html' }),
    )
  },

  /** A page checks a permission; Electron answers yes when no handler is set. */
  checkPermission(permission: string): boolean {
    const handler = state.permissionHandlers.check
    return handler ? handler(state.windows[0]?.webContents ?? null, permission, 'app://console', {}) : true
  },

  /** A page asks for a device (HID, serial, USB). */
  checkDevicePermission(deviceType: string): boolean {
    const handler = state.permissionHandlers.device
    return handler ? handler({ deviceType, origin: 'app://console', device: {} }) : true
  },

  /** A menu item found by the labels leading to it (a role item by its role). */
  menuItem(menu: Menu | null, ...path: string[]): MenuItem {
    let current: Menu | null | undefined = menu
    let found: MenuItem | undefined
    for (const label of path) {
      // '&' marks a mnemonic on Windows and Linux; it is not part of what the user reads.
      found = current?.items.find((item) => item.label.replace('&', '') === label || item.role === label)
      if (!found) throw new Error(`No menu item "${path.join(' > ')}"`)
      current = found.submenu
    }
    if (!found) throw new Error('An empty menu path')
    return found
  },
}
