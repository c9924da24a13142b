// The mail worker's thread (started by thread.ts): its own database connection, the real clock,
// and the same worker as everywhere else. It stops when told, after the work in hand.
import { parentPort, workerData } from 'node:worker_threads'
import { PasswordHasher } from '../accounts/passwords'
import { systemClock } from '../clock'
import type { Config } from '../config'
import type { AppContext } from '../context'
import { openDatabase } from '../db/database'
import { createLogger } from '../log'
import type { MailThreadData, MailThreadMessage } from './thread'
import { createTransport } from './transport'
import { startMailWorker, type MailWorker } from './worker'

const data = workerData as MailThreadData
const config: Config = { ...data.config, publicUrl: data.config.publicUrl ? new URL(data.config.publicUrl) : undefined }
const db = openDatabase(config.dataDir)
// Log lines go to the server's own log (one stream, in order), not straight to stdout.
const log = createLogger(data.logLevel as Config['logLevel'], { write: (line) => parentPort?.postMessage({ log: line }) }).child({ thread: 'mail' })
const holder: { worker?: MailWorker } = {}
const context: AppContext = {
  db,
  config,
  clock: systemClock,
  log,
  passwords: new PasswordHasher(config.argon2),
  publicUrl: new URL(data.publicUrl),
  wakeMailWorker: () => holder.worker?.wake(),
}
const worker = startMailWorker(context, createTransport(config, log))
holder.worker = worker

parentPort?.on('message', (message: MailThreadMessage) => {
  if (message === 'wake') worker.wake()
  else if (message === 'stop') {
    void worker
      .stop()
      .then(() => db.destroy())
      .finally(() => process.exit(0))
  }
})
