// What every service is given: the database, configuration, time, logging, password hashing and metrics.
import type { Config } from './config'
import type { Clock } from './clock'
import type { DB } from './db/database'
import type { Logger } from './log'
import type { FactorKeys } from './accounts/factor-keys'
import type { Metrics } from './metrics/metrics'
import type { PasswordHasher } from './accounts/passwords'

export interface AppContext {
  db: DB
  config: Config
  clock: Clock
  log: Logger
  passwords: PasswordHasher
  /** The address users reach the server at; every emailed link starts with it. */
  publicUrl: URL
  /** Signs device tokens (accounts/devices.ts); kept in the database, shared by every process. */
  deviceSecret: Buffer
  /** Encrypt authenticator secrets and key recovery-code hashes; kept in the database like deviceSecret. */
  factorKeys: FactorKeys
  /** Tells the mail worker there is new work, so delivery does not wait for its next poll. */
  wakeMailWorker: () => void
  /** True once the server has begun to stop: it is no longer ready for new work (/health/ready answers 503). */
  isStopping: () => boolean
  /** Counts what happens for the metrics (METRICS_PORT); a no-op without them. */
  metrics: Metrics
}

/** Who made a request: written into audit events and sessions. */
export interface Client {
  address: string | null
  userAgent: string | null
}

/** Someone acting on another person's account: an admin (through the API) or an operator (CLI). */
export interface Actor {
  /** The admin's user id; null for an operator at the command line. */
  id: string | null
  username: string
  displayName: string
}
