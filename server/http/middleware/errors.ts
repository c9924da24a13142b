// Catches everything a route throws: a known error becomes a friendly page or a problem document
// with its status; anything else is logged and answered with a plain 500 that reveals nothing.
import { randomUUID } from 'node:crypto'
import type { Context, Middleware } from 'koa'
import { msg } from '../../../src-shared/i18n/translator'
import type { Logger } from '../../log'
import { describeError, HttpError } from '../errors'
import { sendProblem } from '../problem'

/** Routes answered in JSON (problem documents on error) rather than with pages. */
export function isApiRequest(ctx: Context): boolean {
  return ctx.path === '/api' || ctx.path.startsWith('/api/') || ctx.path === '/health' || ctx.path === '/health/ready'
}

export function handleErrors(log: Logger, renderPage: (ctx: Context, error: HttpError) => void): Middleware {
  return async (ctx, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    try {
      await next()
      if (ctx.body === undefined && ctx.status === 404)
        throw new HttpError(404, msg('api.error.pageNotFound'), { detail: msg('api.error.pageNotFoundDetail') })
      // The routers answer a method a path does not have with 405 and its Allow header, and a
      // method they do not know at all (PROPFIND, …) with 501, without a body: describeError says
      // what each means, as it does when they are thrown.
      if (ctx.body === undefined && (ctx.status === 405 || ctx.status === 501)) ctx.throw(ctx.status)
    } catch (error) {
      let known = describeError(error)
      // A deliberate 503 (an HttpError, such as /health/ready's while the instance stops) is no incident.
      if (known?.status === 503 && !(error instanceof HttpError))
        log.warn(
          { event: 'database_unavailable', requestId, method: ctx.method, path: ctx.path, err: error },
          'The database could not be used',
        )
      if (!known) {
        log.error({ event: 'request_failed', requestId, method: ctx.method, path: ctx.path, err: error }, 'Request failed')
        known = new HttpError(500, msg('api.error.internal'), { detail: msg('api.error.internalDetail', { reference: requestId }) })
      }
      // A body refused part-way through (too large once streamed or inflated, not the encoding it
      // claims) is left paused by the body parser — or piped into a paused decompressor — with the
      // rest still on the wire, where Node does not drain it as it drains a body nobody read: the
      // kept-alive connection would hang, and the client's next request on it. Discard the rest.
      if (!ctx.req.complete) ctx.req.unpipe().resume()
      for (const [name, value] of Object.entries(known.headers)) ctx.set(name, value)
      if (isApiRequest(ctx)) sendProblem(ctx, known)
      else renderPage(ctx, known)
    } finally {
      // The path only: query strings may hold reset tokens and never reach the log.
      log.info({
        event: 'request',
        requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - started),
      })
    }
  }
}
