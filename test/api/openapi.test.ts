// The OpenAPI document at /api/openapi.json against the server that serves it: its operations are
// exactly the routes the Koa app really registers, and every response the server gives — each
// documented status at least once, successes and problems alike — is documented with that status
// and validates against the documented schema (ajv, JSON Schema 2020-12).
import { randomBytes } from 'node:crypto'
import type Router from '@koa/router'
import { describe, expect, it } from 'vitest'
import { createHttpApp } from '../../server/http/app'
import { openApiPath } from '../../server/http/api/openapi'
import { loadAssets } from '../../server/http/assets'
import { defaultAssetsDir } from '../../server/paths'
import { newToken } from '../../server/accounts/secrets'
import { PASSWORD } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import type { TestServer } from '../helpers/test-server'
import {
  apiToken,
  call,
  ericAndMichelle,
  routeTable,
  validRequest,
  ResponseValidator,
  type ApiResponse,
  type CallOptions,
  type OpenApiDocument,
} from './helpers'

const start = useTestServers()
const routes = await routeTable()

async function fetchDocument(t: TestServer): Promise<OpenApiDocument> {
  const response = await call(t, 'get', '/api/openapi.json')
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return response.json as OpenApiDocument
}

/** "get /api/users/{id}" for every operation of the document. */
function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
}

/** The routers of a Koa app, as its middleware really holds them (koa-router's dispatch keeps .router). */
function routersOf(middleware: unknown[]): Router[] {
  return middleware.map((m) => (m as { router?: Router }).router).filter((router): router is Router => router !== undefined)
}

/** "get /api/users/{id}" for every method and path a router answers (HEAD comes with GET). */
function registeredOperations(router: Router): string[] {
  const operations = new Set<string>()
  for (const layer of router.stack) {
    for (const method of layer.methods) {
      if (method === 'HEAD' && layer.methods.includes('GET')) continue
      operations.add(`${method.toLowerCase()} ${openApiPath(String(layer.path))}`)
    }
  }
  return [...operations].sort()
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with unique operation ids, resolvable refs and compilable schemas', async () => {
    const t = await start()
    const document = await fetchDocument(t)
    expect(document.openapi).toBe('3.1.0')
    const { info, components } = document as unknown as {
      info: { title: unknown; version: unknown }
      components: { securitySchemes: unknown }
    }
    expect(typeof info.title).toBe('string')
    expect(typeof info.version).toBe('string')
    expect(components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } })

    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId))
    expect(new Set(ids).size).toBe(ids.length)
    for (const ref of JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      expect(document.components.schemas, ref[1]).toHaveProperty(ref[1]!)
    }
    const validator = new ResponseValidator(document)
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        // Path parameters are declared; success answers are JSON, failures are problem documents.
        for (const [, name] of path.matchAll(/\{(\w+)\}/g))
          expect(
            operation.parameters?.some((p) => p.in === 'path' && p.name === name),
            `${method} ${path} {${name}}`,
          ).toBe(true)
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const mediaType of Object.keys(response.content ?? {})) {
            expect(mediaType, `${method} ${path} ${status}`).toBe(Number(status) >= 400 ? 'application/problem+json' : 'application/json')
          }
        }
        expect(validator.operation(method, path).responses).toBeDefined()
      }
    }
  })

  it('lists exactly the routes the Koa app registers, and marks exactly the public ones as needing no token', async () => {
    const t = await start()
    const document = await fetchDocument(t)
    const koa = createHttpApp(t.server.context, loadAssets(defaultAssetsDir()), randomBytes(32), Number(new URL(t.url).port))
    const routers = routersOf(koa.middleware)
    const api = routers.find((router) => router.stack.some((layer) => layer.path === '/api/session'))
    expect(api, 'the API router is in the app').toBeDefined()
    expect(documentedOperations(document).sort()).toEqual(registeredOperations(api!))
    // No other router answers under /api: nothing there escapes the document.
    for (const other of routers.filter((router) => router !== api)) {
      const paths = other.stack.map((layer) => String(layer.path))
      expect(paths.filter((path) => path === '/api' || path.startsWith('/api/'))).toEqual([])
    }
    for (const route of routes) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method]
      expect(operation?.security, `${route.method} ${route.path}`).toEqual(route.access === 'public' ? [] : undefined)
    }
  })

  it('every documented operation is really answered (never 404 or 405)', async () => {
    const t = await start()
    const document = await fetchDocument(t)
    for (const operation of documentedOperations(document)) {
      const [method, path] = operation.split(' ') as [string, string]
      const response = await call(t, method, path.replace(/\{\w+\}/g, crypto.randomUUID()), method === 'get' ? {} : { body: {} })
      // Anonymous: a route that needs a token says so (401) before it looks for the user.
      expect([404, 405, 501], `${operation} → ${response.status}`).not.toContain(response.status)
    }
  })
})

describe('real responses', () => {
  it('each documented status of each operation is seen, documented with its content type, and valid against its schema', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3', RESET_LIMIT_PER_ACCOUNT: '1' } })
    const validator = new ResponseValidator(await fetchDocument(t))
    const seen = new Map<string, Set<string>>()
    const cast = await ericAndMichelle(t)
    const { token } = cast
    const db = t.server.context.db

    /** Sends a request to a route (named by its Koa path), checks the answer against the document, and notes its status. */
    async function exchange(method: string, koaPath: string, path: string, options: CallOptions = {}, server = t): Promise<ApiResponse> {
      const response = await call(server, method, path, options)
      validator.check(method, koaPath, response)
      const key = `${method} ${openApiPath(koaPath)}`
      seen.set(key, (seen.get(key) ?? new Set()).add(String(response.status)))
      return response
    }

    // People for the cases below: a regular user's token (a demoted admin), a deactivated user,
    // an admin whose wrong passwords get throttled.
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const regularToken = await apiToken(t, 'anna')
    // Signing out with it ends it: the sign-out route gets a token of its own.
    const regularTokenToSignOut = await apiToken(t, 'anna')
    await db.updateTable('users').set({ role: 'user' }).where('id', '=', anna.id).execute()
    const gone = await t.createUser({ username: 'gone' })
    await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', gone.id).execute()
    const tom = await t.createUser({ username: 'tom', role: 'admin' })
    const tomToken = await apiToken(t, 'tom')
    const unknownId = crypto.randomUUID()

    // What every route answers: its job, a bad query, no token, a regular user, an unknown id, bad bodies.
    for (const route of routes) {
      const request = await validRequest(route, { t, cast, target: cast.michelle })
      const withToken = route.method === 'delete' && route.path === '/api/session' ? await apiToken(t, 'eric') : token
      const send = (options: CallOptions, path = request.path) =>
        exchange(route.method, route.path, path, {
          body: options.rawBody === undefined ? request.body : undefined,
          query: request.query,
          ...options,
        })
      expect((await send({ token: withToken })).status).toBe(request.status)
      await send({ token, query: { ...request.query, unknownParameter: '1' } })
      if (route.access !== 'public') {
        await send({})
        await send({ token: route.method === 'delete' ? regularTokenToSignOut : regularToken })
      }
      if (route.path.includes(':id')) await send({ token }, request.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, unknownId))
      if (route.body) {
        await send({ token, body: [] })
        await send({ token, rawBody: JSON.stringify({ padding: 'x'.repeat(17 * 1024) }), headers: { 'content-type': 'application/json' } })
        await send({ token, rawBody: '{}', headers: { 'content-type': 'text/plain' } })
      }
    }

    // What only some routes answer.
    const session = '/api/session'
    await exchange('post', session, session, { body: { username: 'eric', password: 'not the password' } })
    await t.createUser({ username: 'nina' })
    await exchange('post', session, session, { body: { username: 'nina', password: PASSWORD } })
    for (let i = 0; i < 4; i++) await exchange('post', session, session, { body: { username: 'gone', password: 'wrong password here' } })
    // An admin who has not set up a second factor yet: told where to, no token.
    const ada = await t.createUser({ username: 'ada', role: 'admin', secondFactor: false })
    await exchange('post', session, session, { body: { username: 'ada', password: PASSWORD } })
    await db.updateTable('users').set({ role: 'user' }).where('id', '=', ada.id).execute()
    // Where admins need not have one, an admin without one gets a token from the password alone.
    const relaxed = await start({ env: { MFA_REQUIRED_FOR_ADMINS: 'false' } })
    await relaxed.createUser({ username: 'pat', role: 'admin', secondFactor: false })
    await exchange('post', session, session, { body: { username: 'pat', password: PASSWORD } }, relaxed)
    // Wrong codes at the second step: 401 until the account's allowance (3 here) is spent, then 429.
    const secondStep = '/api/session/second-factor'
    const tomChallenge = ((await call(t, 'post', session, { body: { username: 'tom', password: PASSWORD } })).json as { challenge: string })
      .challenge
    for (let i = 0; i < 4; i++) await exchange('post', secondStep, secondStep, { body: { challenge: tomChallenge, code: '000000' } })
    await exchange('post', secondStep, secondStep, { body: { challenge: newToken(), code: '123456' } })
    const weak = { newPassword: 'password', newPasswordConfirmation: 'password' }
    await exchange('post', '/api/users', '/api/users', {
      token,
      body: { username: 'michelle', displayName: 'M', email: 'm@example.org', sendInvitation: true },
    })
    await exchange('post', '/api/users', '/api/users', {
      token,
      body: { username: 'someone', displayName: 'S', email: 's@example.org', ...weak },
    })
    for (let i = 0; i < 4; i++) {
      await exchange('post', '/api/users/:id/password', `/api/users/${cast.michelle.id}/password`, {
        token: tomToken,
        body: { adminPassword: 'not toms password', ...weak },
      })
    }
    // The same allowance of the session guards removing a second factor: spent. (Eric's: Michelle's
    // went above, and nothing to remove is answered before any password is checked.)
    await exchange('post', '/api/users/:id/second-factor/remove', `/api/users/${cast.eric.id}/second-factor/remove`, {
      token: tomToken,
      body: { adminPassword: PASSWORD },
    })
    // Tom steps down, so Eric is the last active admin.
    await exchange('patch', '/api/users/:id', `/api/users/${tom.id}`, { token, body: { role: 'user' } })
    await exchange('patch', '/api/users/:id', `/api/users/${cast.eric.id}`, { token, body: { role: 'user' } })
    await exchange('post', '/api/users/:id/password', `/api/users/${cast.michelle.id}/password`, {
      token,
      body: { adminPassword: PASSWORD, ...weak },
    })
    // Removing a second factor: Michelle has none; a wrong admin password (Tom's are spent, above).
    const removal = '/api/users/:id/second-factor/remove'
    await exchange('post', removal, `/api/users/${cast.michelle.id}/second-factor/remove`, { token, body: { adminPassword: PASSWORD } })
    await exchange('post', removal, `/api/users/${cast.michelle.id}/second-factor/remove`, {
      token,
      body: { adminPassword: 'not erics password' },
    })
    await exchange('post', '/api/users/:id/password-reset', `/api/users/${gone.id}/password-reset`, { token, body: {} })
    await exchange('post', '/api/users/:id/password-reset', `/api/users/${cast.michelle.id}/password-reset`, { token, body: {} })
    await exchange('post', '/api/users/:id/invitation', `/api/users/${cast.michelle.id}/invitation`, { token, body: {} })
    await exchange('post', '/api/users/:id/invitation', `/api/users/${cast.ivy.id}/invitation`, { token, body: {} })
    await exchange('get', '/api/users', '/api/users', { token, query: { cursor: 'not one' } })
    await exchange('get', '/api/users/:id/events', `/api/users/${cast.michelle.id}/events`, { token, query: { limit: '1' } })
    // A database that lacks a migration this version has (restored from an older backup, say).
    await db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0003-password-generation-and-link-address' as never)
      .execute()
    await exchange('get', '/health/ready', '/health/ready')

    // Every documented status was really given, and nothing else was.
    for (const route of routes) {
      const key = `${route.method} ${openApiPath(route.path)}`
      const documented = Object.keys(validator.operation(route.method, route.path).responses).sort()
      expect([...(seen.get(key) ?? [])].sort(), key).toEqual(documented)
    }
    // Several hundred requests, some with real argon2: more than the default 30 s on a busy machine.
  }, 120_000)
})
