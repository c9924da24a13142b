// DATA_DIR holds password hashes, sessions, the audit log and (without SMTP) emails with working
// reset links. At start the server makes every file of its own there private — tightening any that
// an older version, a restore or a copy left readable by others, and saying so — and warns when
// other users may read or write the folder itself (which it leaves to the operator to change).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Config } from './config'
import { makeDatabasePrivate } from './db/sqlite'
import { makePrivate, openToOthers, type TightenedFile } from './db/private-files'
import type { Logger } from './log'
import { outboxDirectory } from './mail/transport'

export function secureDataDir(config: Pick<Config, 'dataDir' | 'databaseUrl'>, log: Logger): void {
  const { dataDir } = config
  // On PostgreSQL, DATA_DIR holds only the emails written without SMTP, if any.
  const tightened: TightenedFile[] = config.databaseUrl ? [] : makeDatabasePrivate(dataDir)
  for (const file of outboxFiles(outboxDirectory(config))) {
    const found = makePrivate(file)
    if (found) tightened.push(found)
  }
  if (tightened.length > 0) {
    log.warn(
      { event: 'data_files_made_private', files: tightened },
      `Made ${tightened.length} file(s) in DATA_DIR readable by this user only: ${tightened.map((f) => `${f.file} (was ${f.was})`).join(', ')}`,
    )
  }
  const mode = openToOthers(dataDir)
  if (mode) {
    log.warn(
      { event: 'data_dir_readable_by_others', dataDir, mode },
      `Other users may read or write DATA_DIR ${dataDir} (mode ${mode}): make it the server's alone with chmod 700. Its files are kept 0600 meanwhile.`,
    )
  }
}

/** The outbox folder and the .eml files in it, if it exists. */
function outboxFiles(outbox: string): string[] {
  let names: string[]
  try {
    names = readdirSync(outbox)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return [outbox, ...names.filter((name) => name.endsWith('.eml')).map((name) => path.join(outbox, name))]
}
