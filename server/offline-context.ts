// Work on the database without a server running in this process: the operator CLI, and the set-up
// of tests that start the server as a process of its own. Emails queued here go out through a
// server's mail worker, now if one is running or as soon as one starts.
import { loadFactorKeys } from './accounts/factor-keys'
import { PasswordHasher } from './accounts/passwords'
import { systemClock } from './clock'
import type { Config } from './config'
import type { AppContext } from './context'
import { migrateToLatest, openDatabase } from './db/database'
import type { Logger } from './log'
import { noMetrics } from './metrics/metrics'
import { loadSecret } from './settings'

/** Opens (and migrates) the database of `config`, runs `work` on it, then closes it. */
export async function withOfflineContext<T>(config: Config, log: Logger, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const { db } = openDatabase(config, log)
  try {
    await migrateToLatest(db)
    return await work({
      db,
      config,
      clock: systemClock,
      log,
      passwords: new PasswordHasher(config.argon2),
      publicUrl: config.publicUrl ?? new URL(`http://localhost:${config.port}`),
      deviceSecret: await loadSecret(db, 'device_secret'),
      factorKeys: await loadFactorKeys(db),
      wakeMailWorker: () => undefined,
      isStopping: () => false,
      metrics: noMetrics,
    })
  } finally {
    await db.destroy()
  }
}
