// Playwright fixtures for the admin console's renderer, end to end without Electron (its binary
// cannot be downloaded here). What runs is real: the built renderer (dist/renderer) in Debian's
// Chromium; the main process's own IPC path (`dispatch`: the argument schemas, then the real
// handlers from createConsoleHandlers) in this Node process; the keychain through keytar and the
// Secret Service; a TextUp server with its SQLite file and a real SMTP receiver. Two things stand in
// for what only Electron has: the native "More" menu and confirmation dialogs (ScriptedNativeUi,
// answered from a queue the test fills), and the origin the renderer is served from (a local HTTP
// server answering like the app:// protocol handler, CSP included, instead of app://console). The
// operating system's language, which Electron's app.getLocale() would give, is an option of each
// start (English unless a test says otherwise).
//
// `window.textup` is built in the page by test/console/bridge.ts with the preload's own
// bindConsoleApi, over a Playwright binding instead of ipcRenderer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { build } from 'esbuild'
import keytar from 'keytar'
import { CONSOLE_METHODS, channelOf, MENU_COMMAND_CHANNEL, type ConsoleMethod, type MenuCommand } from '../../src-shared/ipc'
import {
  KEYCHAIN_SERVICE,
  keychainAccount,
  loadSystemKeychain,
  PreferencesFile,
  TokenStore,
  type Keychain,
} from '../../src-main/credentials'
import { embeddedServer } from '../../src-main/embedded-server'
import { createConsoleHandlers } from '../../src-main/handlers'
import { dispatch } from '../../src-main/ipc'
import { ConsoleLanguage } from '../../src-main/language'
import type { ConfirmOptions, NativeMenuItem, NativeUi } from '../../src-main/native-ui'
import { serveAppRequest } from '../../src-main/protocol'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { INVOKE_BINDING, SEND_EVENT, type SendDetail } from './bridge-names'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer')
const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots')
/** The console window's size in src-main/window.ts. */
export const WINDOW_SIZE = { width: 1200, height: 800 }

const METHOD_BY_CHANNEL = new Map<string, ConsoleMethod>(CONSOLE_METHODS.map((method) => [channelOf(method), method]))

// The native UI ------------------------------------------------------------------------------------

export type ShownMenuItem = { id: string; label: string; enabled: boolean } | { separator: true }

export interface ShownMenu {
  items: ShownMenuItem[]
  /** What the script chose: an item's id, or null for a dismissed menu. */
  answer: string | null
}

export interface ShownDialog {
  /** Electron's dialog type: a warning for destructive actions. */
  type: 'question' | 'warning'
  title: string
  message: string
  detail: string
  buttons: string[]
  /** The button Enter presses. */
  defaultButton: string
  answer: boolean
}

/**
 * The native menu and confirmation dialog, as a person answers them. Each one shown is recorded as
 * Electron would draw it (electronNativeUi's buttons, default button and type), and answered from
 * the queue the test filled beforehand. One shown with no answer queued — or an answer the menu
 * does not offer — fails the test: nothing is ever answered by default.
 */
export class ScriptedNativeUi implements NativeUi {
  readonly menus: ShownMenu[] = []
  readonly dialogs: ShownDialog[] = []
  /** Pages the console opened in the system browser. */
  readonly opened: string[] = []
  /** What went wrong with the script; the fixture fails the test if this is not empty. */
  readonly problems: string[] = []
  private readonly menuAnswers: Array<string | null> = []
  private readonly dialogAnswers: boolean[] = []

  /** The next menu shown: the person chooses the item with this id. */
  chooseNext(id: string): void {
    this.menuAnswers.push(id)
  }

  /** The next menu shown: the person presses Esc or clicks elsewhere. */
  dismissNextMenu(): void {
    this.menuAnswers.push(null)
  }

  /** The next dialog shown: the person presses the confirming button (true) or Cancel (false). */
  confirmNext(answer: boolean): void {
    this.dialogAnswers.push(answer)
  }

  get unansweredScript(): { menus: Array<string | null>; dialogs: boolean[] } {
    return { menus: [...this.menuAnswers], dialogs: [...this.dialogAnswers] }
  }

  popupMenu<T extends string>(items: NativeMenuItem<T>[]): Promise<T | null> {
    const shown: ShownMenuItem[] = items.map((item) =>
      'separator' in item ? { separator: true } : { id: item.id, label: item.label, enabled: item.enabled ?? true },
    )
    const labels = shown.map((item) => ('separator' in item ? '—' : `${item.label}${item.enabled ? '' : ' (disabled)'}`)).join(' | ')
    if (this.menuAnswers.length === 0) return this.fail(`A native menu was shown with no scripted answer: ${labels}`)
    const answer = this.menuAnswers.shift() ?? null
    if (answer !== null) {
      const item = shown.find((candidate) => 'id' in candidate && candidate.id === answer)
      if (!item || !('id' in item) || !item.enabled)
        return this.fail(`The script chose "${answer}", which this menu does not offer enabled: ${labels}`)
    }
    this.menus.push({ items: shown, answer })
    return Promise.resolve(answer as T | null)
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    const buttons = [options.confirmLabel, options.cancelLabel]
    if (this.dialogAnswers.length === 0) return this.fail(`A confirmation dialog was shown with no scripted answer: "${options.message}"`)
    const answer = this.dialogAnswers.shift() ?? false
    this.dialogs.push({
      type: options.destructive ? 'warning' : 'question',
      title: options.title,
      message: options.message,
      detail: options.detail,
      buttons,
      defaultButton: buttons[options.destructive ? 1 : 0] ?? '',
      answer,
    })
    return Promise.resolve(answer)
  }

  openInBrowser(url: string): Promise<void> {
    this.opened.push(url)
    return Promise.resolve()
  }

  private fail(problem: string): Promise<never> {
    this.problems.push(problem)
    return Promise.reject(new Error(problem))
  }
}

// The console window -------------------------------------------------------------------------------

export interface BridgeCrossing {
  method: ConsoleMethod
  args: unknown[]
  result: unknown
}

export interface ConsoleWindow {
  page: Page
  handlers: ReturnType<typeof createConsoleHandlers>
  /** Every call the page made through window.textup, with what it got back. */
  crossings: BridgeCrossing[]
  /** A command from the application menu (File › New User…, View › Find User…, File › Sign Out). */
  menuCommand(command: MenuCommand): Promise<void>
  /** Quits: the window closes (the handlers' state goes with this run of the app). */
  close(): Promise<void>
}

export interface ConsoleStartOptions {
  /** Problems the page may log, as regular expressions (a test that provokes one on purpose). */
  allowProblems?: RegExp[]
  /**
   * Embedded mode: this test's server stands for the server the console runs itself (no server
   * address configured), as src-main/embedded-server.ts wraps it under Electron.
   */
  embedded?: boolean
  /** The operating system's language (what app.getLocale() answers): the test's `locale`, else 'en-US'. */
  osLocale?: string
}

interface WorkerFixtures {
  consoleAssets: { rendererOrigin: string; bridgeScript: string }
  keychain: Keychain
}

interface Fixtures {
  /** A real TextUp server for this test (in this process), with its own SMTP receiver. */
  textup: TestServer
  native: ScriptedNativeUi
  /** Starts the console: new handlers (as a new run of the app) on this test's user-data folder, and a new window. */
  startConsole: (options?: ConsoleStartOptions) => Promise<ConsoleWindow>
  /** The console as first started in this test. */
  consoleApp: ConsoleWindow
  /** A new browser (its own cookies) on the TextUp pages, as a user at another computer. */
  openBrowser: () => Promise<Page>
  /**
   * Saves a screenshot of a console window to test-results/screenshots/console-<name>.png. The
   * window is as tall as the screen's content needs for the picture (the screens scroll inside
   * the window), so nothing below the fold goes unreviewed.
   */
  saveScreenshot: (name: string, page?: Page) => Promise<void>
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  consoleAssets: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await stat(path.join(RENDERER_DIR, 'index.html')).catch(() => {
        throw new Error(`The console renderer is not built (${RENDERER_DIR}). Run \`npm run build\` or \`npx vite build\` first.`)
      })
      const bridge = await build({
        entryPoints: [path.join(REPO_ROOT, 'test/console/bridge.ts')],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'chrome140',
        logLevel: 'warning',
      })
      const bridgeScript = bridge.outputFiles[0]?.text
      if (!bridgeScript) throw new Error('esbuild produced no bridge bundle')
      const server = createServer((request, response) => void serveRenderer(request, response))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      await use({ rendererOrigin: `http://127.0.0.1:${port}`, bridgeScript })
      await closeServer(server)
    },
    { scope: 'worker' },
  ],

  keychain: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const keychain = await loadSystemKeychain()
      // Fail here, in plain words, rather than as a puzzling "not kept" in a test.
      const probe = `probe ${process.pid} ${Date.now()}`
      try {
        await keychain.setPassword(KEYCHAIN_SERVICE, probe, 'probe')
        await keychain.deletePassword(KEYCHAIN_SERVICE, probe)
      } catch (error) {
        throw new Error(
          `The console tests need a Secret Service (keytar failed: ${String(error)}). Run them with \`npm test\`, or inside ` +
            "dbus-run-session -- bash -c 'printf pw | HOME=$(mktemp -d) gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx playwright test --project=console'",
        )
      }
      await use(keychain)
    },
    { scope: 'worker' },
  ],

  // eslint-disable-next-line no-empty-pattern
  textup: async ({}, use) => {
    const textup = await startTestServer()
    try {
      await use(textup)
    } finally {
      await textup.close()
    }
  },

  // eslint-disable-next-line no-empty-pattern
  native: async ({}, use) => {
    const native = new ScriptedNativeUi()
    await use(native)
    expect(native.problems, 'every native menu and dialog should have been answered by the script').toEqual([])
    expect(native.unansweredScript, 'every scripted answer should have been used').toEqual({ menus: [], dialogs: [] })
  },

  startConsole: async ({ browser, consoleAssets, keychain, textup, native, locale }, use) => {
    const userData = await mkdtemp(path.join(tmpdir(), 'textup-console-'))
    const windows: Array<{ context: BrowserContext; problems: string[] }> = []
    const origin = new URL(textup.url).origin
    try {
      await use(async (given = {}) => {
        // A spec's `test.use({ locale })` is the operating system's language too, unless a start says otherwise.
        const options = { ...given, osLocale: given.osLocale ?? locale ?? 'en-US' }
        const preferences = new PreferencesFile(userData)
        const osLocale = options.osLocale
        const language = await new ConsoleLanguage(() => [osLocale], preferences).load()
        const handlers = createConsoleHandlers({
          ui: native,
          tokens: new TokenStore(keychain),
          preferences,
          language,
          policy: { serverUrl: undefined, serverLocked: false },
          embedded: options.embedded ? embeddedServer(textup.server, path.join(textup.dataDir, 'outbox')) : null,
          notices: [],
          platform: 'linux',
        })
        const { context, page, crossings, problems } = await openConsoleWindow(browser, consoleAssets, handlers, language, options)
        windows.push({ context, problems })
        return {
          page,
          handlers,
          crossings,
          async menuCommand(command) {
            const detail: SendDetail = { channel: MENU_COMMAND_CHANNEL, payload: command }
            await page.evaluate(
              ({ event, detail }) => (globalThis as unknown as EventTarget).dispatchEvent(new CustomEvent(event, { detail })),
              { event: SEND_EVENT, detail },
            )
          },
          close: () => context.close(),
        }
      })
    } finally {
      for (const { context } of windows) await context.close()
      // Whatever this test's consoles kept in the keychain (entries are keyed by this test's server).
      const saved = await keytar.findCredentials(KEYCHAIN_SERVICE)
      for (const { account } of saved) if (account.startsWith(`${origin} `)) await keychain.deletePassword(KEYCHAIN_SERVICE, account)
      await rm(userData, { recursive: true, force: true })
    }
    for (const { problems } of windows)
      expect(problems, 'the console should run without script errors, CSP violations or failed requests').toEqual([])
  },

  consoleApp: async ({ startConsole }, use) => {
    await use(await startConsole())
  },

  openBrowser: async ({ browser, textup }, use) => {
    const contexts: Array<{ context: BrowserContext; problems: string[] }> = []
    await use(async () => {
      const context = await browser.newContext({ baseURL: textup.server.publicUrl.href })
      const problems: string[] = []
      contexts.push({ context, problems })
      const page = await context.newPage()
      watchPagesForProblems(page, problems)
      return page
    })
    for (const { context } of contexts) await context.close()
    for (const { problems } of contexts) expect(problems, 'the pages should load without script or server errors').toEqual([])
  },

  saveScreenshot: async ({ consoleApp }, use) => {
    await mkdir(SCREENSHOTS_DIR, { recursive: true })
    await use(async (name, page = consoleApp.page) => {
      const size = page.viewportSize() ?? WINDOW_SIZE
      const hidden = await page.evaluate(() => {
        const scrollers = (
          globalThis as unknown as {
            document: { querySelectorAll(selector: string): Iterable<{ scrollHeight: number; clientHeight: number }> }
          }
        ).document.querySelectorAll('main, .dialog-body')
        return Math.max(0, ...[...scrollers].map((element) => element.scrollHeight - element.clientHeight))
      })
      if (hidden > 0) await page.setViewportSize({ width: size.width, height: size.height + hidden })
      try {
        await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `console-${name}.png`), animations: 'disabled', caret: 'hide' })
      } finally {
        if (hidden > 0) await page.setViewportSize(size)
      }
    })
  },
})

export { expect }

/** The keychain entry the console keeps for an admin on a server, read with keytar as any program could. */
export function keptToken(serverUrl: string, username: string): Promise<string | null> {
  return keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(new URL(serverUrl).origin, username))
}

async function openConsoleWindow(
  browser: Browser,
  assets: { rendererOrigin: string; bridgeScript: string },
  handlers: ReturnType<typeof createConsoleHandlers>,
  language: ConsoleLanguage,
  options: ConsoleStartOptions,
): Promise<{ context: BrowserContext; page: Page; crossings: BridgeCrossing[]; problems: string[] }> {
  // Chromium in Electron takes its language from the system too (navigator.language).
  const context = await browser.newContext({ viewport: WINDOW_SIZE, locale: options.osLocale ?? 'en-US' })
  const page = await context.newPage()
  const crossings: BridgeCrossing[] = []
  const problems: string[] = []
  // ipc.ts's sender check, for this origin: only the console's own page, in its top-level frame.
  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, args: unknown) => {
    if (source.frame !== source.page.mainFrame() || new URL(source.frame.url()).origin !== assets.rendererOrigin) {
      throw new Error('This caller may not use the console API.')
    }
    const method = typeof channel === 'string' ? METHOD_BY_CHANNEL.get(channel) : undefined
    if (!method || !Array.isArray(args)) throw new Error(`No console method on channel ${String(channel)}`)
    let result: unknown
    try {
      result = await dispatch(handlers, method, args, language.t())
    } catch (error) {
      // As ipcRenderer.invoke rejects: the message only, never the main process's stack.
      const message = `Error invoking remote method '${channel as string}': ${String(error)}`
      throw Object.assign(new Error(message), { stack: message })
    }
    crossings.push({ method, args, result })
    return result
  })
  await page.addInitScript({ content: assets.bridgeScript })
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return
    const text = message.text()
    if (options.allowProblems?.some((pattern) => pattern.test(text))) return
    problems.push(`console ${message.type()}: ${text}`)
  })
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`)
  })
  await page.goto(`${assets.rendererOrigin}/index.html`)
  return { context, page, crossings, problems }
}

/** The renderer's files, answered by the console's own app:// protocol handler (with its CSP). */
async function serveRenderer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const answer = await serveAppRequest(RENDERER_DIR, `app://console${request.url ?? '/'}`)
  response.writeHead(answer.status, Object.fromEntries(answer.headers))
  response.end(Buffer.from(await answer.arrayBuffer()))
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function watchPagesForProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium reports every 4xx page as a console error; those pages are expected. A failing asset is not.
    if (message.text().startsWith('Failed to load resource') && !message.location().url.includes('/assets/')) return
    problems.push(`console error: ${message.text()} (${message.location().url})`)
  })
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} for ${response.url()}`)
  })
}
