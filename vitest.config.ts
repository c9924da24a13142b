import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

/**
 * With TEXTUP_TEST_POSTGRES_URL (scripts/with-postgres.sh), the suites that exercise the database
 * run again on PostgreSQL: server, API, security and faults. Left out are the few files about the
 * SQLite file itself (its format, its modes on disk), which have no PostgreSQL counterpart. The
 * multi-instance suite (several server processes on one database) runs on PostgreSQL only: several
 * processes on one SQLite file are covered by the other suites already.
 */
const onPostgres = Boolean(process.env.TEXTUP_TEST_POSTGRES_URL)
const SQLITE_FILE_ONLY = ['test/server/migrations.test.ts', 'test/server/data-files.test.ts']
const POSTGRES_ONLY = ['test/postgres/**', 'test/multi-instance/**']

export default defineConfig({
  resolve: {
    // The Electron binary cannot run here: main-process modules are tested against a fake `electron`.
    alias: { electron: fileURLToPath(new URL('test/main/fake-electron.ts', import.meta.url)) },
  },
  test: {
    // test/postgres: what only exists with PostgreSQL (moving an installation onto it);
    // test/multi-instance: several server processes on one PostgreSQL.
    include: onPostgres ? ['test/{server,api,security,faults,postgres,multi-instance}/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(onPostgres ? SQLITE_FILE_ONLY : POSTGRES_ONLY)],
    globalSetup: ['test/global-setup.ts'],
    // Real argon2id hashing and real servers: generous limits, two files at a time on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
