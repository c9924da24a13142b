// `npm run cli -- backup --to FILE` while the server runs and keeps writing: the copy opens, passes
// SQLite's integrity check, and is one consistent snapshot — every account committed before the
// backup began, each with its audit event and search entry, and no half of anything.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createAccount } from '../../server/accounts/admin'
import { useTestServers } from '../helpers/servers'
import { TEST_OPERATOR } from '../helpers/test-server'

const root = fileURLToPath(new URL('../..', import.meta.url))
const start = useTestServers()

function cli(args: string[], dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('the backup command', () => {
  it('copies a consistent snapshot while the server keeps writing', async () => {
    const t = await start()
    let committed = 0
    let writing = true
    // Accounts keep being created, one transaction each (the account and its audit event together).
    const writer = (async () => {
      while (writing) {
        const n = String(committed + 1).padStart(5, '0')
        const created = await createAccount(
          t.server.context,
          { username: `member${n}`, displayName: `Member ${n}`, email: `member${n}@example.org`, role: 'user', invite: true },
          TEST_OPERATOR,
          { address: null, userAgent: null },
        )
        if (!created.ok) throw new Error(JSON.stringify(created.errors))
        committed++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    while (committed < 50) await new Promise((resolve) => setTimeout(resolve, 5))

    const file = path.join(t.dataDir, 'backup.sqlite')
    const before = committed
    const backup = await cli(['backup', '--to', file], t.dataDir)
    const after = committed
    const moreLater = committed + 20
    while (committed < moreLater) await new Promise((resolve) => setTimeout(resolve, 5))
    writing = false
    await writer

    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toMatch(/Backed up \d+ account\(s\) to .*; integrity check passed\./)
    const copy = new SQLite(file, { readonly: true, fileMustExist: true })
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      const names = (copy.prepare('select username from users order by username').all() as Array<{ username: string }>).map(
        (r) => r.username,
      )
      // Every account committed before the backup began is there; none committed after it ended.
      expect(names.length).toBeGreaterThanOrEqual(before)
      expect(names.length).toBeLessThanOrEqual(after)
      // A snapshot: the first n accounts, with no gap.
      expect(names).toEqual(Array.from({ length: names.length }, (_, i) => `member${String(i + 1).padStart(5, '0')}`))
      // Nothing half-written: each account has its audit event, its invitation email and its search entry.
      const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n
      expect(count("select count(*) as n from audit_events where type = 'user_created'")).toBe(names.length)
      expect(count("select count(*) as n from outbox where template = 'invitation'")).toBe(names.length)
      expect(count('select count(*) as n from users_search')).toBe(names.length)
      expect(count('select count(*) as n from users_search where users_search match \'"member00001"\'')).toBe(1)
    } finally {
      copy.close()
    }
    // The server kept writing through and after the backup.
    expect(committed).toBeGreaterThan(after)
  }, 60_000)

  it('never overwrites a file, and says so', async () => {
    const t = await start()
    const file = path.join(t.dataDir, 'existing.sqlite')
    await writeFile(file, 'keep me')
    const result = await cli(['backup', '--to', file], t.dataDir)
    expect(result.code).toBe(1)
    expect(result.output).toContain('already exists')
    expect(existsSync(`${file}.partial`)).toBe(false)
  })
})
