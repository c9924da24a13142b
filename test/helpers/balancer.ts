// A round-robin reverse proxy in front of several TextUp instances, doing what a load balancer with
// health checks does: it probes each instance's /health/ready and sends traffic only to those that
// answer 200 (out of rotation after two failed probes in a row, back after one good one); an
// instance whose connection is refused is taken out at once, and the request goes to the next one
// (nothing was sent). A GET or HEAD that fails before its answer
// comes is tried on the next instance too (it is idempotent); any other request that fails is
// answered 502, as a real balancer would, so the client sees it.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** Hop-by-hop headers (RFC 9110 §7.6.1): about one connection, never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'])

export interface BalancerOptions {
  /** How often each instance is probed. */
  checkEveryMs?: number
  /** A probe not answered within this counts as a failure. */
  checkTimeoutMs?: number
  /** Failed probes in a row that take an instance out of rotation (one slow answer on a busy machine should not). */
  failuresToTakeOut?: number
}

export interface Backend {
  url: URL
  /** In rotation: its last probe answered 200 and no connection to it was refused since. */
  healthy: boolean
  /** Requests it answered. */
  answered: number
  /** What its last probe got: a status, or the error. */
  lastProbe: string
  /** Failed probes since the last good one. */
  failedProbes: number
}

export class Balancer {
  readonly backends: Backend[] = []
  /**
   * Requests tried again on another instance, connections refused, requests answered 502 or 503 by
   * the balancer itself, and why each instance was taken out of rotation (a probe's status or error).
   */
  readonly stats = { retried: 0, refusedConnections: 0, failed: 0, takenOut: [] as string[] }
  url = ''
  private next = 0
  private stopped = false
  // Connections to the instances are kept open between requests, as balancers do; idle ones are
  // closed after 2 s, before the server's own keep-alive timeout (5 s) could close them under a request.
  private readonly agent = new Agent({ keepAlive: true, timeout: 2_000 })
  private readonly server: Server

  private constructor(private readonly options: Required<BalancerOptions>) {
    this.server = createServer((req, res) => void this.handle(req, res))
  }

  static async start(options: BalancerOptions = {}): Promise<Balancer> {
    const balancer = new Balancer({ checkEveryMs: 100, checkTimeoutMs: 1_000, failuresToTakeOut: 2, ...options })
    await new Promise<void>((resolve) => balancer.server.listen(0, '127.0.0.1', resolve))
    balancer.url = `http://127.0.0.1:${(balancer.server.address() as AddressInfo).port}`
    return balancer
  }

  /** Puts instances behind the balancer; each enters rotation once its first probe passes. */
  add(...urls: string[]): void {
    for (const url of urls) {
      const backend: Backend = { url: new URL(url), healthy: false, answered: 0, lastProbe: 'not probed yet', failedProbes: 0 }
      this.backends.push(backend)
      void this.keepProbing(backend)
    }
  }

  /** Resolves once every instance is in rotation. */
  async allHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.backends.every((backend) => backend.healthy)) {
      if (Date.now() > deadline)
        throw new Error(
          `Not every instance came into rotation within ${timeoutMs} ms: ${this.backends.map((b) => `${b.url.host} ${b.lastProbe}`).join(', ')}`,
        )
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.agent.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** One probe after another (never two at once), every checkEveryMs, until the balancer stops. */
  private async keepProbing(backend: Backend): Promise<void> {
    while (!this.stopped) {
      const passed = await this.probe(backend)
      backend.failedProbes = passed ? 0 : backend.failedProbes + 1
      if (passed) this.setHealth(backend, true, '')
      else if (backend.failedProbes >= this.options.failuresToTakeOut) this.setHealth(backend, false, `probe ${backend.lastProbe}`)
      await new Promise((resolve) => setTimeout(resolve, this.options.checkEveryMs))
    }
  }

  private setHealth(backend: Backend, healthy: boolean, why: string): void {
    if (backend.healthy && !healthy) this.stats.takenOut.push(`${backend.url.host}: ${why}`)
    backend.healthy = healthy
  }

  /** GET /health/ready on a connection of its own, so a probe never waits behind traffic. */
  private probe(backend: Backend): Promise<boolean> {
    return new Promise((resolve) => {
      const req = httpRequest(new URL('/health/ready', backend.url), { agent: false, timeout: this.options.checkTimeoutMs }, (res) => {
        res.resume()
        backend.lastProbe = String(res.statusCode)
        resolve(res.statusCode === 200)
      })
      req.on('timeout', () => req.destroy(new Error('health check timed out')))
      req.on('error', (error) => {
        backend.lastProbe = (error as NodeJS.ErrnoException).code ?? error.message
        resolve(false)
      })
      req.end()
    })
  }

  private pick(tried: Set<Backend>): Backend | undefined {
    for (let i = 0; i < this.backends.length; i++) {
      const backend = this.backends[(this.next + i) % this.backends.length]!
      if (backend.healthy && !tried.has(backend)) {
        this.next = (this.next + i + 1) % this.backends.length
        return backend
      }
    }
    return undefined
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const idempotent = req.method === 'GET' || req.method === 'HEAD'
    const tried = new Set<Backend>()
    for (;;) {
      const backend = this.pick(tried)
      if (!backend) return this.refuse(res, 503, 'No instance is available.')
      tried.add(backend)
      try {
        const answer = await this.forward(backend, req, body)
        backend.answered += 1
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers))
        answer.pipe(res)
        return
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ECONNREFUSED') {
          this.stats.refusedConnections += 1
          this.setHealth(backend, false, 'connection refused')
        } else if (!idempotent) {
          return this.refuse(res, 502, `The instance failed to answer (${code ?? String(error)}).`)
        }
        this.stats.retried += 1
      }
    }
  }

  /** Sends the request to one instance; resolves when its answer's headers have come. */
  private forward(backend: Backend, req: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const headers: OutgoingHttpHeaders = withoutHopByHop(req.headers)
      headers['content-length'] = String(body.length)
      const upstream = httpRequest(new URL(req.url ?? '/', backend.url), { method: req.method, headers, agent: this.agent }, resolve)
      upstream.on('error', reject)
      upstream.end(body)
    })
  }

  private refuse(res: ServerResponse, status: number, message: string): void {
    this.stats.failed += 1
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(message)
  }
}

function withoutHopByHop(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())))
}
