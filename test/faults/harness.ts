// What the fault tests share: the TextUp server as a real child process (`node --import tsx
// server/main.ts`, exactly as an operator starts it) that can be sent real signals, on either engine
// (with TEXTUP_TEST_POSTGRES_URL each data folder has its database in the tests' PostgreSQL cluster,
// and every process started on the folder uses it), accounts seeded through the server's own
// services before it starts, a connection to its database to look at while it runs, and cleanup of
// every process even when a test fails.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach } from 'vitest'
import type { Role } from '../../src-shared/accounts'
import { storeAccount, updateAccount } from '../../server/accounts/admin'
import { loadConfig } from '../../server/config'
import { openDatabase, type DB } from '../../server/db/database'
import { withOfflineContext } from '../../server/offline-context'
import { createLogger } from '../../server/log'
import { PASSWORD } from '../helpers/flows'
import { databaseUrlFor } from '../helpers/postgres'
import { removeDataDir, TEST_OPERATOR, tempDataDir } from '../helpers/test-server'
import { serverEnv } from '../helpers/server-env'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Generous: on two cores busy with other work, compiling and loading the server can take many seconds. */
const START_TIMEOUT_MS = 45_000

/**
 * All load comes from 127.0.0.1 and some accounts are asked for several times: the reset throttles
 * are raised so that every accepted request is owed an email (the throttle has its own tests).
 */
export const UNTHROTTLED = { RESET_LIMIT_PER_ACCOUNT: '1000', RESET_LIMIT_PER_ADDRESS: '100000', SIGN_IN_LIMIT_PER_ADDRESS: '100000' }
/**
 * For suites whose admins sign in to the API with a password alone, seeded straight into the
 * database (an authenticator can only be set up through a running server): they test what happens
 * across processes and outages, not the second step, which test/api and test/server cover.
 */
export const ADMINS_WITHOUT_SECOND_FACTOR = { MFA_REQUIRED_FOR_ADMINS: 'false' }

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
  /**
   * Starts `node --import tsx server/main.ts` and resolves once it logs server_started. On
   * PostgreSQL, DATA_DIR's database is given as DATABASE_URL unless the test names another.
   */
  startServer(env: Record<string, string>): Promise<ServerProcess>
  /** A fresh temporary DATA_DIR (with its own database on PostgreSQL), removed afterwards. */
  dataDir(): Promise<string>
  /** A connection to a data folder's database (or to `databaseUrl`), for looking at it; closed afterwards. */
  database(dataDir: string, databaseUrl?: string): Promise<DB>
  /** Runs after the processes are dead (to stop an SMTP receiver, say). */
  afterwards(cleanup: () => Promise<void> | void): void
}

/**
 * The fault tests' processes, folders and connections, all cleaned up after each test (or, with
 * scope 'file', after the file's last test) even when it fails: any server still running is killed
 * with SIGKILL (a test that wants a clean stop does it itself).
 */
export function useFaultRig(scope: 'test' | 'file' = 'test'): FaultRig {
  const processes: ServerProcess[] = []
  const databases = new Map<string, Promise<DB>>()
  const cleanups: Array<() => Promise<void> | void> = []
  const cleanUp = async (failed: boolean) => {
    for (const [i, server] of processes.splice(0).entries()) {
      if (server.running) server.child.kill('SIGKILL')
      await server.exited
      if (failed) console.error(`Server process ${i + 1} (pid ${server.pid}), last lines:\n${server.tail(40)}`)
    }
    for (const db of databases.values()) await (await db).destroy()
    databases.clear()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  }
  if (scope === 'test') {
    afterEach((context) => cleanUp(context.task.result?.state === 'fail'))
  } else {
    let failed = false
    afterEach((context) => void (failed ||= context.task.result?.state === 'fail'))
    afterAll(() => cleanUp(failed))
  }
  return {
    async startServer(env) {
      const databaseUrl = env.DATABASE_URL ?? (env.DATA_DIR ? await databaseUrlFor(env.DATA_DIR) : undefined)
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: REPO_ROOT,
        env: serverEnv({ PORT: '0', LOG_LEVEL: 'info', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env }),
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
      cleanups.push(() => removeDataDir(dir))
      await databaseUrlFor(dir)
      return dir
    },
    database(dataDir, databaseUrl) {
      const key = `${dataDir} ${databaseUrl ?? ''}`
      let db = databases.get(key)
      if (!db) {
        db = (async () =>
          openDatabase(
            { dataDir, databaseUrl: databaseUrl ?? (await databaseUrlFor(dataDir)), databasePoolSize: 2 },
            createLogger('silent'),
          ).db)()
        databases.set(key, db)
      }
      return db
    },
    afterwards(cleanup) {
      cleanups.push(cleanup)
    },
  }
}

export interface SeedAccount {
  username: string
  active: boolean
  role?: Role
}

export const emailOf = (username: string) => `${username}@example.org`

/**
 * Creates the accounts before the server starts, through the service the CLI and the admin API end
 * in (a CLI process per account would take a second each), then closes the database. The database
 * is the data folder's, or the one `databaseUrl` names. Every account gets PASSWORD, hashed once
 * with real argon2id for all of them (a hash each would cost a second of CPU per 20 accounts).
 */
export async function seedAccounts(dataDir: string, accounts: SeedAccount[], databaseUrl?: string): Promise<void> {
  databaseUrl ??= await databaseUrlFor(dataDir)
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) })
  await withOfflineContext(config, createLogger('silent'), async (ctx) => {
    const client = { address: null, userAgent: 'fault-test-setup' }
    const passwordHash = await ctx.passwords.hash(PASSWORD)
    await Promise.all(
      accounts.map(async ({ username, active, role = 'user' }) => {
        const account = { username, displayName: username, email: emailOf(username), role, passwordHash, invite: false }
        const created = await ctx.db.transaction().execute((trx) => storeAccount(ctx, trx, account, TEST_OPERATOR, client))
        if (!created.ok) throw new Error(`Could not create ${username}: ${JSON.stringify(created.errors)}`)
        if (!active) {
          const updated = await updateAccount(ctx, created.user, { status: 'deactivated' }, TEST_OPERATOR, client)
          if (!updated.ok) throw new Error(`Could not deactivate ${username}: ${JSON.stringify(updated.errors)}`)
        }
      }),
    )
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
