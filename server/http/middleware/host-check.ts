// Answers only to the host names the server is known by. A web page an admin visits could make
// its own host name resolve to 127.0.0.1 (DNS rebinding) and then talk to a server bound there,
// such as the console's embedded server; the Host header it sends gives it away.
import type { Middleware } from 'koa'
import { msg } from '../../../src-shared/i18n/translator'
import { HttpError } from '../errors'

/** host[:port] in lower case, without the port a scheme implies. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '')
}

export function hostCheck(allowed: Iterable<string>): Middleware {
  const names = new Set([...allowed].map(normalizeHost))
  return async (ctx, next) => {
    // Load balancers probe each instance by its address; /health and /health/ready reveal nothing.
    if (ctx.path !== '/health' && ctx.path !== '/health/ready' && !names.has(normalizeHost(ctx.get('host')))) {
      throw new HttpError(421, msg('api.error.unknownHost'), { detail: msg('api.error.unknownHostDetail') })
    }
    await next()
  }
}

/** PUBLIC_URL's host, the loopback names on the port the server listens on, and ALLOWED_HOSTS. */
export function knownHosts(publicUrl: URL, port: number, extra: string[]): string[] {
  return [publicUrl.host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, ...extra]
}
