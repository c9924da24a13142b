// Moving an installation from SQLite to PostgreSQL with the operator CLI, as IT would: accounts,
// sessions, links, the outbox and the audit log arrive whole, people sign in with the passwords they
// had, and a database that already holds data is refused. Runs with the PostgreSQL suites only.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createAccount } from '../../server/accounts/admin'
import { sendPasswordResetEmail } from '../../server/accounts/admin-emails'
import { signIn } from '../../server/accounts/sign-in'
import { loadConfig } from '../../server/config'
import { createLogger } from '../../server/log'
import { withOfflineContext } from '../../server/offline-context'
import { Browser } from '../helpers/browser'
import { PASSWORD, signIn as signInWithForm } from '../helpers/flows'
import { databaseUrlFor } from '../helpers/postgres'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, TEST_OPERATOR, tempDataDir } from '../helpers/test-server'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const start = useTestServers()
const CLIENT = { address: '192.0.2.1', userAgent: 'test' }

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** An installation on SQLite with a little of everything: accounts, a session, a queued reset email, events. */
async function sqliteInstallation(dataDir: string): Promise<void> {
  await withOfflineContext(loadConfig({ DATA_DIR: dataDir, PORT: '8080' }), createLogger('silent'), async (ctx) => {
    const make = (username: string, role: 'admin' | 'user', password?: string) =>
      createAccount(
        ctx,
        {
          username,
          displayName: `${username} Example`,
          email: `${username}@example.org`,
          role,
          invite: password === undefined,
          password: password === undefined ? undefined : { newPassword: password, newPasswordConfirmation: password },
        },
        TEST_OPERATOR,
        CLIENT,
      )
    await make('eric', 'admin', PASSWORD)
    const michelle = await make('michelle', 'user', PASSWORD)
    await make('newhire', 'user')
    expect((await signIn(ctx, { username: 'michelle', password: PASSWORD, kind: 'browser', client: CLIENT })).ok).toBe(true)
    if (michelle.ok) await sendPasswordResetEmail(ctx, michelle.user, TEST_OPERATOR, CLIENT)
  })
}

describe('db copy', () => {
  it('moves every row into an empty PostgreSQL database, checks it, and people sign in as before', async () => {
    const source = await mkdtemp(path.join(tmpdir(), 'textup-sqlite-'))
    const target = await tempDataDir()
    start.afterwards(() => rm(source, { recursive: true, force: true }))
    start.afterwards(() => removeDataDir(target))
    await sqliteInstallation(source)
    const url = (await databaseUrlFor(target))!

    const copied = await cli(['db', 'copy', '--to', url], { DATA_DIR: source })
    expect(copied.stderr).toBe('')
    expect(copied.code).toBe(0)
    expect(copied.stdout).toMatch(
      /users 3, totp_factors 0, recovery_codes 0, webauthn_credentials 0, sign_in_challenges 0, sessions 1, password_reset_tokens 0, reset_requests 0, throttle_counters \d+, outbox 2, audit_events \d+, settings \d+\./,
    )
    expect(copied.stdout).toContain('2 password hash(es) checked')

    // A server on the copy: the same people, the same passwords, and numbering that goes on.
    const t = await start({ dataDir: target })
    expect((await signInWithForm(new Browser(t.url), 'eric', PASSWORD)).location).toBe('/account')
    const users = await t.server.context.db.selectFrom('users').select('username').orderBy('username_key').execute()
    expect(users.map((u) => u.username)).toEqual(['eric', 'michelle', 'newhire'])
    // The sign-in's audit event took the next id after the copied ones (a counter left at 1 would
    // have collided with a copied id and failed the sign-in).
    const events = await t.server.context.db.selectFrom('audit_events').select('id').orderBy('id').execute()
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1))
    // The queued emails went out from the copy.
    await t.smtp.waitFor((m) => m.to.includes('michelle@example.org') && m.subject === 'Reset your TextUp password')

    const again = await cli(['db', 'copy', '--to', url], { DATA_DIR: source })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('The target database is not empty')
  })

  it('migrates a database on its own with "db migrate", once', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const env = { DATA_DIR: dataDir, DATABASE_URL: (await databaseUrlFor(dataDir))! }
    const first = await cli(['db', 'migrate'], env)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): 0001-initial, /)
    expect((await cli(['db', 'migrate'], env)).stdout).toBe('The database is up to date.\n')
    const refused = await cli(['db', 'copy', '--to', 'mysql://nope'], env)
    expect(refused.code).toBe(64)
  })
})
