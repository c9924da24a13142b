// The SQLite engine: one file in DATA_DIR, shared by every process on this machine (servers, the
// CLI). The default, and the console's embedded mode.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter, type MigrationLockOptions } from 'kysely'
import { createPrivateFile, makePrivate, type TightenedFile } from './private-files'
import type { Database } from './schema'

export const DATABASE_FILE_NAME = 'textup.sqlite'

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE_NAME)
}

/**
 * Makes the database file private before SQLite opens it: creates it 0600 when missing (SQLite
 * would create it 0644 less the umask) and tightens it and the files beside it when looser. SQLite
 * gives the -wal and -shm files it creates later the database file's own mode, whatever the umask.
 */
export function makeDatabasePrivate(dataDir: string): TightenedFile[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = databasePath(dataDir)
  createPrivateFile(file)
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].map(makePrivate).filter((found) => found !== undefined)
}

/** Opens (creating if needed) the database under dataDir, its files readable by this user only. */
export function openSqlite(dataDir: string): Kysely<Database> {
  makeDatabasePrivate(dataDir)
  const sqlite = new SQLite(databasePath(dataDir))
  // WAL lets readers run beside the single writer, and lets several server processes share the
  // file. synchronous=FULL makes every commit durable before the answer is sent: an accepted reset
  // request or a queued email survives a power cut, not only a process crash.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  // Another process holding the write lock makes us wait, not fail.
  sqlite.pragma('busy_timeout = 5000')
  keepPreparedStatements(sqlite)
  return new Kysely<Database>({ dialect: new TextUpSqliteDialect({ database: sqlite }) })
}

/**
 * Kysely runs SQLite migrations outside a transaction and without a lock, because one process has
 * one connection. But several processes may share the file (servers, the CLI) and start at once,
 * and a crash half-way through a migration must not leave half a schema. SQLite does support
 * transactional DDL: run each batch of migrations in one transaction whose first statement is a
 * write to the lock row, which takes SQLite's write lock, so a second process waits there and then
 * finds the migrations done.
 */
class TransactionalMigrationsAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }

  override async acquireMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    await (db as Kysely<LockTables>).updateTable(options.lockTable).set({ is_locked: 1 }).where('id', '=', options.lockRowId).execute()
  }

  override async releaseMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    await (db as Kysely<LockTables>).updateTable(options.lockTable).set({ is_locked: 0 }).where('id', '=', options.lockRowId).execute()
  }
}

type LockTables = Record<string, { id: string; is_locked: number }>

class TextUpSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalMigrationsAdapter()
  }
}

/**
 * Kysely asks SQLite to prepare (parse and plan) every query anew, while the server runs the same
 * few dozen statements again and again: keep each prepared statement and hand it back.
 */
function keepPreparedStatements(sqlite: SQLite.Database): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const kept = new Map<string, SQLite.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = kept.get(source)
    if (!statement) {
      statement = prepare(source)
      // Bounded: statements are few shapes, but a bug must not grow this without end.
      if (kept.size < 1000) kept.set(source, statement)
    }
    return statement
  }) as typeof sqlite.prepare
}
