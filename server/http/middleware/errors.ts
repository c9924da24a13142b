// Catches everything a route throws: a known error becomes a friendly page or a problem document
// with its status; anything else is logged and answered with a plain 500 that reveals nothing.
import { randomUUID } from 'node:crypto'
import type { Context, Middleware } from 'koa'
import type { Logger } from '../../log'
import { describeError, HttpError } from '../errors'
import { sendProblem } from '../problem'

export function isApiRequest(ctx: Context): boolean {
  return ctx.path === '/api' || ctx.path.startsWith('/api/')
}

export function handleErrors(log: Logger, renderPage: (ctx: Context, error: HttpError) => void): Middleware {
  return async (ctx, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'Page not found.', 'Check the address, or start again from the sign-in page.')
    } catch (error) {
      let known = describeError(error)
      if (!known) {
        log.error({ event: 'request_failed', requestId, method: ctx.method, path: ctx.path, err: error }, 'Request failed')
        known = new HttpError(500, 'Something went wrong on our side.', `Try again in a moment. If it keeps happening, tell your administrator (reference ${requestId}).`)
      }
      for (const [name, value] of Object.entries(known.extra.headers ?? {})) ctx.set(name, value)
      if (isApiRequest(ctx)) sendProblem(ctx, known)
      else renderPage(ctx, known)
    } finally {
      // The path only: query strings may hold reset tokens and never reach the log.
      log.info({ event: 'request', requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) })
    }
  }
}
