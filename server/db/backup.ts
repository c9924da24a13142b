// Online backup: a consistent copy of the database while the server keeps running and writing.
// VACUUM INTO reads one snapshot (a single read transaction; in WAL mode writers are not blocked)
// and writes a compact copy, so the backup holds every transaction committed before it started
// and none half-way. The copy is then opened and checked before it is reported as good.
import { existsSync } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import SQLite from 'better-sqlite3'
import { databasePath } from './sqlite'
import { createPrivateFile } from './private-files'

export interface BackupReport {
  file: string
  bytes: number
  users: number
}

export async function backupDatabase(dataDir: string, destination: string): Promise<BackupReport> {
  const source = databasePath(dataDir)
  if (!existsSync(source)) throw new Error(`There is no database to back up at ${source}.`)
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file name (backups are never overwritten).`)
  // Written under a temporary name and renamed once verified: a failed backup never looks like a good one.
  const partial = `${destination}.partial`
  await rm(partial, { force: true })
  // VACUUM INTO fills an empty file as it finds it: made 0600 first, the copy is never readable by others.
  createPrivateFile(partial)
  const reader = new SQLite(source, { readonly: true, fileMustExist: true })
  try {
    reader.pragma('busy_timeout = 5000')
    reader.prepare('VACUUM INTO ?').run(partial)
  } finally {
    reader.close()
  }
  const copy = new SQLite(partial, { readonly: true, fileMustExist: true })
  let users: number
  try {
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${String(integrity)}`)
    users = (copy.prepare('select count(*) as n from users').get() as { n: number }).n
  } finally {
    copy.close()
  }
  await rename(partial, destination)
  const { size } = await stat(destination)
  return { file: destination, bytes: size, users }
}
