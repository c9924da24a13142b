// The console's start-up (src-main/main.ts) against the fake Electron: what has to happen before
// the app is ready does, and afterwards every piece of the security checklist is in place — guarded
// web contents, refused permissions, app:// with its CSP, IPC behind the sender check, the menu,
// the secure window. The embedded server really starts (no machine configuration here) in a
// temporary user-data folder, and stops when the app quits.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { APP_START_URL, CONSOLE_CSP } from '../../src-main/protocol'
import { mainWindowOptions } from '../../src-main/window'
import { channelOf, CONSOLE_METHODS, MENU_COMMAND_CHANNEL, type StartupInfo } from '../../src-shared/ipc'
import { waitUntil } from '../helpers/wait'
import type * as FakeElectronModule from './fake-electron'

type FakeElectron = typeof FakeElectronModule

const DIST = fileURLToPath(new URL('../../dist', import.meta.url))

let userData: string
let electron: FakeElectron | undefined

beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'textup-userdata-'))
  electron = undefined
})

afterEach(async () => {
  // Quitting stops the embedded server; a test that already quit has nothing left to stop.
  const running = electron
  if (running?.fake.state.ready && !running.fake.state.quitted) {
    running.app.quit()
    await waitUntil(() => running.fake.state.quitted, 'the console to quit')
  }
  await rm(userData, { recursive: true, force: true })
})

/** Runs main.ts as Electron would at launch, against a fresh fake; the app is not ready yet. */
async function launch(options: { singleInstanceLock?: boolean; packaged?: boolean; locale?: string } = {}): Promise<FakeElectron> {
  vi.resetModules()
  electron = await import('./fake-electron')
  electron.fake.setPath('userData', userData)
  if (options.locale) {
    electron.fake.state.locale = options.locale
    electron.fake.state.preferredSystemLanguages = [options.locale]
  }
  electron.fake.state.singleInstanceLock = options.singleInstanceLock ?? true
  electron.fake.state.isPackaged = options.packaged ?? false
  await import('../../src-main/main')
  return electron
}

/** Makes the app ready and waits for start-up to open the window. */
async function ready(e: FakeElectron) {
  e.fake.makeReady()
  const window = await waitUntil(() => e.fake.state.windows[0], 'the console window')
  return window
}

describe('before the app is ready', () => {
  it('registers app:// as a standard, secure scheme (and nothing more), enables the sandbox, takes the single-instance lock', async () => {
    const e = await launch()
    expect(e.fake.state.calls).toEqual(['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.requestSingleInstanceLock'])
    // standard + secure give app://console an origin of its own; nothing that would bypass the CSP,
    // open it to other origins or to the network's privileges.
    expect(e.fake.state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }])
    expect(e.fake.state.sandboxEnabled).toBe(true)
    // Guards are in place before any web contents can exist.
    expect(e.app.listenerCount('web-contents-created')).toBe(1)
    expect(e.fake.state.windows).toEqual([])
    await ready(e)
    expect(e.fake.state.calls.indexOf('app.ready')).toBe(3)
  })

  it('a second instance quits at once and leaves the first one alone', async () => {
    const e = await launch({ singleInstanceLock: false })
    expect(e.fake.state.calls).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.enableSandbox',
      'app.requestSingleInstanceLock',
      'app.quit',
    ])
    expect(e.fake.state.quitted).toBe(true)
    e.fake.makeReady()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(e.fake.state.windows).toEqual([])
    expect(e.fake.state.ipcHandlers.size).toBe(0)
    expect(e.app.listenerCount('web-contents-created')).toBe(0)
  })
})

describe('once ready', () => {
  it('opens the window with the secure options, loading app://console/index.html, and shows it when ready', async () => {
    const e = await launch()
    const window = await ready(e)
    expect(window.options).toEqual(mainWindowOptions(path.join(DIST, 'main', 'preload.cjs'), true, 'TextUp Console'))
    expect(window.options.title).toBe('TextUp Console')
    expect(window.loadedUrls).toEqual([APP_START_URL])
    expect(window.isVisible()).toBe(false)
    window.emit('ready-to-show')
    expect(window.isVisible()).toBe(true)
  })

  it('a packaged console has no developer tools, in the window or the menu', async () => {
    const e = await launch({ packaged: true })
    const window = await ready(e)
    expect(window.options.webPreferences?.devTools).toBe(false)
    expect(() => e.fake.menuItem(e.Menu.getApplicationMenu(), 'View', 'toggleDevTools')).toThrow('No menu item')
  })

  it('guards every web contents: the window and any created later', async () => {
    const e = await launch()
    const window = await ready(e)
    for (const contents of [window.webContents, new e.FakeWebContents('app://console/index.html')]) {
      if (contents !== window.webContents) e.app.emit('web-contents-created', new e.FakeEvent(), contents)
      expect(contents.navigate('https://evil.example/')).toBe(false)
      expect(contents.navigate('file:///etc/passwd', 'will-redirect')).toBe(false)
      expect(contents.openWindow('file:///usr/bin/xcalc')).toBe('deny')
      expect(contents.openWindow('https://example.org/help')).toBe('deny')
      expect(contents.attachWebview('https://evil.example/')).toBe(false)
    }
    expect(e.fake.state.openedExternally).toEqual(['https://example.org/help', 'https://example.org/help'])
  })

  it('refuses every permission', async () => {
    const e = await launch()
    await ready(e)
    expect(await e.fake.requestPermission('media')).toBe(false)
    expect(await e.fake.requestPermission('notifications')).toBe(false)
    expect(e.fake.checkPermission('clipboard-read')).toBe(false)
    expect(e.fake.checkDevicePermission('usb')).toBe(false)
  })

  it('serves app:// from the built renderer, every answer with the CSP', async () => {
    const e = await launch()
    await ready(e)
    const index = await e.fake.request(APP_START_URL)
    // The renderer is built by `npm run build` (npm test builds it first); without it, a 404 all the same guarded.
    expect(index.status).toBe(existsSync(path.join(DIST, 'renderer', 'index.html')) ? 200 : 404)
    for (const response of [
      index,
      await e.fake.request('app://console/../main/main.js'),
      await e.fake.request('app://elsewhere/index.html'),
    ]) {
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expect((await e.fake.request('app://console/%2e%2e/main/main.js')).status).toBe(404)
  })

  it('answers every method of the contract over IPC, to the console page in its window only', async () => {
    const e = await launch()
    const window = await ready(e)
    expect([...e.fake.state.ipcHandlers.keys()].sort()).toEqual(CONSOLE_METHODS.map(channelOf).sort())

    const page = window.webContents.mainFrame
    const startup = (await e.fake.invoke(channelOf('getStartup'), { senderFrame: page })) as StartupInfo
    // No machine configuration here: the console runs its own server, on this computer, with no accounts yet.
    expect(startup.embedded?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(startup).toMatchObject({
      serverUrl: startup.embedded?.url,
      serverLocked: false,
      embedded: { needsFirstAdmin: true },
      session: null,
      platform: process.platform,
    })
    expect(startup.notices).toEqual([
      `This console runs its own TextUp server. It has no mail server: emails are saved as files in ${path.join(userData, 'server', 'outbox')}.`,
    ])
    expect((await fetch(`${startup.embedded?.url}/login`)).status).toBe(200)

    const otherContents = new e.FakeWebContents('app://console/index.html')
    const subframe = e.fakeFrame('app://console/index.html', page.processId, page)
    const navigatedAway = { ...page, url: 'https://evil.example/' }
    for (const senderFrame of [otherContents.mainFrame, subframe, navigatedAway, null]) {
      await expect(e.fake.invoke(channelOf('getStartup'), { senderFrame })).rejects.toThrow('This caller may not use the console API.')
    }
  })

  it('sets the application menu; its commands reach the console window', async () => {
    const e = await launch()
    const window = await ready(e)
    const menu = e.Menu.getApplicationMenu()
    expect(menu?.items.map((item) => item.role ?? item.label.replace('&', ''))).toEqual(
      process.platform === 'darwin'
        ? ['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']
        : ['File', 'editMenu', 'View', 'windowMenu', 'help'],
    )
    const find = e.fake.menuItem(menu, 'View', 'Find User…')
    find.click?.(find as never, undefined, {})
    expect(window.webContents.sent).toEqual([{ channel: MENU_COMMAND_CHANNEL, args: ['find'] }])
    expect(e.fake.menuItem(menu, 'View', 'toggleDevTools').role).toBe('toggleDevTools')
  })

  it('a second launch brings the window back', async () => {
    const e = await launch()
    const window = await ready(e)
    window.minimize()
    e.app.emit('second-instance', new e.FakeEvent(), [], '/')
    expect(window.isMinimized()).toBe(false)
    expect(e.BrowserWindow.getFocusedWindow()).toBe(window)
  })

  it('closing the window quits, and the embedded server stops first', async () => {
    const e = await launch()
    const window = await ready(e)
    const startup = (await e.fake.invoke(channelOf('getStartup'), { senderFrame: window.webContents.mainFrame })) as StartupInfo
    window.close()
    await waitUntil(() => e.fake.state.quitted, 'the console to quit')
    await expect(fetch(`${startup.embedded?.url}/login`)).rejects.toThrow()
  })

  it("speaks the system's language (German here): the menu, the window, the start-up data; the admin's choice rebuilds the menu and outlives a restart", async () => {
    const e = await launch({ locale: 'de-DE' })
    const window = await ready(e)
    const page = window.webContents.mainFrame
    const topLevel = () => e.Menu.getApplicationMenu()?.items.map((item) => item.label.replace('&', ''))
    expect(window.options.title).toBe('TextUp-Konsole')
    expect(topLevel()).toEqual(
      process.platform === 'darwin'
        ? ['TextUp-Konsole', 'Datei', 'Bearbeiten', 'Ansicht', 'Fenster', 'Hilfe']
        : ['Datei', 'Bearbeiten', 'Ansicht', 'Fenster', 'Hilfe'],
    )
    const startup = (await e.fake.invoke(channelOf('getStartup'), { senderFrame: page })) as StartupInfo
    expect(startup.language).toEqual({ locale: 'de', chosen: null, system: 'de' })
    expect(startup.notices).toEqual([expect.stringContaining('Diese Konsole betreibt ihren eigenen TextUp-Server.')])
    expect(await e.fake.invoke(channelOf('getLanguage'), { senderFrame: page })).toEqual({ locale: 'de', chosen: null, system: 'de' })

    // The admin picks English in the console: the menu is rebuilt in it, and still sends its commands.
    expect(await e.fake.invoke(channelOf('setLanguage'), { senderFrame: page }, 'en')).toEqual({ ok: true, value: 'en' })
    expect(topLevel()).toContain('File')
    const find = e.fake.menuItem(e.Menu.getApplicationMenu(), 'View', 'Find User…')
    find.click?.(find as never, undefined, {})
    expect(window.webContents.sent).toEqual([{ channel: MENU_COMMAND_CHANNEL, args: ['find'] }])
    // Wrong arguments are answered in the language now spoken.
    expect(await e.fake.invoke(channelOf('setLanguage'), { senderFrame: page }, 'fr')).toMatchObject({
      ok: false,
      error: { title: 'Some fields need attention.', fieldErrors: { _arguments: ['The console does not speak that language.'] } },
    })

    e.app.quit()
    await waitUntil(() => e.fake.state.quitted, 'the console to quit')
    const again = await launch({ locale: 'de-DE' })
    const second = await ready(again)
    expect(second.options.title).toBe('TextUp Console')
    expect(again.Menu.getApplicationMenu()?.items.map((item) => item.label.replace('&', ''))).toContain('File')
    const language = await again.fake.invoke(channelOf('getLanguage'), { senderFrame: second.webContents.mainFrame })
    expect(language).toEqual({ locale: 'en', chosen: 'en', system: 'de' })
  })
})
