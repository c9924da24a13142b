// The admin API's machinery: how a route is declared, and how Koa dispatches to it (caller, then query and JSON body by schema, then handler).
import Router, { type RouterContext } from '@koa/router'
import bodyParser from '@koa/bodyparser'
import { z } from 'zod'
import { msg } from '../../../src-shared/i18n/translator'
import type { ActiveSession } from '../../accounts/sessions'
import type { AppContext, Client } from '../../context'
import { clientOf } from '../client'
import { HttpError } from '../errors'
import { formIssues } from '../forms'
import { authenticate, type ApiAccess } from './auth'
import { invalidFields } from './refusals'

/** The caller's session as a route's access level promises it: none on a public route, always one on the others. */
export type SessionFor<Access extends ApiAccess> = Access extends 'public' ? undefined : ActiveSession

export interface ApiCall<Access extends ApiAccess, Body, Query> {
  /** The router's context: path parameters are in ctx.params. */
  ctx: RouterContext
  body: Body
  query: Query
  session: SessionFor<Access>
  client: Client
}

export interface ApiResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export interface ApiResponseDoc {
  description: string
  schema?: z.ZodType
}

export interface ApiRouteDefinition<Access extends ApiAccess, Body, Query> {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** Koa path syntax: /api/users/:id */
  path: string
  summary: string
  description?: string
  access: Access
  body?: z.ZodType<Body>
  query?: z.ZodType<Query>
  /** What the handler answers; the router's own refusals (400, 401, 403, 413, 415) are documented from access and schemas (openapi.ts). */
  responses: Record<number, ApiResponseDoc>
  handle(call: ApiCall<Access, Body, Query>): Promise<ApiResult>
}

/** A route as the table holds it, whatever its access and schemas. */
export type ApiRoute = ApiRouteDefinition<ApiAccess, unknown, unknown>

/**
 * Declares a route: its handler is typed by the route's own access level and schemas, then the
 * route joins the table with the others. apiRouter keeps what those types promise: it runs the
 * handler only after authenticate() found a session (on a route that is not public) and the
 * schemas parsed the query and body.
 */
export function route<Access extends ApiAccess, Body = undefined, Query = undefined>(
  definition: ApiRouteDefinition<Access, Body, Query>,
): ApiRoute {
  return definition
}

const noQuery = z.strictObject({})
/** For a route that ignores its query: parameters are dropped, not refused. */
export const anyQuery = z.object({})

/** Registers the routes on a Koa router, each behind its access check and schemas. */
export function apiRouter(app: AppContext, routes: readonly ApiRoute[]): Router {
  // Paths match exactly as written. The error handler and the body parsers know an API request by
  // its lowercase /api prefix: /API/users reaching a route would be answered with an HTML page and
  // have its JSON body read as an empty form.
  const router = new Router({ sensitive: true })
  for (const definition of routes) {
    router[definition.method](definition.path, async (ctx) => {
      // Who is asking comes first: an anonymous caller learns nothing about what a body should be.
      const session = definition.access === 'public' ? undefined : await authenticate(app, ctx, definition.access)
      const query = parseWith(definition.query ?? noQuery, { ...ctx.query }, '_query')
      const body = definition.body ? parseWith(definition.body, await readJsonBody(ctx), '_body') : undefined
      const result = await definition.handle({ ctx, body, query, session, client: clientOf(ctx) })
      ctx.status = result.status
      for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value)
      if (result.body !== undefined) ctx.body = result.body
    })
  }
  return router
}

/** JSON bodies are small; anything bigger is refused before it is read in full. */
const jsonBody = bodyParser({ enableTypes: ['json'], jsonLimit: '16kb', jsonStrict: true, encoding: 'utf-8' })

/** The request's JSON body; an absent body counts as {} (for routes whose body is optional). */
async function readJsonBody(ctx: RouterContext): Promise<unknown> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== ''
  if (!hasBody) return {}
  if (!ctx.is('application/json')) throw new HttpError(415, msg('api.request.sendJson'), { detail: msg('api.request.sendJsonDetail') })
  try {
    await jsonBody(ctx, () => Promise.resolve())
  } catch (error) {
    // The parser refuses these before the schema sees them; say which part is wrong, not "not JSON".
    const message = error instanceof SyntaxError ? error.message : ''
    if (message.includes('forbidden prototype property')) throw invalidFields({ _body: [msg('api.request.prototypeField')] })
    if (message.includes('only supports object and array')) throw invalidFields({ _body: [msg('api.request.sendObject')] })
    throw error
  }
  return ctx.request.body
}

/** Parses with a schema; failures become a 400 naming each field ("root" for the whole object). */
function parseWith<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const errors = formIssues(parsed.error)
  if (errors._body && root !== '_body') {
    errors[root] = errors._body
    delete errors._body
  }
  throw invalidFields(errors, { detail: msg('api.request.seeErrors') })
}
