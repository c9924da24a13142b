// Operator commands on the database itself: apply migrations, and move an installation from its
// SQLite file to PostgreSQL.
import { loadConfig } from './config'
import { copyDatabase } from './db/copy'
import { migrateToLatest, openDatabase, pendingMigrations } from './db/database'
import { createLogger } from './log'

export class DbUsageError extends Error {}

export const DB_HELP = `  db migrate                        Apply pending migrations to the database (DATABASE_URL, else DATA_DIR's).
  db copy --to URL                  Copy DATA_DIR's SQLite database into an empty PostgreSQL database,
                                    then check every table's row count and every password hash.
`

export async function runDbCommand(command: string | undefined, args: string[]): Promise<number> {
  const config = loadConfig()
  const log = createLogger('warn')
  switch (command) {
    case 'migrate': {
      if (args.length > 0) throw new DbUsageError(`"db migrate" takes no options (got ${args.join(' ')}).`)
      const { db } = openDatabase(config, log)
      try {
        const pending = await pendingMigrations(db)
        await migrateToLatest(db)
        console.log(pending.length === 0 ? 'The database is up to date.' : `Applied ${pending.length} migration(s): ${pending.join(', ')}.`)
        return 0
      } finally {
        await db.destroy()
      }
    }
    case 'copy':
      return copy(config, log, args)
    default:
      throw new DbUsageError(`Unknown command "db ${command ?? ''}".`)
  }
}

async function copy(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>, args: string[]): Promise<number> {
  const [flag, url, ...extra] = args
  if (flag !== '--to' || !url || extra.length > 0)
    throw new DbUsageError('Give the PostgreSQL database with --to, such as --to postgres://textup@db.example.org/textup.')
  if (!/^postgres(ql)?:\/\//.test(url)) throw new DbUsageError('--to must be a postgres:// or postgresql:// address.')
  const source = openDatabase({ ...config, databaseUrl: undefined }, log).db
  const target = openDatabase({ ...config, databaseUrl: url, databasePoolSize: 2 }, log).db
  try {
    await migrateToLatest(source)
    await migrateToLatest(target)
    const result = await copyDatabase(source, target)
    if (result.ok) {
      const rows = Object.entries(result.counts).map(([table, n]) => `${table} ${n}`)
      console.log(
        `Copied ${config.dataDir} to PostgreSQL: ${rows.join(', ')}. Row counts and ${result.passwordHashes} password hash(es) checked.`,
      )
      console.log('Start the servers with DATABASE_URL set to this database. The SQLite file is left as it was.')
      return 0
    }
    switch (result.reason) {
      case 'target_not_empty':
        console.error(`The target database is not empty (${result.table} has ${result.rows} row(s)). Copy into a new, empty database.`)
        break
      case 'unknown_tables':
        console.error(`The SQLite database has tables this version does not know how to copy: ${result.tables.join(', ')}.`)
        break
      case 'verification_failed':
        console.error(`The copy did not check out: ${result.problems.join('; ')}.`)
        break
    }
    return 1
  } finally {
    await Promise.all([source.destroy(), target.destroy()])
  }
}
