// The preload's stand-in in the browser harness: builds `window.textup` with the very function the
// real preload uses (bindConsoleApi), over a Playwright binding to the main-process handlers running
// in Node instead of ipcRenderer. Bundled by esbuild at fixture setup and injected with
// page.addInitScript, so like a preload it runs before any of the page's own scripts.
//
// Type-checked with the Node-side tsconfig (no DOM types): the few browser globals it touches are
// described below.
import { bindConsoleApi } from '../../src-shared/ipc-channels'
import { INVOKE_BINDING, SEND_EVENT, type SendDetail } from './bridge-names'

interface BrowserGlobal {
  [INVOKE_BINDING]?: (channel: string, args: unknown[]) => Promise<unknown>
  addEventListener(type: string, listener: (event: { detail: unknown }) => void): void
}

const page = globalThis as unknown as BrowserGlobal
const invoke = page[INVOKE_BINDING]
if (typeof invoke !== 'function') throw new Error('The console harness binding is missing: the bridge ran before exposeBinding.')
// Like a preload with contextIsolation, the page gets only window.textup, not the raw channel.
try {
  delete page[INVOKE_BINDING]
} catch {
  // Not deletable in this Playwright version: harmless, the page's code never uses it.
}

const subscribers = new Map<string, Set<(payload: unknown) => void>>()
page.addEventListener(SEND_EVENT, (event) => {
  const { channel, payload } = event.detail as SendDetail
  for (const listener of subscribers.get(channel) ?? []) listener(payload)
})

const api = bindConsoleApi(
  (channel, args) => invoke(channel, args),
  (channel, listener) => {
    const listeners = subscribers.get(channel) ?? new Set()
    subscribers.set(channel, listeners)
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  },
)

// contextBridge.exposeInMainWorld makes a read-only, frozen copy; so does this.
Object.defineProperty(globalThis, 'textup', { value: Object.freeze(api), enumerable: true, writable: false, configurable: false })
