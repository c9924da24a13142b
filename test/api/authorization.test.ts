// Who may call what, for EVERY route of the API: the route table is read from the server itself,
// so a route added later is tried here too. Without a token, with a made-up, expired or revoked
// token the answer is 401 (and nothing changes); with the token of someone who is no longer an
// admin, 403; as an admin, the route does its job. Public routes answer anyone.
import { describe, expect, it } from 'vitest'
import { newToken } from '../../server/accounts/secrets'
import { testClock } from '../helpers/clock'
import { freshCode } from '../helpers/second-factor'
import { useTestServers } from '../helpers/servers'
import type { TestServer } from '../helpers/test-server'
import {
  apiToken,
  call,
  ericAndMichelle,
  expectProblem,
  routeKey,
  routeTable,
  validRequest,
  writeCounts,
  type ValidRequest,
} from './helpers'

const start = useTestServers()
const routes = await routeTable()

/** Sends a route's valid request with the given Authorization header (or none). */
function send(t: TestServer, method: string, request: ValidRequest, headers: Record<string, string> = {}) {
  return call(t, method, request.path, { body: request.body, query: request.query, headers })
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('every API route', () => {
  it('is in the table this suite walks', () => {
    expect(routes.map(routeKey)).toEqual(expect.arrayContaining(['post /api/session', 'get /api/users', 'post /api/users/:id/password']))
  })

  for (const route of routes.filter((r) => r.access !== 'public')) {
    it(`${route.method.toUpperCase()} ${route.path}: 401 without a valid token, 403 for a non-admin where admins only, 2xx for an admin`, async () => {
      const clock = testClock()
      const t = await start({ clock })
      const cast = await ericAndMichelle(t)
      const request = await validRequest(route, { t, cast, target: cast.michelle })
      const method = route.method
      const db = t.server.context.db
      const laterToken = await apiToken(t, 'eric')

      // No token, or a token that is not one: 401 with a challenge, and nothing changes.
      const before = await writeCounts(db)
      const made = [
        {},
        { authorization: '' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer ' },
        bearer('garbage'),
        bearer(newToken()),
        bearer(`${cast.token}x`),
        bearer(cast.token.toLowerCase() === cast.token ? cast.token.toUpperCase() : cast.token.toLowerCase()),
        { authorization: `Basic ${Buffer.from(`eric:${'plum tractor velvet orbit'}`).toString('base64')}` },
        { authorization: `Bearer ${cast.token} ${cast.token}` },
      ]
      for (const headers of made) {
        const response = await send(t, method, request, headers)
        expectProblem(response, 401)
        expect(response.headers.get('www-authenticate'), JSON.stringify(headers)).toMatch(/^Bearer realm="TextUp"/)
      }
      // Anonymous callers learn nothing about what a body should look like.
      if (route.body)
        expectProblem(await call(t, method, request.path, { rawBody: '{not json', headers: { 'content-type': 'text/plain' } }), 401)
      expect(await writeCounts(db)).toEqual(before)

      // A token that was signed out.
      const revoked = await apiToken(t, 'eric')
      expect((await call(t, 'delete', '/api/session', { token: revoked })).status).toBe(204)
      const afterRevoke = await writeCounts(db)
      expectProblem(await send(t, method, request, bearer(revoked)), 401)
      expect(await writeCounts(db)).toEqual(afterRevoke)
      // A token ended by "sign out everywhere" of its owner.
      const anna = await t.createUser({ username: 'anna', role: 'admin' })
      const annaEverywhere = await apiToken(t, 'anna')
      expect((await call(t, 'post', `/api/users/${anna.id}/sessions/revoke`, { token: cast.token })).status).toBe(200)
      const afterEverywhere = await writeCounts(db)
      expectProblem(await send(t, method, request, bearer(annaEverywhere)), 401)
      expect(await writeCounts(db)).toEqual(afterEverywhere)

      // An admin who was demoted: the same token now belongs to a regular user.
      const annaToken = await apiToken(t, 'anna')
      expect((await call(t, 'patch', `/api/users/${anna.id}`, { token: cast.token, body: { role: 'user' } })).status).toBe(200)
      const beforeRegular = await writeCounts(db)
      const asRegular = await send(t, method, request, bearer(annaToken))
      if (route.access === 'admin') {
        expectProblem(asRegular, 403)
        expect(asRegular.json).not.toHaveProperty('errors')
        expect(await writeCounts(db)).toEqual(beforeRegular)
      } else {
        // Routes open to any signed-in person (signing out) do their job for them too.
        expect(asRegular.status, asRegular.text).toBe(request.status)
      }

      // An admin: the route does its job.
      const asAdmin = await send(t, method, request, bearer(cast.token))
      expect(asAdmin.status, asAdmin.text).toBe(request.status)

      // An expired token: unused for longer than its lifetime.
      clock.advanceMinutes(9 * 60)
      const expired = await send(t, method, request, bearer(laterToken))
      expectProblem(expired, 401)
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"')
    })
  }

  it("a deactivated admin's token gets 401 on every route that needs one", async () => {
    const t = await start()
    const cast = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const annaToken = await apiToken(t, 'anna')
    await t.server.context.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', anna.id).execute()
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const request = await validRequest(route, { t, cast, target: cast.michelle })
      expectProblem(await send(t, route.method, request, bearer(annaToken)), 401)
    }
  })
})

describe('public routes', () => {
  it('POST /api/session, GET /api/openapi.json and the health checks answer without a token, and ignore a bad one', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const publicRoutes = routes.filter((r) => r.access === 'public').map(routeKey)
    expect(publicRoutes.sort()).toEqual([
      'get /api/openapi.json',
      'get /health',
      'get /health/ready',
      'post /api/session',
      'post /api/session/second-factor',
    ])
    for (const headers of [{}, bearer('garbage'), bearer(newToken())]) {
      const signIn = await call(t, 'post', '/api/session', { body: { username: 'eric', password: 'plum tractor velvet orbit' }, headers })
      expect(signIn.status).toBe(202)
      const { challenge } = signIn.json as { challenge: string }
      const secondStep = await call(t, 'post', '/api/session/second-factor', {
        body: { challenge, code: await freshCode(t, 'eric') },
        headers,
      })
      expect(secondStep.status).toBe(201)
      const document = await call(t, 'get', '/api/openapi.json', { headers })
      expect(document.status).toBe(200)
      expect(document.json).toMatchObject({ openapi: '3.1.0' })
      const health = await call(t, 'get', '/health', { headers })
      expect(health.status).toBe(200)
      expect(health.json).toEqual({ status: 'ok' })
      expect((await call(t, 'get', '/health/ready', { headers })).status).toBe(200)
    }
    // The health checks say nothing private.
    expect((await call(t, 'get', '/health')).text).toBe('{"status":"ok"}')
    expect((await call(t, 'get', '/health/ready')).text).toBe('{"status":"ready"}')
  })
})
