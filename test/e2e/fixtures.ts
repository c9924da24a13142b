// Playwright fixtures for the browser pages: every test gets its own TextUp server, started as a
// separate process exactly as an operator starts it (`node --import tsx server/main.ts`), with its
// own temporary data folder, its own free port and its own real SMTP receiver. Accounts are made
// with the operator CLI. The page fails the test on any script error or server error (5xx).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Page, type TestInfo } from '@playwright/test'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { serverEnv } from '../helpers/server-env'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 10_000

export interface NewAccount {
  username: string
  email: string
  name: string
  password: string
}

export interface TextUpServer {
  /** Where people reach the server (PUBLIC_URL; links in emails start with it), with a trailing slash. */
  publicUrl: string
  /** Where the process listens. */
  url: string
  smtp: SmtpReceiver
  dataDir: string
  /** The SQLite file the server keeps its data in. */
  databaseFile: string
  /** Creates an account with the operator CLI, as an administrator setting TextUp up would. */
  createUser(account: NewAccount): Promise<void>
  /** Everything the server has logged so far (JSON lines). */
  log(): string
}

interface Fixtures {
  textup: TextUpServer
  /** Saves a full-page screenshot to test-results/screenshots/<name>.png for visual review. */
  saveScreenshot: (name: string, page?: Page) => Promise<void>
}

function run(command: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
    child.stdin.end(stdin)
  })
}

/** Resolves with the server's addresses once it logs server_started; rejects if it exits or hangs first. */
function waitForStart(child: ChildProcess, lines: string[]): Promise<{ url: string; publicUrl: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`TextUp did not start within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}`)),
      START_TIMEOUT_MS,
    )
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`TextUp exited with code ${code} before it started:\n${lines.join('\n')}`))
    }
    child.once('exit', onExit)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string; publicUrl?: string }
        if (entry.event === 'server_started' && entry.url && entry.publicUrl) {
          clearTimeout(timer)
          child.off('exit', onExit)
          resolve({ url: entry.url, publicUrl: entry.publicUrl })
        }
      } catch {
        // not a log line (a warning from Node, say): kept in the log, otherwise ignored
      }
    })
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line))
  })
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  const code = await exited
  clearTimeout(timer)
  return code
}

function watchForProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium reports every 4xx page as a console error; those pages are expected here. A
    // failing stylesheet or script is not.
    const url = message.location().url
    if (message.text().startsWith('Failed to load resource') && !url.includes('/assets/')) return
    problems.push(`console error: ${message.text()} (${url})`)
  })
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} for ${response.url()}`)
  })
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter: none here.
  // eslint-disable-next-line no-empty-pattern
  textup: async ({}, use, testInfo: TestInfo) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'textup-e2e-'))
    const smtp = await SmtpReceiver.start()
    const lines: string[] = []
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: REPO_ROOT,
      env: serverEnv({ PORT: '0', DATA_DIR: dataDir, SMTP_URL: smtp.url, LOG_LEVEL: 'debug' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const { url, publicUrl } = await waitForStart(child, lines)
      await use({
        url,
        publicUrl,
        smtp,
        dataDir,
        databaseFile: path.join(dataDir, 'textup.sqlite'),
        log: () => lines.join('\n'),
        async createUser(account) {
          const result = await run(
            [
              '--import',
              'tsx',
              'server/cli.ts',
              'user',
              'create',
              '--username',
              account.username,
              '--email',
              account.email,
              '--name',
              account.name,
              '--password-stdin',
            ],
            serverEnv({ DATA_DIR: dataDir }),
            account.password,
          )
          if (result.code !== 0) throw new Error(`Could not create ${account.username} (exit ${result.code}):\n${result.output}`)
        },
      })
    } finally {
      const code = await stop(child)
      await smtp.stop()
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('server-log', { body: lines.join('\n'), contentType: 'text/plain' })
      await rm(dataDir, { recursive: true, force: true })
      // A server that cannot stop cleanly on SIGTERM is a bug an operator would meet.
      expect(code, `TextUp should exit cleanly on SIGTERM:\n${lines.slice(-20).join('\n')}`).toBe(0)
    }
  },

  baseURL: async ({ textup }, use) => {
    await use(textup.publicUrl)
  },

  page: async ({ page }, use) => {
    const problems: string[] = []
    watchForProblems(page, problems)
    await use(page)
    expect(problems, 'the pages should load without script, stylesheet or server errors').toEqual([])
  },

  saveScreenshot: async ({ page }, use, testInfo) => {
    const folder = path.join(testInfo.project.outputDir, '..', 'screenshots')
    await mkdir(folder, { recursive: true })
    await use(async (name, target = page) => {
      await target.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true, animations: 'disabled' })
    })
  },
})

export { expect }
