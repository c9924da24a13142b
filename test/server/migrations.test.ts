// The database file under DATA_DIR: created with the whole schema on first start, left alone (and
// its data kept) on the next, in WAL mode so readers and several processes can share it.
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME } from '../../server/db/sqlite'
import { migrations } from '../../server/db/migrations/index'
import { Browser } from '../helpers/browser'
import { TABLES } from '../helpers/db'
import { PASSWORD, signIn } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { startTestServer, removeDataDir, tempDataDir } from '../helpers/test-server'

const start = useTestServers()

function inspect(dataDir: string) {
  const file = new SQLite(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true })
  try {
    return {
      tables: (file.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
      applied: (file.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name),
      journalMode: file.pragma('journal_mode', { simple: true }),
    }
  } finally {
    file.close()
  }
}

describe('the database', () => {
  it('is created with the whole schema in a fresh DATA_DIR, in WAL mode', async () => {
    const parent = await tempDataDir()
    start.afterwards(() => rm(parent, { recursive: true, force: true }))
    const dataDir = path.join(parent, 'not', 'yet', 'there')
    const t = await start({ dataDir })
    expect(existsSync(path.join(dataDir, DATABASE_FILE_NAME))).toBe(true)
    const found = inspect(dataDir)
    for (const table of TABLES) expect(found.tables).toContain(table)
    expect(found.applied).toEqual(Object.keys(migrations).sort())
    expect(found.journalMode).toBe('wal')
    // And the server works on it.
    await t.createUser({ username: 'ann' })
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
  })

  it('is taken as it is on a second start: nothing re-applied, nothing lost', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const first = await startTestServer({ dataDir })
    try {
      await first.createUser({ username: 'ann' })
    } finally {
      await first.close()
    }
    const before = inspect(dataDir)
    const second = await start({ dataDir })
    expect(inspect(dataDir)).toEqual(before)
    expect((await signIn(new Browser(second.url), 'ann', PASSWORD)).location).toBe('/account')
    // The secrets survive too: a form or a device token from before the restart would still verify,
    // and an authenticator's secret still opens.
    const secrets = await second.server.context.db.selectFrom('settings').selectAll().orderBy('key').execute()
    expect(secrets.map((s) => s.key)).toEqual(['csrf_secret', 'device_secret', 'recovery_code_key', 'totp_key_k1'])
  })

  it('is shared by two servers running at once on the same DATA_DIR', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const a = await start({ dataDir })
    const b = await start({ dataDir })
    await a.createUser({ username: 'ann' })
    // Signed in on one, known on the other: sessions, throttles and CSRF secrets live in the database.
    const browser = new Browser(a.url)
    await signIn(browser, 'ann', PASSWORD)
    const onB = new Browser(b.url)
    for (const [name, value] of browser.cookies) onB.cookies.set(name, value)
    expect((await onB.get('/account')).status).toBe(200)
  })
})
