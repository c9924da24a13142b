// The second listener (METRICS_PORT): Prometheus text at GET /metrics and nothing else. It is apart
// from the main port so that the metrics never reach the users' side of a proxy, and a scrape never
// waits behind the pages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../log'
import type { PrometheusMetrics } from './prometheus'

export interface MetricsListener {
  /** Where the metrics are served, e.g. http://127.0.0.1:9464/metrics. */
  url: URL
  close(): Promise<void>
}

export async function startMetricsListener(metrics: PrometheusMetrics, port: number, host: string, log: Logger): Promise<MetricsListener> {
  const server = createServer(
    { requestTimeout: 10_000, headersTimeout: 5_000 },
    (request, response) => void answer(metrics, log, request, response),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const url = new URL(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/metrics`)
  log.info({ event: 'metrics_started', url: url.href }, `Metrics are served on ${url.href}`)
  return {
    url,
    // A scrape cut short by the stop is harmless: the next process is scraped instead.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function answer(metrics: PrometheusMetrics, log: Logger, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.setHeader('X-Content-Type-Options', 'nosniff')
  response.setHeader('Cache-Control', 'no-store')
  if ((request.url ?? '').split('?')[0] !== '/metrics') return send(response, 404, 'Not found: the metrics are at /metrics.\n')
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD')
    return send(response, 405, 'Use GET.\n')
  }
  try {
    const { contentType, text } = await metrics.scrape()
    send(response, 200, text, contentType, request.method === 'HEAD')
  } catch (error) {
    log.error({ event: 'metrics_failed', err: error }, 'Could not produce the metrics')
    send(response, 500, 'The metrics could not be produced; see the log.\n')
  }
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headOnly = false): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  response.end(headOnly ? undefined : body)
}
