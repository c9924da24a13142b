// The console's API client against a real TextUp server, and against small local servers that
// misbehave (a redirect, an answer that is not the API's, nothing listening): every outcome is an
// Outcome with a kind and a sentence, never an exception, and a redirect is never followed.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AdminApiClient, parseServerUrl } from '../../src-main/api-client'
import { PASSWORD } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { freshCode } from '../helpers/second-factor'
import { signInWithCode } from './two-step'
import type { Locale } from '../../src-shared/i18n/locales'
import { translator } from '../../src-shared/i18n/translator'

const start = useTestServers()

/** A small local HTTP server that answers with `answer` and records every request it gets. */
const stubs: Server[] = []
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function stubServer(answer: (request: IncomingMessage, response: ServerResponse, url: string) => void) {
  const requests: { method: string; path: string; authorization: string | undefined; acceptLanguage: string | undefined; body: string }[] =
    []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        acceptLanguage: request.headers['accept-language'],
        body,
      })
      answer(request, response, url)
    })
  })
  stubs.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, requests }
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('signing in', () => {
  it('an admin gets a session; later calls carry the token', async () => {
    const t = await start()
    const eric = await t.createUser({ username: 'eric', displayName: 'Eric Admin', role: 'admin' })
    await t.createUser({ username: 'michelle', displayName: 'Michelle Obi' })
    const client = new AdminApiClient(t.url)
    const signedIn = await signInWithCode(client, t, 'eric', PASSWORD)
    if (!signedIn.ok) throw new Error(signedIn.error.title)
    expect(signedIn.value.user).toMatchObject({ id: eric.id, username: 'eric', role: 'admin', active: true })
    expect(signedIn.value.token).toMatch(/^[A-Za-z0-9_-]{32,}$/)
    expect(Date.parse(signedIn.value.expiresAt)).toBeGreaterThan(Date.now())

    expect(await client.currentSession()).toMatchObject({ ok: true, value: { user: { username: 'eric' }, passwordMinLength: 15 } })
    const page = await client.searchUsers({ q: 'mich' })
    expect(page).toMatchObject({ ok: true, value: { users: [{ username: 'michelle', displayName: 'Michelle Obi' }], nextCursor: null } })
    expect(await client.getUser(eric.id)).toMatchObject({ ok: true, value: { username: 'eric' } })
    // The same token in another client works too: it is the session.
    expect(await new AdminApiClient(t.url, { token: signedIn.value.token }).currentSession()).toMatchObject({ ok: true })
  })

  it('an admin with a second factor: a challenge for the password, a session for the code; a wrong code is "invalid", a used-up challenge "sign_in_expired"', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const client = new AdminApiClient(t.url)
    const step = await client.signIn('eric', PASSWORD)
    if (!step.ok || step.value.step !== 'second_factor') throw new Error('expected a challenge')
    expect(step.value.challenge).toMatchObject({ methods: ['totp', 'recovery_code'], recoveryCodesLeft: 10 })
    expect(await client.currentSession()).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
    const { challenge } = step.value.challenge
    expect(await client.completeSignIn(challenge, '000000')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { code: ['That code is not right.'] } },
    })
    expect(await client.completeSignIn(challenge, await freshCode(t, 'eric'))).toMatchObject({
      ok: true,
      value: { user: { username: 'eric' } },
    })
    expect(await client.currentSession()).toMatchObject({ ok: true, value: { user: { username: 'eric' } } })
    expect(await client.completeSignIn(challenge, await freshCode(t, 'eric'))).toMatchObject({
      ok: false,
      error: { kind: 'sign_in_expired' },
    })
  })

  it('an admin who has not set up a second factor is "second_factor_setup_required", with the page to set one up', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin', secondFactor: false })
    expect(await new AdminApiClient(t.url).signIn('eric', PASSWORD)).toMatchObject({
      ok: false,
      // At the server's public address (PUBLIC_URL), where every link it gives out points.
      error: { kind: 'second_factor_setup_required', enrolUrl: new URL('/account/two-factor', t.server.publicUrl).href },
    })
  })

  it('a wrong password is "invalid"', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const client = new AdminApiClient(t.url)
    expect(await client.signIn('eric', 'not the right password at all')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', title: 'The username or password is not right.' },
    })
    expect(await client.currentSession(), 'no session should come of it').toMatchObject({ ok: false, error: { kind: 'signed_out' } })
  })

  it('a regular user is "not_an_admin", with a sentence saying why', async () => {
    const t = await start()
    await t.createUser({ username: 'michelle' })
    const client = new AdminApiClient(t.url)
    const result = await client.signIn('michelle', PASSWORD)
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'not_an_admin', title: 'Only administrators can sign in to the admin console.' },
    })
    expect(await client.currentSession(), 'no session should come of it').toMatchObject({ ok: false, error: { kind: 'signed_out' } })
  })

  it('too many attempts are "throttled", with the seconds to wait', async () => {
    const t = await start({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '2' } })
    await t.createUser({ username: 'eric', role: 'admin' })
    const client = new AdminApiClient(t.url)
    for (let i = 0; i < 2; i++)
      expect(await client.signIn('eric', 'wrong password number one')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    const throttled = await client.signIn('eric', PASSWORD)
    expect(throttled).toMatchObject({ ok: false, error: { kind: 'throttled', title: 'Too many sign-in attempts.' } })
    const seconds = throttled.ok ? 0 : (throttled.error.retryAfterSeconds ?? 0)
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThanOrEqual(15 * 60)
  })
})

describe('a session that ended', () => {
  it('without a token, calls are "signed_out"', async () => {
    const t = await start()
    expect(await new AdminApiClient(t.url).searchUsers({ q: '' })).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
  })

  it('a token revoked by another admin is "signed_out"', async () => {
    const t = await start()
    const eric = await t.createUser({ username: 'eric', role: 'admin' })
    await t.createUser({ username: 'ann', role: 'admin' })
    const client = new AdminApiClient(t.url)
    expect((await signInWithCode(client, t, 'eric', PASSWORD)).ok).toBe(true)
    const ann = new AdminApiClient(t.url)
    expect((await signInWithCode(ann, t, 'ann', PASSWORD)).ok).toBe(true)
    expect(await ann.revokeSessions(eric.id)).toEqual({ ok: true, value: 1 })
    expect(await client.searchUsers({ q: '' })).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
  })

  it('signing out ends the session on the server and forgets the token', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const client = new AdminApiClient(t.url)
    const signedIn = await signInWithCode(client, t, 'eric', PASSWORD)
    if (!signedIn.ok) throw new Error(signedIn.error.title)
    expect(await client.signOut()).toEqual({ ok: true, value: null })
    expect(await new AdminApiClient(t.url, { token: signedIn.value.token }).currentSession()).toMatchObject({
      ok: false,
      error: { kind: 'signed_out' },
    })
  })

  it.each([
    ['the server ends the session', 204],
    ['the server fails to answer', 503],
  ])('after signing out (%s), later calls carry no token', async (_case, status) => {
    const stub = await stubServer((request, response) => {
      response.writeHead(request.method === 'DELETE' ? status : 401)
      response.end()
    })
    const client = new AdminApiClient(stub.url, { token: 'secret-token' })
    expect((await client.signOut()).ok).toBe(status === 204)
    await client.searchUsers({ q: '' })
    expect(stub.requests.map((r) => [r.method, r.authorization])).toEqual([
      ['DELETE', 'Bearer secret-token'],
      ['GET', undefined],
    ])
  })
})

describe('servers that are not there or misbehave', () => {
  it('nothing listening: "network", with a sentence naming the address', async () => {
    const port = await closedPort()
    const result = await new AdminApiClient(`http://127.0.0.1:${port}`).signIn('eric', PASSWORD)
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'network',
        title: `Cannot reach the server at http://127.0.0.1:${port}.`,
        detail: 'Nothing answered at that address: is the server running?',
      },
    })
  })

  it('a redirect is not followed: the password is not sent on, and the admin is told', async () => {
    const stub = await stubServer((request, response, url) => {
      if (request.url === '/api/session') {
        response.writeHead(302, { Location: `${url}/elsewhere/api/session` })
        response.end()
      } else {
        response.writeHead(201, { 'Content-Type': 'application/json' })
        response.end('{}')
      }
    })
    const result = await new AdminApiClient(stub.url).signIn('eric', PASSWORD)
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'server', title: `The server redirects elsewhere (to ${stub.url}/elsewhere/api/session).` },
    })
    expect(stub.requests.map((r) => r.path)).toEqual(['/api/session'])
  })

  it('a token is not carried along a redirect either', async () => {
    const stub = await stubServer((_request, response) => {
      response.writeHead(307, { Location: 'http://127.0.0.1:1/api/users' })
      response.end()
    })
    expect(await new AdminApiClient(stub.url, { token: 'secret-token' }).searchUsers({ q: '' })).toMatchObject({
      ok: false,
      error: { kind: 'server' },
    })
    expect(stub.requests).toEqual([expect.objectContaining({ path: '/api/users', authorization: 'Bearer secret-token' })])
  })

  it.each([
    ['not JSON at all', 'application/json', '<html>Welcome to nginx</html>'],
    ['JSON of another shape', 'application/json', '{"session":"abc"}'],
    ['an empty body', 'application/json', ''],
  ])('an answer that is %s: "server", "does not understand"', async (_case, type, body) => {
    const stub = await stubServer((_request, response) => {
      response.writeHead(201, { 'Content-Type': type })
      response.end(body)
    })
    expect(await new AdminApiClient(stub.url).signIn('eric', PASSWORD)).toEqual({
      ok: false,
      error: {
        kind: 'server',
        title: 'The server gave an answer the console does not understand.',
        detail: 'Is this a TextUp server of the same version?',
      },
    })
  })

  it('an answer far too big is "server", not a network problem', async () => {
    const stub = await stubServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ users: [], nextCursor: 'x'.repeat(3_000_000) }))
    })
    expect(await new AdminApiClient(stub.url, { token: 'token' }).searchUsers({ q: '' })).toMatchObject({
      ok: false,
      error: { kind: 'server' },
    })
  })

  it('a failure without problem details says the server failed, with its status', async () => {
    const stub = await stubServer((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' })
      response.end('<h1>Bad gateway</h1>')
    })
    expect(await new AdminApiClient(stub.url, { token: 'token' }).getUser('0b7f3c52-8f0e-4a57-9d2b-2f1f7a0d6c11')).toEqual({
      ok: false,
      error: { kind: 'server', title: 'The server failed (HTTP 502). Try again in a moment.' },
    })
  })
})

/** Passes every request on to `target` and notes the language asked for and the language answered in. */
async function languageRecorder(target: string) {
  const seen: { asked: string | undefined; answered: string | undefined }[] = []
  const server = createServer((request, response) => {
    const upstream = httpRequest(
      new URL(request.url ?? '/', target),
      { method: request.method, headers: { ...request.headers, host: new URL(target).host } },
      (answer) => {
        seen.push({ asked: request.headers['accept-language'], answered: answer.headers['content-language'] })
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    request.pipe(upstream)
  })
  stubs.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe("the console's language", () => {
  it('every request asks for it (Accept-Language), and the server answers in it; a change applies from the next request', async () => {
    const t = await start()
    await t.createUser({ username: 'eric', role: 'admin' })
    const recorder = await languageRecorder(t.url)
    let locale: Locale = 'de'
    const client = new AdminApiClient(recorder.url, { locale: () => locale })
    await client.signIn('eric', 'not the password')
    await client.currentSession()
    locale = 'en'
    await client.currentSession()
    expect(recorder.seen).toEqual([
      { asked: 'de', answered: 'de' },
      { asked: 'de', answered: 'de' },
      { asked: 'en', answered: 'en' },
    ])
  })

  it("the console's own messages are in it too", async () => {
    const port = await closedPort()
    const result = await new AdminApiClient(`http://127.0.0.1:${port}`, { locale: () => 'de' }).currentSession()
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'network',
        title: `Der Server unter http://127.0.0.1:${port} ist nicht erreichbar.`,
        detail: 'Unter dieser Adresse hat nichts geantwortet: Läuft der Server?',
      },
    })
    const stub = await stubServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"unexpected":true}')
    })
    expect(await new AdminApiClient(stub.url, { locale: () => 'de' }).currentSession()).toMatchObject({
      ok: false,
      error: { kind: 'server', title: 'Der Server hat eine Antwort gegeben, die die Konsole nicht versteht.' },
    })
    expect(stub.requests.map((request) => request.acceptLanguage)).toEqual(['de'])
    expect(parseServerUrl('http://accounts.example.org', translator('de'))).toEqual({
      ok: false,
      message:
        'Verwenden Sie https:// für einen Server auf einem anderen Computer: Passwörter dürfen nicht unverschlüsselt übertragen werden.',
    })
  })
})

describe('parseServerUrl', () => {
  it.each([
    ['https://accounts.example.org', 'https://accounts.example.org'],
    ['https://accounts.example.org/', 'https://accounts.example.org'],
    ['  HTTPS://Accounts.Example.org:8443  ', 'https://accounts.example.org:8443'],
    ['https://accounts.example.org:443', 'https://accounts.example.org'],
    ['accounts.example.org', 'https://accounts.example.org'],
    ['accounts.example.org:8443', 'https://accounts.example.org:8443'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('%s → %s', (input, origin) => {
    expect(parseServerUrl(input, translator('en'))).toEqual({ ok: true, origin })
  })

  it.each([
    ['http://accounts.example.org', 'Use https:// for a server on another computer'],
    ['http://192.168.1.10:8080', 'Use https:// for a server on another computer'],
    ['http://localhost.example.org', 'Use https:// for a server on another computer'],
    ['ftp://accounts.example.org', 'must start with https://'],
    ['file:///etc/passwd', 'must start with https://'],
    ['https://accounts.example.org/admin', 'without a path'],
    ['https://eric:secret@accounts.example.org', 'without a path'],
    ['https://accounts.example.org/?next=evil', 'without a path'],
    ['https://accounts.example.org/#x', 'without a path'],
    ['', 'not a server address'],
    ['https://', 'not a server address'],
    ['javascript:alert(1)', 'not a server address'],
    ['exa mple.org', 'not a server address'],
  ])('%s is refused: %s', (input, message) => {
    const result = parseServerUrl(input, translator('en'))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain(message)
  })
})
