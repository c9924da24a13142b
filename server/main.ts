// `npm run server`: the TextUp server on the configuration in the environment.
import { ConfigError, loadConfig } from './config'
import { startServer } from './server'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  const server = await startServer(config)
  const shutdown = (signal: string) => {
    // Without a grace period, stop() closes the listening socket before it returns, so once this
    // line is logged new connections are refused (a supervisor or a test may act on the line at once).
    const stopped = server.stop()
    const grace = server.context.config.shutdownGraceSeconds
    server.context.log.info(
      { event: 'shutdown', signal, graceSeconds: grace },
      grace > 0
        ? `Received ${signal}; not ready, taking connections for ${grace} s more, then finishing requests in flight`
        : `Received ${signal}; finishing requests in flight, refusing new connections`,
    )
    stopped.then(
      () => process.exit(0),
      (error: unknown) => {
        server.context.log.error({ event: 'shutdown_failed', err: error }, 'Stopping failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
