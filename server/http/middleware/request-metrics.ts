// Times every request for the metrics, labelled by the route template that answered it: never by
// the path asked for, which may hold a reset link's token or anything a client cares to send.
import type { Context, Middleware } from 'koa'
import type { Metrics } from '../../metrics/metrics'

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** Outermost, so that it sees the status the error handler settled on. */
export function requestMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const seconds = (performance.now() - started) / 1000
      metrics.requestServed({ method: METHODS.has(ctx.method) ? ctx.method : 'OTHER', route: routeOf(ctx), status: ctx.status, seconds })
    }
  }
}

/** What @koa/router leaves on the context: the template it matched, and the layers whose path matched. */
interface RoutedContext {
  _matchedRoute?: unknown
  matched?: Array<{ path: unknown; methods: string[] }>
}

function routeOf(ctx: Context): string {
  const routed = ctx as Context & RoutedContext
  if (typeof routed._matchedRoute === 'string') return routed._matchedRoute
  // A path a route has, asked with a method it does not have (405).
  const layer = routed.matched?.find((candidate) => candidate.methods.length > 0 && typeof candidate.path === 'string')
  if (typeof layer?.path === 'string') return layer.path
  // Only the known asset files are answered; any other /assets/ path is a 404 like the rest.
  if (ctx.path.startsWith('/assets/') && ctx.status < 400) return '/assets/*'
  return 'unmatched'
}
