// Bad input, for EVERY route that takes a body (read from the route table) and every route's query:
// malformed JSON, the wrong kind of JSON, wrong types in each field, unknown fields, oversize
// bodies, the wrong Content-Type, control characters, huge strings and prototype-poisoning keys.
// The answer is always a 400/413/415/422 problem naming the field at fault, never a 5xx, and the
// database is exactly as it was.
import fc from 'fast-check'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiRoute } from '../../server/http/api/router'
import { useTestServers } from '../helpers/servers'
import { waitUntil } from '../helpers/wait'
import { startTestServer, type TestServer } from '../helpers/test-server'
import {
  call,
  ericAndMichelle,
  expectProblem,
  routeKey,
  routeTable,
  validRequest,
  writeCounts,
  type ApiResponse,
  type Cast,
  type ValidRequest,
} from './helpers'

const start = useTestServers()
const routes = await routeTable()
const bodyRoutes = routes.filter((route) => route.body)

const REJECTED = [400, 413, 415, 422]

interface Setup {
  t: TestServer
  cast: Cast
  request: ValidRequest
}

async function setUp(route: ApiRoute, t?: TestServer): Promise<Setup> {
  const server = t ?? (await start())
  const cast = await ericAndMichelle(server)
  return { t: server, cast, request: await validRequest(route, { t: server, cast, target: cast.michelle }) }
}

/**
 * One server for a describe block. Safe to share: every test in such a block sends only requests
 * that must be refused, and checks that the database did not change.
 */
function sharedServer(): () => TestServer {
  let t: TestServer | undefined
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(async () => {
    await t?.close()
  })
  return () => t!
}

/** The route's body fields and the JSON type each expects ("string", "boolean"). */
function fieldsOf(route: ApiRoute): Record<string, string> {
  const schema = z.toJSONSchema(route.body!, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; enum?: unknown[] }>
  }
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, property.type ?? typeof property.enum?.[0]]),
  )
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/**
 * Sends a request that must be refused: asserts a problem document with an allowed status (or the
 * one given), that the database did not change, and returns the problem.
 */
/** Row counts once the mail worker has nothing left to do (it writes audit events of its own). */
async function settledCounts(db: TestServer['server']['context']['db']): Promise<Record<string, number>> {
  await waitUntil(
    async () => (await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()).length === 0,
    'the outbox to empty',
  )
  return writeCounts(db)
}

async function refused(
  s: Setup,
  method: string,
  send: { rawBody?: string | Buffer; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> },
  status?: number,
) {
  const db = s.t.server.context.db
  const before = await settledCounts(db)
  const response: ApiResponse = await call(s.t, method, s.request.path, {
    token: s.cast.token,
    query: send.query ?? s.request.query,
    ...send,
  })
  const what = `${method} ${s.request.path} ${JSON.stringify(send).slice(0, 200)}`
  expect(response.status, `${what} → ${response.text.slice(0, 300)}`).toBeLessThan(500)
  if (status === undefined) expect(REJECTED, `${what} → ${response.status} ${response.text.slice(0, 300)}`).toContain(response.status)
  const problem = expectProblem(response, status ?? response.status)
  expect(await settledCounts(db), what).toEqual(before)
  return problem
}

describe('every route with a body', () => {
  it('is in the table this suite walks', () => {
    expect(bodyRoutes.map(routeKey)).toEqual(
      expect.arrayContaining(['post /api/session', 'post /api/users', 'patch /api/users/:id', 'post /api/users/:id/password']),
    )
  })

  for (const route of bodyRoutes) {
    const name = `${route.method.toUpperCase()} ${route.path}`
    describe(name, () => {
      const server = sharedServer()
      let shared: Setup | undefined
      const refusalSetUp = async () => (shared ??= await setUp(route, server()))

      it('malformed JSON, non-objects and prototype keys → 400, nothing written', async () => {
        const s = await refusalSetUp()
        const json = { 'content-type': 'application/json' }
        for (const rawBody of [
          '{',
          '{"a":}',
          "{'a': 1}",
          '{"a": 1}}',
          '{"a": NaN}',
          '{"a": 1,}',
          '\u0000',
          'nul',
          '{"a": "\\x"}',
          '[1, 2',
        ]) {
          const problem = await refused(s, route.method, { rawBody, headers: json }, 400)
          expect(problem.title).toMatch(/could not be read|invalid fields/)
        }
        for (const rawBody of ['[]', '[{}]', '"text"', '12', 'null', 'true', '['.repeat(3000) + ']'.repeat(3000)]) {
          const problem = await refused(s, route.method, { rawBody, headers: json }, 400)
          expect(problem.errors, rawBody.slice(0, 20)).toHaveProperty('_body')
        }
        const base = asObject(s.request.body)
        for (const poison of [
          `{"__proto__": {"role": "admin", "polluted": true}${Object.keys(base).length > 0 ? `, ${JSON.stringify(base).slice(1, -1)}` : ''}}`,
          `{"constructor": {"prototype": {"polluted": true}}}`,
          JSON.stringify({ ...base, nested: { __proto__x: 1 } }).replace('__proto__x', '__proto__'),
        ]) {
          const problem = await refused(s, route.method, { rawBody: poison, headers: json }, 400)
          expect(problem.errors?._body?.join(' ') ?? '').toMatch(/__proto__|constructor|Unknown field/)
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        expect(({} as Record<string, unknown>).role).toBeUndefined()
      })

      it('a wrong type in any field → 400 naming that field, nothing written', async () => {
        const s = await refusalSetUp()
        const base = asObject(s.request.body)
        const wrongValues: unknown[] = [['x'], {}, { length: 1 }, 123, 1, true, null, 'text']
        for (const [field, type] of Object.entries(fieldsOf(route))) {
          for (const value of wrongValues.filter((v) => jsonType(v) !== type)) {
            const problem = await refused(s, route.method, { body: { ...base, [field]: value } }, 400)
            expect(Object.keys(problem.errors ?? {}), `${field} = ${JSON.stringify(value)}`).toContain(field)
          }
        }
      })

      it('unknown fields → 400 naming them, nothing written', async () => {
        const s = await refusalSetUp()
        const base = asObject(s.request.body)
        for (const extra of [{ isAdmin: true }, { role_: 'admin' }, { passwordHash: '$argon2id$' }, { id: crypto.randomUUID() }]) {
          const problem = await refused(s, route.method, { body: { ...base, ...extra } }, 400)
          expect(problem.errors?._body?.join(' '), JSON.stringify(extra)).toContain(Object.keys(extra)[0])
        }
      })

      it('control characters in names and huge strings in any field → 400/422 naming the field', async () => {
        const s = await refusalSetUp()
        const base = asObject(s.request.body)
        const fields = fieldsOf(route)
        for (const [field, type] of Object.entries(fields)) {
          if (type !== 'string') continue
          const values = ['x'.repeat(10_000), 'ü'.repeat(5000)]
          // Control characters are refused in names; in passwords they are judged as passwords are.
          if (!/password/i.test(field)) values.push('Mi\u0000chelle', 'Mi\u001b[31mchelle', 'line\nbreak', 'del\u007f', 'c1\u0085')
          for (const value of values) {
            if (field === 'role') continue
            const problem = await refused(s, route.method, { body: { ...base, [field]: value } })
            expect(Object.keys(problem.errors ?? {}), `${field} = ${JSON.stringify(value).slice(0, 30)}`).toContain(field)
          }
        }
      })

      it('oversize bodies → 413, the wrong Content-Type → 415, nothing written', async () => {
        const s = await refusalSetUp()
        const base = asObject(s.request.body)
        await refused(s, route.method, { body: { ...base, padding: 'x'.repeat(17 * 1024) } }, 413)
        await refused(
          s,
          route.method,
          { rawBody: `{"a": "${'x'.repeat(1024 * 1024)}"}`, headers: { 'content-type': 'application/json' } },
          413,
        )
        const text = JSON.stringify(base)
        for (const contentType of [
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/jsonx',
          'json',
        ]) {
          await refused(s, route.method, { rawBody: text, headers: { 'content-type': contentType } }, 415)
        }
        // No Content-Type at all.
        await refused(s, route.method, { rawBody: text }, 415)
        // JSON is UTF-8 (RFC 8259): a body really sent in UTF-16 cannot be read.
        const utf16 = Buffer.from(`\ufeff${text}`, 'utf16le')
        await refused(s, route.method, { rawBody: utf16, headers: { 'content-type': 'application/json; charset=utf-16' } })
        // A form-encoded version of a valid body is not read as one.
        const form = new URLSearchParams(Object.entries(base).map(([k, v]): [string, string] => [k, String(v)])).toString() || 'a=1'
        await refused(s, route.method, { rawBody: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415)
      })

      it('random JSON never gets a 5xx, and a refusal never writes', async () => {
        const s = await setUp(route)
        const fields = [...Object.keys(fieldsOf(route)), 'x', '__proto__', 'constructor']
        const body = fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        )
        await fc.assert(
          fc.asyncProperty(body, async (value) => {
            const db = s.t.server.context.db
            const before = await settledCounts(db)
            const response = await call(s.t, route.method, s.request.path, {
              token: s.cast.token,
              rawBody: JSON.stringify(value) ?? 'null',
              headers: { 'content-type': 'application/json' },
            })
            expect(response.status, response.text).toBeLessThan(500)
            if (REJECTED.includes(response.status)) {
              expectProblem(response, response.status)
              expect(await settledCounts(db)).toEqual(before)
            }
          }),
          { numRuns: 40 },
        )
      })
    })
  }
})

describe('query parameters', () => {
  const server = sharedServer()
  let cast: Cast | undefined
  // The health checks take whatever a monitor adds (cache busters): they answer the same.
  for (const route of routes.filter((r) => !r.path.startsWith('/health'))) {
    it(`${route.method.toUpperCase()} ${route.path}: unknown query parameters → 400 naming them, nothing written`, async () => {
      cast ??= await ericAndMichelle(server())
      const s: Setup = { t: server(), cast, request: await validRequest(route, { t: server(), cast, target: cast.michelle }) }
      for (const extra of ['unknown', '__proto__', 'q[]', 'constructor']) {
        const query = Object.fromEntries([...Object.entries(s.request.query ?? {}), [extra, 'x']])
        const problem = await refused(s, route.method, { body: s.request.body, query }, 400)
        expect(problem.errors?._query?.join(' '), extra).toContain(extra)
      }
    })
  }

  it('GET /health and /health/ready answer 200 whatever the query', async () => {
    const s = await setUp(routes.find((r) => r.path === '/health')!)
    const response = await call(s.t, 'get', '/health', { query: { _: String(Date.now()), check: 'lb' } })
    expect(response.status).toBe(200)
    expect(response.json).toEqual({ status: 'ok' })
    const ready = await call(s.t, 'get', '/health/ready', { query: { _: String(Date.now()) } })
    expect(ready.status).toBe(200)
    expect(ready.json).toEqual({ status: 'ready' })
  })

  it('the API lives at its lowercase paths only: /API/... is not an API route', async () => {
    const route = routes.find((r) => routeKey(r) === 'get /api/users')!
    const s = await setUp(route)
    const before = await writeCounts(s.t.server.context.db)
    for (const [method, path] of [
      ['get', '/API/USERS'],
      ['get', '/Api/Users'],
      ['post', '/API/SESSION'],
      ['patch', `/API/USERS/${s.cast.michelle.id}`],
    ] as const) {
      const response = await call(s.t, method, path, {
        token: s.cast.token,
        body: method === 'get' ? undefined : { username: 'eric', password: 'plum tractor velvet orbit', active: false },
      })
      expect(response.status, `${method} ${path}`).toBe(404)
    }
    expect(await writeCounts(s.t.server.context.db)).toEqual(before)
  })

  it('a repeated parameter is refused, not guessed at', async () => {
    const route = routes.find((r) => routeKey(r) === 'get /api/users')!
    const s = await setUp(route)
    const response = await call(s.t, 'get', '/api/users?q=abc&q=def&limit=5&limit=6', { token: s.cast.token })
    const problem = expectProblem(response, 400)
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(['limit', 'q'])
  })
})
