// The console window and its guards, item by item from Electron's security checklist: isolation,
// sandbox, no Node in the page, web security, no insecure content, no experimental or Blink
// features, no <webview>; navigation, redirects and new windows locked to app://console, only
// https links handed to the system browser; every permission refused.
import type { Session, WebContents } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { APP_START_URL } from '../../src-main/protocol'
import { createMainWindow, guardWebContents, mainWindowOptions, openExternally, refusePermissions } from '../../src-main/window'
import { fake, FakeWebContents, session, type BrowserWindow } from './fake-electron'

const PRELOAD = '/opt/TextUp/resources/app.asar/dist/main/preload.cjs'

beforeEach(() => {
  fake.reset()
})

/** A web contents with the console's guards, as every one gets at creation. */
function guarded(): FakeWebContents {
  const contents = new FakeWebContents('app://console/index.html')
  guardWebContents(contents as unknown as WebContents)
  return contents
}

describe('the main window options', () => {
  it.each([true, false])('isolate and sandbox the page, without Node (developer tools %s)', (developerTools) => {
    const options = mainWindowOptions(PRELOAD, developerTools, 'TextUp Console')
    const web = options.webPreferences ?? {}
    expect(web.preload).toBe(PRELOAD)
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
    // Nothing that would weaken the above or switch on Chromium features behind the checklist's back.
    expect(web.enableBlinkFeatures).toBeUndefined()
    expect(web.additionalArguments).toBeUndefined()
    expect(web.partition).toBeUndefined()
    expect(web.session).toBeUndefined()
    expect(web.devTools).toBe(developerTools)
  })

  it('creates a hidden window that loads the console from app://, and shows it once it is ready', () => {
    fake.makeReady()
    const window = createMainWindow(PRELOAD, false, 'TextUp Console') as unknown as BrowserWindow
    expect(window.options).toEqual(mainWindowOptions(PRELOAD, false, 'TextUp Console'))
    expect(window.loadedUrls).toEqual([APP_START_URL])
    expect(APP_START_URL).toBe('app://console/index.html')
    expect(window.isVisible()).toBe(false)
    window.emit('ready-to-show')
    expect(window.isVisible()).toBe(true)
    // Only once: a later ready-to-show (a reload) does not show a window the admin hid.
    expect(window.listenerCount('ready-to-show')).toBe(0)
  })
})

describe('navigation', () => {
  it.each([
    'https://evil.example/phish',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'app://evil/index.html',
    'app://console.evil.example/index.html',
    'devtools://devtools/bundled/inspector.html',
    'textup://console/index.html',
    'not a url',
  ])('to %s is prevented, as page navigation and as a redirect', (url) => {
    const contents = guarded()
    expect(contents.navigate(url, 'will-navigate')).toBe(false)
    expect(contents.navigate(url, 'will-redirect')).toBe(false)
    expect(contents.getURL()).toBe('app://console/index.html')
    expect(fake.state.openedExternally).toEqual([])
  })

  it('within the console (app://console) is allowed', () => {
    const contents = guarded()
    expect(contents.navigate('app://console/index.html#/users')).toBe(true)
    expect(contents.navigate('app://console/index.html', 'will-redirect')).toBe(true)
  })

  it('an unguarded web contents would navigate anywhere (the fake does not prevent by itself)', () => {
    const contents = new FakeWebContents('app://console/index.html')
    expect(contents.navigate('https://evil.example/')).toBe(true)
  })
})

describe('new windows', () => {
  it('are always denied; an https link opens in the system browser instead', () => {
    const contents = guarded()
    expect(contents.openWindow('https://accounts.example.org/help')).toBe('deny')
    expect(fake.state.openedExternally).toEqual(['https://accounts.example.org/help'])
  })

  it.each([
    'http://accounts.example.org/help',
    'file:///C:/Windows/System32/calc.exe',
    'file:///usr/bin/xcalc',
    'javascript:alert(1)',
    'data:text/html,hi',
    'smb://attacker.example/share/run.exe',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:someone@example.org',
    'app://console/index.html',
    'about:blank',
    '',
    'not a url',
  ])('%s is denied and never handed to the system', (url) => {
    const contents = guarded()
    expect(contents.openWindow(url)).toBe('deny')
    expect(fake.state.openedExternally).toEqual([])
  })

  it('openExternally passes on https links only', () => {
    openExternally('https://example.org/a?b=c')
    openExternally('HTTPS://EXAMPLE.ORG/upper')
    openExternally('file:///etc/passwd')
    openExternally('http://example.org/')
    expect(fake.state.openedExternally).toEqual(['https://example.org/a?b=c', 'HTTPS://EXAMPLE.ORG/upper'])
  })
})

describe('<webview>', () => {
  it('is never attached', () => {
    expect(guarded().attachWebview('https://evil.example/')).toBe(false)
    expect(guarded().attachWebview('app://console/index.html')).toBe(false)
  })
})

describe('permissions', () => {
  const PERMISSIONS = [
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'idle-detection',
    'window-management',
    'hid',
    'serial',
    'usb',
    'storage-access',
    'unknown',
  ]

  it('are granted by Electron when nobody says otherwise (what refusePermissions is for)', async () => {
    fake.makeReady()
    expect(await fake.requestPermission('media')).toBe(true)
    expect(fake.checkPermission('media')).toBe(true)
  })

  it('are all refused: every request, every check, every device', async () => {
    fake.makeReady()
    refusePermissions(session.defaultSession as unknown as Session)
    for (const permission of PERMISSIONS) {
      expect(await fake.requestPermission(permission), permission).toBe(false)
      expect(fake.checkPermission(permission), permission).toBe(false)
    }
    for (const device of ['hid', 'serial', 'usb', 'bluetooth']) expect(fake.checkDevicePermission(device), device).toBe(false)
  })
})
