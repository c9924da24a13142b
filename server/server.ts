// Starts and stops a whole TextUp server: database, migrations, HTTP, metrics and the mail worker.
// Used by the command line entry (main.ts), the desktop console's embedded mode and the tests.
import { createServer, type Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { loadFactorKeys } from './accounts/factor-keys'
import { PasswordHasher } from './accounts/passwords'
import { systemClock, type Clock } from './clock'
import type { Config } from './config'
import type { AppContext } from './context'
import { secureDataDir } from './data-dir'
import { migrateToLatest, openDatabase, type DB } from './db/database'
import { loadAssets } from './http/assets'
import { createHttpApp } from './http/app'
import { securityHeaderValues } from './http/middleware/security-headers'
import { createLogger, type Logger } from './log'
import { startMailWorker, type MailWorker } from './jobs/mail-worker'
import { outboxBacklog } from './mail/outbox'
import { createTransport, describeTransport } from './mail/transport'
import { startMetricsListener, type MetricsListener } from './metrics/listener'
import { noMetrics } from './metrics/metrics'
import { defaultAssetsDir } from './paths'
import { loadSecret } from './settings'

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  url: URL
  publicUrl: URL
  /** Where the Prometheus metrics are served (METRICS_PORT); undefined without them. */
  metricsUrl: URL | undefined
  context: AppContext
  /**
   * Stops: not ready at once (/health/ready answers 503); after SHUTDOWN_GRACE_SECONDS (none by
   * default: before it returns) stops taking connections, the metrics port too; lets requests in
   * flight finish, then stops the mail worker and closes the database.
   */
  stop(): Promise<void>
}

export interface StartOptions {
  clock?: Clock
  logger?: Logger
  assetsDir?: string
  /**
   * Where passwords are hashed: on low-priority threads of the server's own (the default; keeps
   * pages fast during a sign-in storm), or on libuv's pool (the console's embedded server, whose
   * packaged files cannot start a thread from inside the app archive).
   */
  hashing?: 'low-priority-threads' | 'libuv'
}

/** How long in-flight requests get to finish when the server stops. */
const DRAIN_MS = 10_000

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel)
  const assets = loadAssets(options.assetsDir ?? defaultAssetsDir())
  secureDataDir(config, log)
  const database = openDatabase(config, log)
  const { db } = database
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  const csrfSecret = await loadSecret(db, 'csrf_secret')
  const deviceSecret = await loadSecret(db, 'device_secret')
  const factorKeys = await loadFactorKeys(db)

  const clock = options.clock ?? systemClock
  // prom-client is loaded only for a server that serves metrics (it costs memory and timers).
  const metrics =
    config.metricsPort === undefined
      ? undefined
      : new (await import('./metrics/prometheus')).PrometheusMetrics({
          outbox: () => outboxBacklog(db, clock()),
          databasePool: database.engine === 'postgres' ? { use: () => database.poolUse(), max: config.databasePoolSize } : undefined,
          log,
        })
  const httpServer = createServer({ requestTimeout: 30_000, headersTimeout: 15_000 })
  let metricsListener: MetricsListener | undefined
  try {
    await listen(httpServer, config.port, config.host)
    if (metrics && config.metricsPort !== undefined)
      metricsListener = await startMetricsListener(metrics, config.metricsPort, config.host, log)
  } catch (error) {
    if (httpServer.listening) await close(httpServer)
    await db.destroy()
    throw error
  }
  const address = httpServer.address() as AddressInfo
  const url = new URL(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`)
  const publicUrl = config.publicUrl ?? new URL(`http://localhost:${address.port}`)

  // The worker needs the context and the context wakes the worker: tie the knot through a holder.
  const mail: { worker?: MailWorker } = {}
  let stopping: Promise<void> | undefined
  const context: AppContext = {
    db,
    config,
    clock,
    log,
    passwords: new PasswordHasher(config.argon2, options.hashing ?? 'low-priority-threads'),
    publicUrl,
    deviceSecret,
    factorKeys,
    wakeMailWorker: () => mail.worker?.wake(),
    isStopping: () => stopping !== undefined,
    metrics: metrics ?? noMetrics,
  }
  const worker = startMailWorker(context, createTransport(config, log))
  mail.worker = worker
  const handleRequest = createHttpApp(context, assets, csrfSecret, address.port).callback()
  httpServer.on('request', (request, response) => void handleRequest(request, response))
  const securityHeaders = securityHeaderValues(publicUrl.protocol === 'https:')
  httpServer.on('clientError', (error, socket) => answerUnparsableRequest(error, socket, securityHeaders))

  log.info(
    { event: 'server_started', url: url.href, publicUrl: publicUrl.href, dataDir: config.dataDir, mail: describeTransport(config) },
    `TextUp is listening on ${url.href} (public address ${publicUrl.href})`,
  )

  return {
    url,
    publicUrl,
    metricsUrl: metricsListener?.url,
    context,
    stop: () =>
      (stopping ??= (async () => {
        // Behind a load balancer: /health/ready already answers 503, and the balancer takes this
        // instance out of rotation at its next probe. Until the grace period ends, whatever it still
        // sends is answered rather than refused or cut off with a connection it had kept open.
        if (config.shutdownGraceSeconds > 0) await sleep(config.shutdownGraceSeconds * 1000)
        await Promise.all([close(httpServer), metricsListener?.close()])
        // A mail server that hangs must not hold the stop past the drain time (and into a SIGKILL):
        // a message left mid-delivery keeps its claim, which runs out, and is sent after the restart.
        await Promise.race([worker.stop(), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())])
        await db.destroy()
        await context.passwords.close()
        log.info({ event: 'server_stopped' }, 'TextUp stopped')
      })()),
  }
}

/**
 * Requests Node cannot parse (oversized headers, malformed HTTP) never reach Koa: answer them here,
 * with the same security headers as everything else, instead of Node's bare status line.
 */
function answerUnparsableRequest(error: Error & { code?: string }, socket: Duplex, securityHeaders: Record<string, string>): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const [status, reason] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request']
  const body = `${reason}\n`
  const headers = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...securityHeaders,
    Connection: 'close',
  }
  socket.end(
    [`HTTP/1.1 ${status} ${reason}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', body].join('\r\n'),
  )
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** Stops accepting connections and waits for requests in flight; idle keep-alive sockets close now. */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    server.closeIdleConnections()
  })
}

export type { DB }
