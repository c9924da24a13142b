// Servers a test file starts, each test its own, all closed after each test even when it fails.
import { afterEach } from 'vitest'
import { startTestServer, type TestServer } from './test-server'

export interface ServerStarter {
  (options?: Parameters<typeof startTestServer>[0]): Promise<TestServer>
  /** Runs after this test's servers have stopped: for what they used (a shared data folder, an SMTP receiver). */
  afterwards(cleanup: () => Promise<void> | void): void
}

export function useTestServers(): ServerStarter {
  const running: TestServer[] = []
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.close()))
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  const start = async (options?: Parameters<typeof startTestServer>[0]) => {
    const t = await startTestServer(options)
    running.push(t)
    return t
  }
  return Object.assign(start, { afterwards: (cleanup: () => Promise<void> | void) => void cleanups.push(cleanup) })
}

/** The Set-Cookie line for a cookie, parsed: its value and its attributes (lower-cased names). */
export function cookieFrom(setCookies: string[], name: string): { value: string; attributes: Map<string, string> } | undefined {
  for (const line of setCookies) {
    const [pair = '', ...rest] = line.split(';').map((part) => part.trim())
    const at = pair.indexOf('=')
    if (pair.slice(0, at) !== name) continue
    const attributes = new Map(
      rest.map((attribute) => {
        const eq = attribute.indexOf('=')
        return eq === -1 ? [attribute.toLowerCase(), ''] : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)]
      }),
    )
    return { value: pair.slice(at + 1), attributes }
  }
  return undefined
}
