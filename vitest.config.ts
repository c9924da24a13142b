import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // The Electron binary cannot run here: main-process modules are tested against a fake `electron`.
    alias: { electron: fileURLToPath(new URL('test/main/fake-electron.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Real argon2id hashing and real servers: generous limits, two files at a time on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
