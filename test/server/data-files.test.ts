// The data folder's files are the server's alone wherever DATA_DIR lives: a real server started on a
// folder that already exists with mode 0755, under umask 022 (and 000), creates every file 0600 —
// the database and its -wal and -shm, the emails under outbox/, backups — warns about the folder,
// and tightens files an older version left readable by others.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs'
import { chmod } from 'node:fs/promises'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { backupDatabase } from '../../server/db/backup'
import { withOfflineContext } from '../../server/offline-context'
import { createLogger } from '../../server/log'
import { Browser } from '../helpers/browser'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()
const originalUmask = process.umask()
afterEach(() => void process.umask(originalUmask))

/** A DATA_DIR that exists before the server starts, open to everyone as folders usually are. */
async function openDataDir(): Promise<string> {
  const dataDir = await tempDataDir()
  await chmod(dataDir, 0o755)
  start.afterwards(() => removeDataDir(dataDir))
  return dataDir
}

/** Every file and folder under `folder`, with its permission bits in octal. */
function modesUnder(folder: string): Record<string, string> {
  const modes: Record<string, string> = {}
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    modes[entry] = (statSync(path.join(folder, entry)).mode & 0o777).toString(8)
  }
  return modes
}

/** Asks for a reset link, so the mail worker writes an .eml file, and waits for it. */
async function emailWritten(t: TestServer): Promise<void> {
  await t.createUser({ username: 'ann', email: 'ann@example.org' })
  const browser = new Browser(t.url)
  await browser.get('/forgot-password')
  expect((await browser.post('/forgot-password', { username: 'ann' })).status).toBe(303)
  const outbox = path.join(t.dataDir, 'outbox')
  await waitUntil(() => existsSync(outbox) && readdirSync(outbox).some((name) => name.endsWith('.eml')), 'an .eml file in the outbox')
}

function logLine(t: TestServer, event: string): Record<string, unknown> | undefined {
  const line = t.logs.find((text) => text.includes(`"event":"${event}"`))
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined
}

describe('the files in DATA_DIR', () => {
  it.each([
    ['022', 0o022],
    ['000', 0o000],
  ])(
    'are all 0600 (folders 0700) in a pre-existing 0755 DATA_DIR under umask %s, and the open folder is warned about',
    async (_label, umask) => {
      process.umask(umask)
      const dataDir = await openDataDir()
      const t = await start({ dataDir, smtp: false, logs: true })
      await emailWritten(t)
      await backupDatabase(dataDir, path.join(dataDir, 'backup.sqlite'))

      const modes = modesUnder(dataDir)
      // While the server runs: the database with its write-ahead log and shared memory, an email, the backup.
      expect(Object.keys(modes)).toEqual(
        expect.arrayContaining(['textup.sqlite', 'textup.sqlite-wal', 'textup.sqlite-shm', 'backup.sqlite', 'outbox']),
      )
      expect(Object.keys(modes).some((name) => name.startsWith('outbox/') && name.endsWith('.eml'))).toBe(true)
      for (const [name, mode] of Object.entries(modes)) expect(mode, name).toBe(name === 'outbox' ? '700' : '600')

      expect(logLine(t, 'data_dir_readable_by_others')).toMatchObject({ level: 40, dataDir, mode: '0755' })
      expect(logLine(t, 'data_files_made_private')).toBeUndefined()
    },
  )

  it('tightens at start the files an older version left readable by others, and says which', async () => {
    process.umask(0o022)
    const dataDir = await openDataDir()
    const first = await start({ dataDir, smtp: false })
    await emailWritten(first)
    await first.close()
    // As an older version left them: a connection keeps the -wal and -shm files in place meanwhile.
    const holder = new SQLite(path.join(dataDir, 'textup.sqlite'))
    try {
      holder.prepare('select count(*) from users').get()
      const eml = readdirSync(path.join(dataDir, 'outbox')).find((name) => name.endsWith('.eml'))!
      const loose = ['textup.sqlite', 'textup.sqlite-wal', 'textup.sqlite-shm', path.join('outbox', eml)]
      for (const name of loose) chmodSync(path.join(dataDir, name), 0o644)
      chmodSync(path.join(dataDir, 'outbox'), 0o755)
      await chmod(dataDir, 0o700)

      const second = await start({ dataDir, smtp: false, logs: true })
      for (const [name, mode] of Object.entries(modesUnder(dataDir))) expect(mode, name).toBe(name === 'outbox' ? '700' : '600')
      const said = logLine(second, 'data_files_made_private')
      expect(said).toMatchObject({ level: 40 })
      expect(said?.files).toEqual(
        expect.arrayContaining([
          ...loose.map((name) => ({ file: path.join(dataDir, name), was: '0644' })),
          { file: path.join(dataDir, 'outbox'), was: '0755' },
        ]),
      )
      // The folder is the server's alone now: no warning about it.
      expect(logLine(second, 'data_dir_readable_by_others')).toBeUndefined()
    } finally {
      holder.close()
    }
  })

  it('are private when the operator CLI is the first to create the database', async () => {
    process.umask(0o022)
    const dataDir = await openDataDir()
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
    await withOfflineContext(config, createLogger('silent'), async (ctx) => {
      await ctx.db.selectFrom('users').select('id').execute()
      for (const [name, mode] of Object.entries(modesUnder(dataDir))) expect(mode, name).toBe('600')
    })
  })
})
