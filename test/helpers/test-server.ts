// Starts a real TextUp server in this process for a test: its own temporary data folder, a free
// port, a real SQLite file and a real SMTP receiver. Everything is torn down by close().
//
// Admins get an authenticator app set up when they are created, as MFA_REQUIRED_FOR_ADMINS asks
// (test/helpers/second-factor.ts keeps its secret to compute codes from).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { createAccount } from '../../server/accounts/admin'
import type { Clock } from '../../server/clock'
import { loadConfig } from '../../server/config'
import type { Actor } from '../../server/context'
import type { User } from '../../server/db/schema'
import { startServer, type RunningServer } from '../../server/server'
import { databaseUrlFor, forgetSchemaOf } from './postgres'
import { enrolTotp } from './second-factor'
import { SmtpReceiver } from './smtp-receiver'

export interface TestServer {
  server: RunningServer
  smtp: SmtpReceiver
  /** Base URL the server listens on (also its PUBLIC_URL unless overridden). */
  url: string
  dataDir: string
  /** Every log line the server wrote, when started with `logs: true` (otherwise empty). */
  logs: string[]
  /**
   * Creates an account. `secondFactor` sets up an authenticator app for it (by default for admins
   * only); its codes come from freshCode (test/helpers/second-factor.ts).
   */
  createUser(
    fields: Partial<{
      username: string
      displayName: string
      email: string
      role: 'admin' | 'user'
      password: string
      secondFactor: boolean
    }>,
  ): Promise<User>
  /** Moves the server's clock on (a clock the test passed in, or the real time plus what has passed so far). */
  passTime(ms: number): void
  close(): Promise<void>
}

export const TEST_OPERATOR: Actor = { id: null, username: 'test-setup', displayName: 'the test setup' }

/** A fresh empty data folder; for tests that start several servers on one (remove it with removeDataDir). */
export function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'textup-test-'))
}

/** Removes a data folder (on PostgreSQL its schema stays until the throwaway cluster goes: test/helpers/postgres.ts). */
export async function removeDataDir(dataDir: string): Promise<void> {
  forgetSchemaOf(dataDir)
  await rm(dataDir, { recursive: true, force: true })
}

/**
 * Lighter argon2 parameters would make tests faster but less honest; the defaults are used.
 * `dataDir` reuses a folder (a restart, a second process); close() then leaves it in place.
 * `logs` keeps every log line (JSON) in `logs`, for tests about what the log may contain.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; clock?: Clock; smtp?: SmtpReceiver | false; dataDir?: string; logs?: boolean } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDataDir())
  const smtp = options.smtp === false ? undefined : (options.smtp ?? (await SmtpReceiver.start()))
  const databaseUrl = await databaseUrlFor(dataDir)
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...options.env,
  })
  const logs: string[] = []
  // No redaction here, unlike the real logger: the code itself must never log a secret.
  const logger = options.logs ? pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) }) : undefined
  // Without a clock of the test's own: the real time, which passTime can move on (never back).
  let passed = 0
  const clock = options.clock ?? (() => new Date(Date.now() + passed))
  const server = await startServer(config, { clock, logger })
  const url = server.url.href.replace(/\/$/, '')
  const t: TestServer = {
    server,
    smtp: smtp as SmtpReceiver,
    url,
    dataDir,
    logs,
    async createUser(fields) {
      const username = fields.username ?? `user${Math.random().toString(36).slice(2, 8)}`
      const password = fields.password ?? 'plum tractor velvet orbit'
      const result = await createAccount(
        server.context,
        {
          username,
          displayName: fields.displayName ?? username,
          email: fields.email ?? `${username}@example.org`,
          role: fields.role ?? 'user',
          password: { newPassword: password, newPasswordConfirmation: password },
          invite: false,
        },
        TEST_OPERATOR,
        { address: null, userAgent: null },
      )
      if (!result.ok) throw new Error(`Could not create ${username}: ${JSON.stringify(result.errors)}`)
      if (fields.secondFactor ?? result.user.role === 'admin') await enrolTotp(t, result.user)
      return result.user
    },
    passTime(ms) {
      const given: (Clock & { advanceMs?: (ms: number) => void }) | undefined = options.clock
      if (given && !given.advanceMs) throw new Error("This test's clock cannot be moved on")
      if (given) given.advanceMs?.(ms)
      else passed += ms
    },
    async close() {
      await server.stop()
      if (smtp && options.smtp === undefined) await smtp.stop()
      if (options.dataDir === undefined) await removeDataDir(dataDir)
    },
  }
  return t
}
