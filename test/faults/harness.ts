// What the fault tests share: the TextUp server as a real child process (`node --import tsx
// server/main.ts`, exactly as an operator starts it) that can be sent real signals, accounts seeded
// through the server's own services before it starts, a read-only look at its SQLite file while it
// runs (WAL lets a reader in beside the writer), and cleanup of every process even when a test fails.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { afterEach } from 'vitest'
import { createAccount, updateAccount } from '../../server/accounts/admin'
import { loadConfig } from '../../server/config'
import { withOfflineContext } from '../../server/offline-context'
import { databasePath } from '../../server/db/sqlite'
import { createLogger } from '../../server/log'
import { Browser } from '../helpers/browser'
import { PASSWORD } from '../helpers/flows'
import { TEST_OPERATOR, tempDataDir } from '../helpers/test-server'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const START_TIMEOUT_MS = 20_000

/** Everything of the environment that configures TextUp: cleared so the caller's shell cannot leak in. */
const TEXTUP_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'PUBLIC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'TRUST_PROXY',
  'PASSWORD_MIN_LENGTH',
  'RESET_LINK_TTL_MINUTES',
  'SESSION_IDLE_MINUTES',
  'SESSION_MAX_HOURS',
  'API_TOKEN_TTL_HOURS',
  'ARGON2_MEMORY_KIB',
  'ARGON2_ITERATIONS',
  'ARGON2_PARALLELISM',
  'SIGN_IN_LIMIT_PER_ACCOUNT',
  'SIGN_IN_LIMIT_PER_ADDRESS',
  'RESET_LIMIT_PER_ACCOUNT',
  'RESET_LIMIT_PER_ADDRESS',
  'ALLOWED_HOSTS',
  'LOG_LEVEL',
]

/**
 * All load comes from 127.0.0.1 and some accounts are asked for several times: the reset throttles
 * are raised so that every accepted request is owed an email (the throttle has its own tests).
 */
export const UNTHROTTLED = { RESET_LIMIT_PER_ACCOUNT: '1000', RESET_LIMIT_PER_ADDRESS: '100000', SIGN_IN_LIMIT_PER_ADDRESS: '100000' }

export interface LogEntry {
  event?: string
  level?: number
  [field: string]: unknown
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** One running (or dead) server process and everything it logged. */
export class ServerProcess {
  /** Every line it wrote, stdout and stderr. */
  readonly lines: string[] = []
  /** Its JSON log lines, parsed. */
  readonly entries: LogEntry[] = []
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<Exit>
  url = ''
  private exit: Exit | undefined
  private readonly waiters = new Set<() => void>()

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      const ended = (exit: Exit) => {
        this.exit ??= exit
        this.notify()
        resolve(this.exit)
      }
      // 'close', not 'exit': only then has everything it wrote been read, so no log line is missed.
      child.once('close', (code, signal) => ended({ code, signal }))
      // A process that could not be started has no exit event to wait for.
      child.once('error', (error) => {
        this.lines.push(String(error))
        ended({ code: null, signal: null })
      })
    })
    const take = (line: string) => {
      this.lines.push(line)
      try {
        this.entries.push(JSON.parse(line) as LogEntry)
      } catch {
        // not a log line (a warning from Node, say): kept in `lines`, otherwise ignored
      }
      this.notify()
    }
    createInterface({ input: child.stdout! }).on('line', take)
    createInterface({ input: child.stderr! }).on('line', take)
  }

  get running(): boolean {
    return this.exit === undefined
  }

  get pid(): number {
    return this.child.pid!
  }

  events(name: string): LogEntry[] {
    return this.entries.filter((entry) => entry.event === name)
  }

  /** Waits for a log entry that matches; fails at the deadline or if the process exits first. */
  async waitForLog(match: (entry: LogEntry) => boolean, what: string, timeoutMs = 10_000): Promise<LogEntry> {
    let found: LogEntry | undefined
    await this.waitFor(() => (found = this.entries.find(match)) !== undefined, what, timeoutMs)
    return found!
  }

  /**
   * Waits until it has logged at least `count` entries of an event. The log trails the database
   * it describes (the lines travel through a pipe), so a test that saw a row change waits here
   * before counting log lines.
   */
  async waitForEvents(name: string, count: number, timeoutMs = 10_000): Promise<LogEntry[]> {
    await this.waitFor(() => this.events(name).length >= count, `${count} ${name} entries`, timeoutMs)
    return this.events(name)
  }

  private async waitFor(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (done()) return
      const left = deadline - Date.now()
      if (!this.running) throw new Error(`The server exited (${JSON.stringify(this.exit)}) before logging ${what}:\n${this.tail()}`)
      if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for the server to log ${what}:\n${this.tail()}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, left)
        const waiters = this.waiters
        function wake() {
          clearTimeout(timer)
          waiters.delete(wake)
          resolve()
        }
        waiters.add(wake)
      })
    }
  }

  /** Waits for the exit; fails if the process is still running at the deadline. */
  async waitForExit(timeoutMs: number): Promise<Exit & { ms: number }> {
    const started = Date.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The server had not exited ${timeoutMs} ms later:\n${this.tail()}`)), timeoutMs)
    })
    try {
      const exit = await Promise.race([this.exited, timeout])
      return { ...exit, ms: Date.now() - started }
    } finally {
      clearTimeout(timer)
    }
  }

  /** The last lines it wrote, for failure messages. */
  tail(count = 30): string {
    return this.lines.slice(-count).join('\n')
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake()
  }
}

export interface FaultRig {
  /** Starts `node --import tsx server/main.ts` and resolves once it logs server_started. */
  startServer(env: Record<string, string>): Promise<ServerProcess>
  /** A fresh temporary DATA_DIR, removed after the test. */
  dataDir(): Promise<string>
  /** Runs after the test's processes are dead (to stop an SMTP receiver, say). */
  afterwards(cleanup: () => Promise<void> | void): void
}

/**
 * The fault tests' processes and folders, all cleaned up after each test even when it fails: any
 * server still running is killed with SIGKILL (a test that wants a clean stop does it itself).
 */
export function useFaultRig(): FaultRig {
  const processes: ServerProcess[] = []
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail'
    for (const [i, server] of processes.splice(0).entries()) {
      if (server.running) server.child.kill('SIGKILL')
      await server.exited
      if (failed) console.error(`Server process ${i + 1} (pid ${server.pid}), last lines:\n${server.tail(40)}`)
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return {
    async startServer(env) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: REPO_ROOT,
        env: textupEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const server = new ServerProcess(child)
      processes.push(server)
      const started = await server.waitForLog((entry) => entry.event === 'server_started', 'server_started', START_TIMEOUT_MS)
      server.url = String(started.url).replace(/\/$/, '')
      return server
    },
    async dataDir() {
      const dir = await tempDataDir()
      cleanups.push(() => rm(dir, { recursive: true, force: true }))
      return dir
    },
    afterwards(cleanup) {
      cleanups.push(cleanup)
    },
  }
}

function textupEnv(values: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of TEXTUP_VARIABLES) delete env[name]
  return { ...env, ...values }
}

/**
 * A port nobody listens on right now. For a server that must come back at the same address after a
 * restart, as a service manager would restart it (the links it emailed before keep working).
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface SeedAccount {
  username: string
  active: boolean
}

export const emailOf = (username: string) => `${username}@example.org`

/**
 * Creates the accounts before the server starts, through the same service the CLI and the admin API
 * use (a CLI process per account would take a second each), then closes the database.
 */
export async function seedAccounts(dataDir: string, accounts: SeedAccount[]): Promise<void> {
  await withOfflineContext(loadConfig({ DATA_DIR: dataDir }), createLogger('silent'), async (ctx) => {
    const client = { address: null, userAgent: 'fault-test-setup' }
    await Promise.all(
      accounts.map(async ({ username, active }) => {
        const created = await createAccount(
          ctx,
          {
            username,
            displayName: username,
            email: emailOf(username),
            role: 'user',
            password: { newPassword: PASSWORD, newPasswordConfirmation: PASSWORD },
            invite: false,
          },
          TEST_OPERATOR,
          client,
        )
        if (!created.ok) throw new Error(`Could not create ${username}: ${JSON.stringify(created.errors)}`)
        if (!active) {
          const updated = await updateAccount(ctx, created.user, { status: 'deactivated' }, TEST_OPERATOR, client)
          if (!updated.ok) throw new Error(`Could not deactivate ${username}: ${JSON.stringify(updated.errors)}`)
        }
      }),
    )
  })
}

/** Runs `look` on a read-only connection to the server's database, closed right after. */
export function readDatabase<T>(dataDir: string, look: (db: SQLite.Database) => T): T {
  const db = new SQLite(databasePath(dataDir), { readonly: true, fileMustExist: true })
  try {
    return look(db)
  } finally {
    db.close()
  }
}

export interface OutboxRow {
  id: number
  template: string
  recipient: string
  status: string
  attempts: number
  next_attempt_at: string
  locked_until: string | null
  last_error: string | null
}

export const outboxRows = (dataDir: string) =>
  readDatabase(
    dataDir,
    (db) =>
      db
        .prepare('select id, template, recipient, status, attempts, next_attempt_at, locked_until, last_error from outbox order by id')
        .all() as OutboxRow[],
  )

/** Forgot-password requests recorded and not yet settled by the worker. */
export const waitingRequests = (dataDir: string) =>
  readDatabase(dataDir, (db) => (db.prepare('select count(*) as n from reset_requests').get() as { n: number }).n)

/** The audit trail of settled forgot-password requests: who was asked for and what came of it. */
export const settledRequests = (dataDir: string) =>
  readDatabase(dataDir, (db) =>
    (
      db.prepare("select username, details from audit_events where type = 'password_reset_requested' order by id").all() as Array<{
        username: string
        details: string
      }>
    ).map((row) => ({ username: row.username, outcome: (JSON.parse(row.details) as { outcome: string }).outcome })),
  )

export const integrityCheck = (dataDir: string) => readDatabase(dataDir, (db) => db.pragma('integrity_check', { simple: true }) as string)

/** Waits until the worker has settled every request and every email has left the outbox one way or another. */
export async function outboxDrained(dataDir: string, timeoutMs: number): Promise<OutboxRow[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const waiting = waitingRequests(dataDir)
    const rows = outboxRows(dataDir)
    const pending = rows.filter((row) => row.status === 'pending')
    if (waiting === 0 && pending.length === 0) return rows
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the worker to settle every request and deliver every email ` +
          `(at ${new Date().toISOString()}: ${waiting} requests waiting, pending emails ${JSON.stringify(pending)})`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The outbox row an email came from: the server's Message-ID is <textup.{outbox id}.{queued at}@host>. */
export function outboxIdOf(messageId: string | undefined): number {
  const id = /^<?textup\.(\d+)\./.exec(messageId ?? '')?.[1]
  if (!id) throw new Error(`Not a TextUp Message-ID: ${messageId}`)
  return Number(id)
}

/** A browser that has loaded the forgot-password form (its own anonymous CSRF cookie and token). */
export async function forgotPasswordForm(url: string): Promise<Browser> {
  const browser = new Browser(url)
  const page = await browser.get('/forgot-password')
  if (page.status !== 200 || !browser.csrfToken) throw new Error(`GET /forgot-password answered ${page.status}`)
  return browser
}

/** Whether a forgot-password answer is the normal one: 303 to the "check your email" page. */
export const isAccepted = (status: number, location: string | null) => status === 303 && location === '/forgot-password/sent'

export interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A form POST in two steps, to have a request provably in flight: the headers go first with
 * `Expect: 100-continue`, and `started` resolves when the server answers "100 Continue", i.e. it
 * has parsed them and is handling the request; the body is sent when `send()` is called. `answer`
 * resolves when the answer has come and the connection is closed.
 */
export function heldPost(url: string, path: string, browser: Browser, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: browser.csrfToken ?? '', ...fields }).toString()
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  let onContinue: () => void = () => undefined
  let sendBody: () => void = () => undefined
  const started = new Promise<void>((resolve) => (onContinue = resolve))
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(new URL(path, url), {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        cookie,
        expect: '100-continue',
      },
    })
    req.on('continue', onContinue)
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      // Once the connection is closed too, so the server no longer counts it as in flight.
      res.on('end', () => req.once('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })))
      res.on('error', reject)
    })
    req.on('error', reject)
    sendBody = () => req.end(body)
  })
  return { started, answer, send: () => sendBody() }
}

/** Resolves with the error code of a TCP connection attempt (undefined if it connected). */
export function connectOutcome(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = httpRequest(new URL('/health', url), { agent: false })
    req.on('response', (res) => {
      res.resume()
      resolve(undefined)
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    req.end()
  })
}

/**
 * CPU time a process has used so far, in seconds (Linux /proc; clock ticks of 10 ms), or undefined
 * where /proc is not there. For telling an idle server from one that spins.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // The command name in parentheses may hold spaces: count fields from after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}
