import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

/**
 * With TEXTUP_TEST_POSTGRES_URL (scripts/with-postgres.sh), the suites that exercise the database
 * run again on PostgreSQL: server, API, security and faults. Left out are the few files about the
 * SQLite file itself (its format, its modes on disk), which have no PostgreSQL counterpart.
 */
const onPostgres = Boolean(process.env.TEXTUP_TEST_POSTGRES_URL)
const SQLITE_FILE_ONLY = ['test/server/migrations.test.ts', 'test/server/data-files.test.ts']

export default defineConfig({
  resolve: {
    // The Electron binary cannot run here: main-process modules are tested against a fake `electron`.
    alias: { electron: fileURLToPath(new URL('test/main/fake-electron.ts', import.meta.url)) },
  },
  test: {
    // test/postgres: what only exists with PostgreSQL (moving an installation onto it).
    include: onPostgres ? ['test/{server,api,security,faults,postgres}/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: onPostgres ? [...configDefaults.exclude, ...SQLITE_FILE_ONLY] : [...configDefaults.exclude, 'test/postgres/**'],
    globalSetup: ['test/global-setup.ts'],
    // Real argon2id hashing and real servers: generous limits, two files at a time on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
