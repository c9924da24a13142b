// Calling the admin JSON API of a test server the way the console or a script does (fetch, bearer
// token, JSON), plus the fixtures the API suites share: Eric the admin, Michelle the user, a valid
// request for every route, bulk accounts written straight into SQLite, and the OpenAPI validator.
import Ajv2020 from 'ajv/dist/2020'
import type { ValidateFunction } from 'ajv'
import { expect } from 'vitest'
import { usernameKey } from '../../src-shared/accounts'
import type { UserView } from '../../src-shared/api'
import type { ApiRoute } from '../../server/http/api/router'
import { apiRoutes } from '../../server/http/api/routes'
import type { DB } from '../../server/db/database'
import type { User } from '../../server/db/schema'
import { rowCounts } from '../helpers/db'
import { PASSWORD } from '../helpers/flows'
import { freshCode } from '../helpers/second-factor'
import { startTestServer, type TestServer } from '../helpers/test-server'

export interface ApiResponse {
  status: number
  headers: Headers
  text: string
  /** The parsed JSON body, or undefined when there is none (or it is not JSON). */
  json: unknown
}

export interface CallOptions {
  token?: string | undefined
  /** Sent as JSON with Content-Type: application/json. */
  body?: unknown
  /** Sent exactly as given (no Content-Type unless in headers). */
  rawBody?: string | Buffer
  query?: Record<string, string>
  headers?: Record<string, string>
}

/** One request to the server, answered whatever the status. */
export async function call(t: TestServer, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const url = new URL(path, t.url)
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.append(name, value)
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | Buffer | undefined = options.rawBody
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] = 'application/json'
  }
  const response = await fetch(url, { method: method.toUpperCase(), headers: { ...headers, ...options.headers }, body, redirect: 'manual' })
  const text = await response.text()
  let json: unknown
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: Record<string, string[]>
}

/** Asserts an RFC 9457 problem document with this status, and returns it. */
export function expectProblem(response: ApiResponse, status: number): Problem {
  expect(response.status, response.text).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const problem = response.json as Problem
  expect(problem.status).toBe(status)
  expect(typeof problem.title).toBe('string')
  // Never a stack trace or an internal error message.
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+|SqliteError|TypeError|SQLITE_/)
  return problem
}

/**
 * Signs in to the API and returns the bearer token: with the password, then, for someone with an
 * authenticator app (every admin the fixtures create), a fresh code from it.
 */
export async function apiToken(t: TestServer, username: string, password = PASSWORD): Promise<string> {
  let response = await call(t, 'post', '/api/session', { body: { username, password } })
  if (response.status === 202) {
    const { challenge } = response.json as { challenge: string }
    response = await call(t, 'post', '/api/session/second-factor', { body: { challenge, code: await freshCode(t, username) } })
  }
  expect(response.status, response.text).toBe(201)
  return (response.json as { token: string }).token
}

export interface Cast {
  eric: User
  michelle: User
  /** Invited, and has not chosen a password yet. */
  ivy: User
  /** A regular user with an authenticator app (who may lose their phone). */
  sam: User
  /** Eric's API token. */
  token: string
}

/** The seed's people: Eric, the admin (with his authenticator), signed in to the API; Michelle, a regular user; Ivy, invited; Sam, with an authenticator. */
export async function ericAndMichelle(t: TestServer): Promise<Cast> {
  const eric = await t.createUser({ username: 'eric', displayName: 'Eric Example', email: 'eric@example.org', role: 'admin' })
  const michelle = await t.createUser({ username: 'michelle', displayName: 'Michelle Obi', email: 'michelle@example.org' })
  const sam = await t.createUser({ username: 'sam', displayName: 'Sam Sato', email: 'sam@example.org', secondFactor: true })
  await insertUsers(t.server.context.db, [{ username: 'ivy', displayName: 'Ivy Invited', email: 'ivy@example.org' }])
  const ivy = await t.server.context.db.selectFrom('users').selectAll().where('username', '=', 'ivy').executeTakeFirstOrThrow()
  return { eric, michelle, ivy, sam, token: await apiToken(t, 'eric') }
}

/** How many rows the tables a rejected request must not touch hold. */
export async function writeCounts(db: DB): Promise<Record<string, number>> {
  const { users, sessions, password_reset_tokens, outbox, audit_events } = await rowCounts(db)
  return { users, sessions, password_reset_tokens, outbox, audit_events }
}

export interface BulkUser {
  username: string
  displayName: string
  email: string
  role?: 'admin' | 'user'
}

/**
 * Writes accounts straight into SQLite, without passwords (as invited people who have not chosen
 * one yet): thousands in a second, where the password path would take minutes. The search index
 * is kept by the database's own triggers, exactly as for accounts made through the API.
 */
export async function insertUsers(db: DB, users: BulkUser[]): Promise<void> {
  const now = new Date().toISOString()
  for (let i = 0; i < users.length; i += 500) {
    await db
      .insertInto('users')
      .values(
        users.slice(i, i + 500).map((user) => ({
          id: crypto.randomUUID(),
          username: user.username,
          username_key: usernameKey(user.username),
          display_name: user.displayName,
          email: user.email,
          role: user.role ?? 'user',
          status: 'active',
          password_hash: null,
          password_changed_at: null,
          last_sign_in_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
  }
}

/** "post /api/users/:id/password": how the route table and the tests name a route. */
export function routeKey(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`
}

/**
 * The route table of the server as it is built today, without the routes' handlers ever being
 * called: enumerated before the tests are defined, so that every route gets its own tests.
 */
export async function routeTable(): Promise<ApiRoute[]> {
  const t = await startTestServer({ smtp: false })
  try {
    return apiRoutes(t.server.context)
  } finally {
    await t.close()
  }
}

export interface ValidRequest {
  path: string
  body?: unknown
  query?: Record<string, string>
  /** The 2xx status the route answers this request with. */
  status: number
}

export interface RequestFixture {
  t: TestServer
  cast: Cast
  /** Michelle, or another user the request may change. */
  target: User
}

/**
 * A request every API route accepts from an admin. Keyed by routeKey: a route added to the table
 * without an entry here fails the suites that use this map, so it cannot be forgotten.
 */
export const VALID_REQUESTS: Record<string, (f: RequestFixture) => ValidRequest | Promise<ValidRequest>> = {
  // Eric has an authenticator app: his password gets him a challenge.
  'post /api/session': () => ({ path: '/api/session', body: { username: 'eric', password: PASSWORD }, status: 202 }),
  'post /api/session/second-factor': async (f) => {
    const challenged = await call(f.t, 'post', '/api/session', { body: { username: 'eric', password: PASSWORD } })
    const { challenge } = challenged.json as { challenge: string }
    return { path: '/api/session/second-factor', body: { challenge, code: await freshCode(f.t, 'eric') }, status: 201 }
  },
  'get /api/session': () => ({ path: '/api/session', status: 200 }),
  'delete /api/session': () => ({ path: '/api/session', status: 204 }),
  'get /api/users': () => ({ path: '/api/users', query: { q: 'mich', limit: '10' }, status: 200 }),
  'post /api/users': () => ({
    path: '/api/users',
    body: {
      username: 'nadia',
      displayName: 'Nadia Park',
      email: 'nadia@example.org',
      role: 'user',
      newPassword: 'juniper kettle mosaic drum',
      newPasswordConfirmation: 'juniper kettle mosaic drum',
    },
    status: 201,
  }),
  'get /api/users/:id': (f) => ({ path: `/api/users/${f.target.id}`, status: 200 }),
  'patch /api/users/:id': (f) => ({ path: `/api/users/${f.target.id}`, body: { displayName: 'Michelle Obi-Hart' }, status: 200 }),
  'post /api/users/:id/password': (f) => ({
    path: `/api/users/${f.target.id}/password`,
    body: { adminPassword: PASSWORD, newPassword: 'lantern meadow copper finch', newPasswordConfirmation: 'lantern meadow copper finch' },
    status: 204,
  }),
  'post /api/users/:id/password-reset': (f) => ({ path: `/api/users/${f.target.id}/password-reset`, body: {}, status: 202 }),
  'post /api/users/:id/invitation': (f) => ({ path: `/api/users/${f.cast.ivy.id}/invitation`, body: {}, status: 202 }),
  'post /api/users/:id/sessions/revoke': (f) => ({ path: `/api/users/${f.target.id}/sessions/revoke`, body: {}, status: 200 }),
  'get /api/users/:id/events': (f) => ({ path: `/api/users/${f.target.id}/events`, query: { limit: '5' }, status: 200 }),
  'get /api/users/:id/second-factor': (f) => ({ path: `/api/users/${f.cast.sam.id}/second-factor`, status: 200 }),
  'post /api/users/:id/second-factor/remove': (f) => ({
    path: `/api/users/${f.cast.sam.id}/second-factor/remove`,
    body: { adminPassword: PASSWORD },
    status: 200,
  }),
  'get /api/openapi.json': () => ({ path: '/api/openapi.json', status: 200 }),
  'get /health': () => ({ path: '/health', status: 200 }),
  'get /health/ready': () => ({ path: '/health/ready', status: 200 }),
}

export async function validRequest(route: Pick<ApiRoute, 'method' | 'path'>, fixture: RequestFixture): Promise<ValidRequest> {
  const make = VALID_REQUESTS[routeKey(route)]
  if (!make) throw new Error(`No valid request is known for ${routeKey(route)}: add one to VALID_REQUESTS in test/api/helpers.ts`)
  return make(fixture)
}

export function userViewOf(response: ApiResponse): UserView {
  return response.json as UserView
}

// OpenAPI ------------------------------------------------------------------------------------------

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { schemas: Record<string, unknown> }
}

export interface OpenApiOperation {
  operationId: string
  security?: unknown[]
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[]
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>
}

/**
 * Validates responses against the schemas of an OpenAPI 3.1 document (JSON Schema 2020-12). The
 * document's components are added as one schema, so `#/components/schemas/...` refs resolve.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true })
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor(readonly document: OpenApiDocument) {
    this.ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi')
  }

  /** The operation a request went to, by the Koa path it was declared with (/api/users/:id). */
  operation(method: string, koaPath: string): OpenApiOperation {
    const path = koaPath.replace(/:(\w+)/g, '{$1}')
    const operation = this.document.paths[path]?.[method.toLowerCase()]
    if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`)
    return operation
  }

  /**
   * Asserts the response's status is documented for the operation, with the content type the
   * document gives, and that its body validates against the documented schema.
   */
  check(method: string, koaPath: string, response: ApiResponse): void {
    const operation = this.operation(method, koaPath)
    const documented = operation.responses[String(response.status)]
    expect(
      documented,
      `${method} ${koaPath} answered ${response.status}, which is not documented: ${response.text.slice(0, 300)}`,
    ).toBeDefined()
    const content = documented?.content
    if (!content) {
      expect(response.text, `${method} ${koaPath} ${response.status} is documented without a body`).toBe('')
      return
    }
    const [mediaType, media] = Object.entries(content)[0]!
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(mediaType)
    const key = `${method} ${koaPath} ${response.status}`
    let validate = this.compiled.get(key)
    if (!validate) {
      validate = this.ajv.compile(rebase(media.schema))
      this.compiled.set(key, validate)
    }
    const valid = validate(response.json)
    expect(valid, `${key}: ${this.ajv.errorsText(validate.errors)} in ${response.text.slice(0, 500)}`).toBe(true)
  }
}

/** Points a schema's `#/components/...` refs at the document added to ajv under the id "openapi". */
function rebase(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object
}
