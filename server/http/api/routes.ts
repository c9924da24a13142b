// The admin JSON API. Every route is declared once, in API_ROUTES, with its schemas: the same
// declaration registers the Koa route, validates the request and produces the OpenAPI document,
// so the documentation cannot drift from what the server does.
import Router, { type RouterContext } from '@koa/router'
import type { Context } from 'koa'
import bodyParser from '@koa/bodyparser'
import { z } from 'zod'
import {
  createUserRequest,
  currentSessionResponse,
  emptyRequest,
  eventPage,
  eventsQuery,
  healthResponse,
  invitationResponse,
  openApiDocumentResponse,
  PAGE_SIZE_DEFAULT,
  passwordResetResponse,
  sessionResponse,
  sessionsRevokedResponse,
  setPasswordRequest,
  signInRequest,
  updateUserRequest,
  userIdSchema,
  userPage,
  userSearchQuery,
  userView,
} from '../../../src-shared/api'
import { createAccount, LAST_ADMIN, revokeSessions, sendInvitationAgain, sendPasswordResetEmail, setPasswordAsAdmin, updateAccount } from '../../accounts/admin'
import { recordEvent } from '../../accounts/audit'
import { searchUsers } from '../../accounts/search'
import { endSession, type ActiveSession } from '../../accounts/sessions'
import { signIn } from '../../accounts/sign-in'
import { findUserById, USERNAME_TAKEN } from '../../accounts/users'
import type { Actor, AppContext, Client } from '../../context'
import type { User } from '../../db/schema'
import { HttpError } from '../errors'
import { formErrors } from '../forms'
import { authenticate, type ApiAccess } from './auth'
import { openApiDocument } from './openapi'
import { toEventView, toUserView } from './views'

export interface ApiCall<Body, Query> {
  ctx: Context
  body: Body
  query: Query
  /** The caller's session; present on every route that is not public. */
  session: ActiveSession | undefined
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

export interface ApiRoute<Body = unknown, Query = unknown> {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** Koa path syntax: /api/users/:id */
  path: string
  summary: string
  description?: string
  access: ApiAccess
  body?: z.ZodType<Body>
  query?: z.ZodType<Query>
  /** What the handler answers; the router's own refusals (400, 401, 403, 413, 415) are documented from access and schemas (openapi.ts). */
  responses: Record<number, ApiResponseDoc>
  handle(call: ApiCall<Body, Query>): Promise<ApiResult>
}

/** Keeps each route's handler typed by its own schemas inside the heterogeneous table. */
function route<Body = undefined, Query = undefined>(definition: ApiRoute<Body, Query>): ApiRoute {
  return definition
}

const problemResponses = {
  404: { description: 'There is no such user.' },
} satisfies Record<number, ApiResponseDoc>

function actorOf(session: ActiveSession | undefined): Actor {
  if (!session) throw new Error('An admin route ran without a session')
  return { id: session.user.id, username: session.user.username, displayName: session.user.display_name }
}

async function loadUser(app: AppContext, ctx: Context): Promise<User> {
  const id = userIdSchema.safeParse((ctx as RouterContext).params.id)
  const user = id.success ? await findUserById(app.db, id.data) : undefined
  if (!user) throw new HttpError(404, 'There is no such user.', 'It may have been removed, or the id is mistyped.')
  return user
}

function tooMany(retryAfterSeconds: number, title: string): HttpError {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return new HttpError(429, title, `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })
}

export function apiRoutes(app: AppContext): ApiRoute[] {
  let document: unknown
  const routes: ApiRoute[] = [
    route<z.infer<typeof signInRequest>>({
      method: 'post',
      path: '/api/session',
      summary: 'Sign in as an admin',
      description:
        'Exchanges an admin\'s username and password for a bearer token. Attempts count against the same throttles as the sign-in page: per client address, and per account for clients without a deviceToken from an earlier sign-in to it.',
      access: 'public',
      body: signInRequest,
      responses: {
        201: { description: 'Signed in.', schema: sessionResponse },
        401: { description: 'The username or password is not right.' },
        403: { description: 'The account is deactivated, or not an admin account.' },
        429: { description: 'Too many attempts; see Retry-After.' },
      },
      async handle({ body, client }) {
        const result = await signIn(app, { ...body, kind: 'api', client, requireRole: 'admin' })
        if (result.ok) {
          return {
            status: 201,
            body: { token: result.session.token, expiresAt: result.session.expiresAt.toISOString(), user: toUserView(result.user), deviceToken: result.deviceToken },
          }
        }
        switch (result.reason) {
          case 'throttled':
            throw tooMany(result.retryAfterSeconds, 'Too many sign-in attempts.')
          case 'deactivated':
            throw new HttpError(403, 'This account has been deactivated.')
          case 'not_allowed':
            throw new HttpError(403, 'Only administrators can sign in to the admin console.', 'Regular users sign in on the web page instead.')
          default:
            // A 401 always names the scheme that would work (RFC 9110), even where the credentials go in the body.
            throw new HttpError(401, 'The username or password is not right.', undefined, undefined, { headers: { 'WWW-Authenticate': 'Bearer realm="TextUp"' } })
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/session',
      summary: 'Who is signed in',
      access: 'admin',
      responses: { 200: { description: 'The signed-in admin.', schema: currentSessionResponse } },
      handle: ({ session }) => {
        if (!session) throw new Error('unreachable')
        return Promise.resolve({
          status: 200,
          body: { expiresAt: session.expiresAt.toISOString(), user: toUserView(session.user), passwordMinLength: app.config.passwordMinLength },
        })
      },
    }),
    route({
      method: 'delete',
      path: '/api/session',
      summary: 'Sign out',
      description: 'Ends the session of the token used. Works for any valid token, admin or not.',
      access: 'session',
      responses: { 204: { description: 'Signed out.' } },
      async handle({ session, client }) {
        if (!session) throw new Error('unreachable')
        await endSession(app.db, session.tokenHash)
        await recordEvent(app.db, { type: 'signed_out', user: { id: session.user.id, username: session.user.username }, client, details: { via: 'api' } }, app.clock())
        return { status: 204 }
      },
    }),
    route<undefined, z.infer<typeof userSearchQuery>>({
      method: 'get',
      path: '/api/users',
      summary: 'Find users',
      description: 'Users in username order, a page at a time. Pass nextCursor back as cursor for the next page.',
      access: 'admin',
      query: userSearchQuery,
      responses: { 200: { description: 'A page of users.', schema: userPage } },
      async handle({ query }) {
        const result = await searchUsers(app.db, { q: query.q, cursor: query.cursor, limit: query.limit ?? PAGE_SIZE_DEFAULT })
        if (!result.ok) throw new HttpError(400, 'The request has invalid fields.', undefined, { cursor: ['cursor is not one this server gave out.'] })
        return { status: 200, body: { users: result.users.map(toUserView), nextCursor: result.nextCursor } }
      },
    }),
    route<z.output<typeof createUserRequest>>({
      method: 'post',
      path: '/api/users',
      summary: 'Create a user',
      description:
        'Creates an account with a password set now (checked against the password policy) or, with sendInvitation, emails the person a link to choose their own.',
      access: 'admin',
      body: createUserRequest,
      responses: {
        201: { description: 'Created; Location names the new user.', schema: userView },
        409: { description: 'The username is taken.' },
        422: { description: 'The password does not meet the policy, or the confirmation does not match.' },
      },
      async handle({ body, session, client }) {
        const result = await createAccount(
          app,
          {
            username: body.username,
            displayName: body.displayName,
            email: body.email,
            role: body.role,
            invite: body.sendInvitation,
            password: body.newPassword === undefined ? undefined : { newPassword: body.newPassword, newPasswordConfirmation: body.newPasswordConfirmation ?? '' },
          },
          actorOf(session),
          client,
        )
        if (!result.ok) {
          const taken = result.errors.username?.includes(USERNAME_TAKEN)
          throw new HttpError(taken ? 409 : 422, taken ? 'That username is already taken.' : 'The password cannot be used.', undefined, result.errors)
        }
        return { status: 201, body: toUserView(result.user), headers: { Location: `/api/users/${result.user.id}` } }
      },
    }),
    route({
      method: 'get',
      path: '/api/users/:id',
      summary: 'A user\'s details',
      access: 'admin',
      responses: { 200: { description: 'The user.', schema: userView }, 404: problemResponses[404] },
      handle: async ({ ctx }) => ({ status: 200, body: toUserView(await loadUser(app, ctx)) }),
    }),
    route<z.infer<typeof updateUserRequest>>({
      method: 'patch',
      path: '/api/users/:id',
      summary: 'Change a user\'s name, email, role or status',
      description: 'Deactivating ends every session of the user. The last active admin cannot be demoted or deactivated.',
      access: 'admin',
      body: updateUserRequest,
      responses: {
        200: { description: 'The updated user.', schema: userView },
        404: problemResponses[404],
        409: { description: 'The change would leave no active admin.' },
      },
      async handle({ ctx, body, session, client }) {
        const user = await loadUser(app, ctx)
        const status = body.active === undefined ? undefined : body.active ? 'active' : 'deactivated'
        const result = await updateAccount(app, user, { displayName: body.displayName, email: body.email, role: body.role, status }, actorOf(session), client)
        if (!result.ok) {
          const field = result.errors.status ? 'active' : 'role'
          throw new HttpError(409, LAST_ADMIN, undefined, { [field]: [LAST_ADMIN] })
        }
        return { status: 200, body: toUserView(result.user) }
      },
    }),
    route<z.output<typeof setPasswordRequest>>({
      method: 'post',
      path: '/api/users/:id/password',
      summary: 'Set a user\'s password',
      description:
        'The admin first confirms it is them with their OWN current password (adminPassword). A wrong one changes nothing and counts against the session it is sent with (not the admin\'s sign-in allowance, so no one guessing at the admin\'s username can stop them). On success every session and reset link of the user ends and the user is emailed.',
      access: 'admin',
      body: setPasswordRequest,
      responses: {
        204: { description: 'The password is set.' },
        403: { description: 'The caller is not an active admin, or adminPassword is not their password.' },
        404: problemResponses[404],
        422: { description: 'The new password does not meet the policy, or the confirmation does not match.' },
        429: { description: 'Too many wrong admin passwords; see Retry-After.' },
      },
      async handle({ ctx, body, session, client }) {
        const user = await loadUser(app, ctx)
        if (!session) throw new Error('unreachable')
        const { adminPassword, ...input } = body
        const result = await setPasswordAsAdmin(app, { admin: session, adminPassword, user, input, client })
        if (result.ok) return { status: 204 }
        if ('errors' in result) throw new HttpError(422, 'The new password cannot be used.', undefined, result.errors)
        switch (result.reason) {
          case 'throttled':
            throw tooMany(result.retryAfterSeconds, 'Too many wrong passwords.')
          case 'wrong_password':
            throw new HttpError(403, 'That is not your password.', `Type your own password (${session.user.username}), not the user's.`, {
              adminPassword: [`That is not the password of ${session.user.username}.`],
            })
          case 'session_ended':
            throw new HttpError(401, 'Your session has ended.', 'Your own password or role changed meanwhile. Sign in again.', undefined, {
              headers: { 'WWW-Authenticate': 'Bearer realm="TextUp", error="invalid_token"' },
            })
        }
      },
    }),
    route<z.infer<typeof emptyRequest>>({
      method: 'post',
      path: '/api/users/:id/password-reset',
      summary: 'Email the user a password reset link',
      description: 'Queues an email with a single-use link, under the same rules as "Forgot password". Limited per user.',
      access: 'admin',
      body: emptyRequest,
      responses: {
        202: { description: 'The email is queued.', schema: passwordResetResponse },
        404: problemResponses[404],
        409: { description: 'The account is deactivated.' },
        429: { description: 'Too many reset emails for this user lately; see Retry-After.' },
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(app, ctx)
        const result = await sendPasswordResetEmail(app, user, actorOf(session), client)
        if (result.ok) return { status: 202, body: { sentTo: result.recipient } }
        if (result.reason === 'throttled') throw tooMany(result.retryAfterSeconds, 'Too many reset emails for this user lately.')
        throw new HttpError(409, 'This account is deactivated.', 'Activate it first.')
      },
    }),
    route<z.infer<typeof emptyRequest>>({
      method: 'post',
      path: '/api/users/:id/invitation',
      summary: 'Email the user their invitation again',
      description:
        'For an account whose owner has not chosen a password yet: queues a new invitation email to the account\'s current address. Its link replaces every earlier one. Limited per user.',
      access: 'admin',
      body: emptyRequest,
      responses: {
        202: { description: 'The email is queued.', schema: invitationResponse },
        404: problemResponses[404],
        409: { description: 'The account is deactivated, or already has a password (send a password reset instead).' },
        429: { description: 'Too many invitations for this user lately; see Retry-After.' },
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(app, ctx)
        const result = await sendInvitationAgain(app, user, actorOf(session), client)
        if (result.ok) return { status: 202, body: { sentTo: result.recipient } }
        if (result.reason === 'throttled') throw tooMany(result.retryAfterSeconds, 'Too many invitations for this user lately.')
        if (result.reason === 'has_password') throw new HttpError(409, 'This person has already chosen a password.', 'Send a password reset email instead.')
        throw new HttpError(409, 'This account is deactivated.', 'Activate it first.')
      },
    }),
    route<z.infer<typeof emptyRequest>>({
      method: 'post',
      path: '/api/users/:id/sessions/revoke',
      summary: 'Sign the user out everywhere',
      access: 'admin',
      body: emptyRequest,
      responses: {
        200: { description: 'Every session has ended.', schema: sessionsRevokedResponse },
        404: problemResponses[404],
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(app, ctx)
        return { status: 200, body: { sessionsEnded: await revokeSessions(app, user, actorOf(session), client) } }
      },
    }),
    route<undefined, z.infer<typeof eventsQuery>>({
      method: 'get',
      path: '/api/users/:id/events',
      summary: 'A user\'s audit events, newest first',
      access: 'admin',
      query: eventsQuery,
      responses: {
        200: { description: 'A page of events.', schema: eventPage },
        404: problemResponses[404],
      },
      async handle({ ctx, query }) {
        const user = await loadUser(app, ctx)
        const before = query.cursor === undefined ? undefined : decodeEventCursor(query.cursor)
        if (before === null) throw new HttpError(400, 'The request has invalid fields.', undefined, { cursor: ['cursor is not one this server gave out.'] })
        const limit = query.limit ?? PAGE_SIZE_DEFAULT
        let events = app.db.selectFrom('audit_events').selectAll().where('user_id', '=', user.id).orderBy('id', 'desc').limit(limit + 1)
        if (before !== undefined) events = events.where('id', '<', before)
        const rows = await events.execute()
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        return {
          status: 200,
          body: { events: page.map(toEventView), nextCursor: rows.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null },
        }
      },
    }),
    // The document and the health check are routes like the others, so that the document lists
    // them and every test that walks the table tries them.
    route({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'public',
      responses: { 200: { description: 'The OpenAPI document.', schema: openApiDocumentResponse } },
      handle: () => Promise.resolve({ status: 200, body: (document ??= openApiDocument(routes, app.publicUrl.origin)) }),
    }),
    route<undefined, z.infer<typeof anyQuery>>({
      method: 'get',
      path: '/health',
      summary: 'Whether the server is up',
      description: 'For load balancers and monitoring: answers without touching anything private, whatever the query (such as a cache buster).',
      access: 'public',
      query: anyQuery,
      responses: { 200: { description: 'The server is up.', schema: healthResponse } },
      handle: () => Promise.resolve({ status: 200, body: { status: 'ok' } }),
    }),
  ]
  return routes
}

function decodeEventCursor(cursor: string): number | null {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

/** Registers the routes on a Koa router, each behind its access check and schemas. */
export function apiRouter(app: AppContext, routes: ApiRoute[], clientOf: (ctx: Context) => Client): Router {
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

const noQuery = z.strictObject({})
/** For a route that ignores its query: parameters are dropped, not refused. */
const anyQuery = z.object({})

/** JSON bodies are small; anything bigger is refused before it is read in full. */
const jsonBody = bodyParser({ enableTypes: ['json'], jsonLimit: '16kb', jsonStrict: true, encoding: 'utf-8' })

/** The request's JSON body; an absent body counts as {} (for routes whose body is optional). */
async function readJsonBody(ctx: Context): Promise<unknown> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== ''
  if (!hasBody) return {}
  if (!ctx.is('application/json')) throw new HttpError(415, 'Send the body as JSON.', 'Use Content-Type: application/json.')
  try {
    await jsonBody(ctx, () => Promise.resolve())
  } catch (error) {
    // The parser refuses these before the schema sees them; say which part is wrong, not "not JSON".
    const message = error instanceof SyntaxError ? error.message : ''
    if (message.includes('forbidden prototype property')) {
      throw new HttpError(400, 'The request has invalid fields.', undefined, { _body: ['Unknown field: __proto__ (or constructor.prototype).'] })
    }
    if (message.includes('only supports object and array')) {
      throw new HttpError(400, 'The request has invalid fields.', undefined, { _body: ['Send a JSON object.'] })
    }
    throw error
  }
  return ctx.request.body
}

/** Parses with a schema; failures become a 400 naming each field ("root" for the whole object). */
function parseWith<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const errors = formErrors(parsed.error)
  if (errors._body && root !== '_body') {
    errors[root] = errors._body
    delete errors._body
  }
  throw new HttpError(400, 'The request has invalid fields.', 'See errors for what each field needs.', errors)
}
