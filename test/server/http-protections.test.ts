// What every route owes a browser and resists from an attacker: CSRF protection on every form,
// security headers on every response (errors included), and bad input answered with a 4xx that
// changes nothing, after which the server keeps serving.
import { gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createAccount, setPasswordFor } from '../../server/accounts/admin'
import { Browser, visibleText, type Page } from '../helpers/browser'
import { snapshot, workerIdle } from '../helpers/db'
import { local, NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, requestResetLink, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { TEST_OPERATOR, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()
const FORM = 'application/x-www-form-urlencoded'

interface Scenario {
  /** A browser holding everything the form needs (session, link cookie, a valid CSRF token). */
  browser: Browser
  fields: Record<string, string>
  /** The field that gets control characters, where the route has one that refuses them. */
  textField?: string
  /** What a successful, valid submission answers: proves the form would have changed something. */
  success: { status: number; location: string }
}

const POST_ROUTES = [
  '/login',
  '/logout',
  '/forgot-password',
  '/reset-password',
  '/welcome',
  '/account/password',
  '/account/new-password',
] as const
type PostRoute = (typeof POST_ROUTES)[number]

/** Sets up the state in which a form submission to `route` would change something. */
async function scenario(t: TestServer, route: PostRoute): Promise<Scenario> {
  await t.createUser({ username: 'ann', email: 'ann@example.org' })
  const newPasswords = { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }
  let result: Scenario
  switch (route) {
    case '/login': {
      const browser = new Browser(t.url)
      await browser.get('/login')
      result = {
        browser,
        fields: { username: 'ann', password: PASSWORD },
        textField: 'username',
        success: { status: 303, location: '/account' },
      }
      break
    }
    case '/logout': {
      const browser = await signedInBrowser(t, 'ann')
      await browser.get('/account')
      result = { browser, fields: {}, success: { status: 303, location: '/login?notice=signed-out' } }
      break
    }
    case '/forgot-password': {
      const browser = new Browser(t.url)
      await browser.get('/forgot-password')
      result = { browser, fields: { username: 'ann' }, textField: 'username', success: { status: 303, location: '/forgot-password/sent' } }
      break
    }
    case '/reset-password': {
      const link = await requestResetLink(t, 'ann', 'ann@example.org')
      const browser = new Browser(t.url)
      await browser.get(local(link))
      await browser.get('/reset-password')
      result = {
        browser,
        fields: newPasswords,
        textField: 'newPassword',
        success: { status: 303, location: '/login?notice=password-reset' },
      }
      break
    }
    case '/welcome': {
      const invited = await createAccount(
        t.server.context,
        { username: 'newbie', displayName: 'New Bie', email: 'newbie@example.org', role: 'user', invite: true },
        TEST_OPERATOR,
        { address: null, userAgent: null },
      )
      expect(invited.ok).toBe(true)
      const [email] = await t.smtp.waitFor((m) => m.to.includes('newbie@example.org'))
      const link = email!.links.find((l) => l.includes('/welcome?token='))!
      const browser = new Browser(t.url)
      await browser.get(local(link))
      expect((await browser.get('/welcome')).status).toBe(200)
      result = { browser, fields: newPasswords, textField: 'newPassword', success: { status: 303, location: '/login?notice=password-set' } }
      break
    }
    case '/account/password': {
      const browser = await signedInBrowser(t, 'ann')
      await browser.get('/account')
      result = {
        browser,
        fields: { currentPassword: PASSWORD, ...newPasswords },
        textField: 'newPassword',
        success: { status: 303, location: '/login?notice=password-changed' },
      }
      break
    }
    case '/account/new-password': {
      const user = await t.server.context.db.selectFrom('users').selectAll().where('username', '=', 'ann').executeTakeFirstOrThrow()
      await setPasswordFor(
        t.server.context,
        user,
        { newPassword: OTHER_PASSWORD, newPasswordConfirmation: OTHER_PASSWORD, requireChangeAtNextSignIn: true },
        TEST_OPERATOR,
        {
          address: null,
          userAgent: null,
        },
      )
      const browser = await signedInBrowser(t, 'ann', OTHER_PASSWORD)
      expect((await browser.get('/account/new-password')).status).toBe(200)
      result = {
        browser,
        fields: newPasswords,
        textField: 'newPassword',
        success: { status: 303, location: '/login?notice=password-changed' },
      }
      break
    }
  }
  // Emails queued by the set-up are out before anything is compared.
  await waitUntil(() => workerIdle(t.server.context.db), 'the mail worker to finish')
  return result
}

function formBody(fields: Record<string, string | string[]>, csrf: string | undefined): string {
  const body = new URLSearchParams()
  if (csrf) body.append('_csrf', csrf)
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
  return body.toString()
}

/** Expects the answer to be a 4xx page, and the database to be exactly as it was. */
async function expectRefusedWithoutChange(t: TestServer, before: unknown, page: Page, label: string, status?: number) {
  if (status) expect(page.status, label).toBe(status)
  expect(page.status, label).toBeGreaterThanOrEqual(400)
  expect(page.status, label).toBeLessThan(500)
  expect(page.headers.get('content-type'), label).toMatch(/^text\/html/)
  expect(visibleText(page.text).length, label).toBeGreaterThan(10)
  expect(await snapshot(t.server.context.db), label).toEqual(before)
}

describe('CSRF protection', () => {
  it.each(POST_ROUTES)('POST %s refuses a missing, wrong, foreign or cross-site token with 403 and changes nothing', async (route) => {
    const t = await start()
    const { browser, fields, success } = await scenario(t, route)
    const db = t.server.context.db
    const before = await snapshot(db)
    const stranger = new Browser(t.url)
    await stranger.get('/login')
    const attempts: Array<[string, () => Promise<Page>]> = [
      ['no token', () => browser.post(route, fields, { csrf: false })],
      ['empty token', () => browser.post(route, fields, { csrf: '' })],
      ['made-up token', () => browser.post(route, fields, { csrf: 'A'.repeat(43) })],
      ["another browser's token", () => browser.post(route, fields, { csrf: stranger.csrfToken! })],
      [
        'two tokens',
        () =>
          browser.raw('POST', route, formBody({ ...fields, _csrf: [browser.csrfToken!, browser.csrfToken!] }, undefined), {
            'content-type': FORM,
          }),
      ],
      ['cross-site', () => browser.post(route, fields, { headers: { 'sec-fetch-site': 'cross-site' } })],
      ['same-site (a sibling subdomain)', () => browser.post(route, fields, { headers: { 'sec-fetch-site': 'same-site' } })],
      ['no cookies at all', () => new Browser(t.url).post(route, fields, { csrf: browser.csrfToken! })],
    ]
    const valid = browser.csrfToken
    for (const [label, attempt] of attempts) {
      const page = await attempt()
      await expectRefusedWithoutChange(t, before, page, label, 403)
      expect(visibleText(page.text), label).toContain('This form has expired or did not come from TextUp.')
    }
    // The very same form with its real token goes through (also from the browser itself, saying same-origin).
    const accepted = await browser.post(route, fields, { csrf: valid, headers: { 'sec-fetch-site': 'same-origin' } })
    expect({ status: accepted.status, location: accepted.location }).toEqual(success)
  })
})

const SECURITY_HEADERS = (page: Page, label: string, options: { page?: boolean } = { page: true }) => {
  const csp = page.headers.get('content-security-policy') ?? ''
  expect(csp, label).toContain("frame-ancestors 'none'")
  expect(csp, label).toContain("default-src 'none'")
  expect(csp, label).toMatch(/script-src 'self'(;|$)/)
  expect(csp, label).not.toContain('unsafe-inline')
  expect(csp, label).not.toContain('unsafe-eval')
  expect(page.headers.get('x-content-type-options'), label).toBe('nosniff')
  expect(page.headers.get('referrer-policy'), label).toBe('no-referrer')
  expect(page.headers.get('x-frame-options'), label).toBe('DENY')
  if (options.page) {
    expect(page.headers.get('cache-control'), label).toBe('no-store')
    // Nothing the CSP would block: no inline script, no inline event handler, no style attribute.
    if (page.headers.get('content-type')?.startsWith('text/html')) {
      expect(page.text, label).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(page.text, label).not.toMatch(/\son[a-z]+=/)
      expect(page.text, label).not.toMatch(/\sstyle=/)
    }
  }
}

describe('security headers', () => {
  it('are on every page, redirect, error and asset', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const anonymous = new Browser(t.url)
    const signedIn = await signedInBrowser(t, 'ann')
    const login = await anonymous.get('/login')
    const assetPath = /href="(\/assets\/site\.css\?v=[^"]+)"/.exec(login.text)?.[1]
    expect(assetPath).toBeDefined()
    const checks: Array<[string, Promise<Page>, number]> = [
      ['sign-in page', anonymous.get('/login'), 200],
      ['forgot password', anonymous.get('/forgot-password'), 200],
      ['reset email sent', anonymous.get('/forgot-password/sent'), 200],
      ['reset page without a link', anonymous.get('/reset-password'), 400],
      ['invalid link', anonymous.get('/reset-password?token=nope'), 400],
      ['welcome without a link', anonymous.get('/welcome'), 400],
      ['account, signed out', anonymous.get('/account'), 303],
      ['start page', anonymous.get('/'), 303],
      ['account page', signedIn.get('/account'), 200],
      ['not found', anonymous.get('/no/such/page'), 404],
      ['method not allowed', anonymous.raw('PUT', '/login', 'a=b', { 'content-type': FORM }), 405],
      ['unknown method', anonymous.raw('PROPFIND', '/login', undefined, {}), 405],
      ['too large', anonymous.raw('POST', '/login', `username=${'x'.repeat(40_000)}`, { 'content-type': FORM }), 413],
      ['wrong content type', anonymous.raw('POST', '/login', 'username=ann', { 'content-type': 'text/plain' }), 415],
      ['CSRF refused', anonymous.post('/login', { username: 'ann', password: 'x' }, { csrf: false }), 403],
      ['HEAD', anonymous.raw('HEAD', '/login', undefined, {}), 200],
    ]
    for (const [label, request, status] of checks) {
      const page = await request
      expect(page.status, label).toBe(status)
      SECURITY_HEADERS(page, label)
    }
    const asset = await anonymous.get(assetPath!)
    expect(asset.status).toBe(200)
    SECURITY_HEADERS(asset, 'stylesheet', { page: false })
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })

  it('are on the error page of a failure on our side, which reveals nothing and is not the end of the server', async () => {
    const t = await start({ logs: true })
    const db = t.server.context.db
    const browser = new Browser(t.url)
    await browser.get('/forgot-password')
    // A real failure underneath the route: the table it writes to is gone for a moment.
    await sql`alter table reset_requests rename to reset_requests_away`.execute(db)
    const failed = await browser.post('/forgot-password', { username: 'ann' })
    await sql`alter table reset_requests_away rename to reset_requests`.execute(db)
    expect(failed.status).toBe(500)
    SECURITY_HEADERS(failed, '500 page')
    const text = visibleText(failed.text)
    expect(text).toContain('Something went wrong on our side.')
    expect(text).toMatch(/reference [0-9a-f-]{36}/)
    expect(failed.text).not.toMatch(/at .*\.ts:\d+|SqliteError|no such table/)
    // The log has the details, under the same reference.
    const reference = /reference ([0-9a-f-]{36})/.exec(text)![1]!
    expect(t.logs.some((line) => line.includes('"request_failed"') && line.includes(reference))).toBe(true)
    // And the server goes on serving.
    expect((await browser.get('/forgot-password')).status).toBe(200)
    expect((await browser.post('/forgot-password', { username: 'ann' })).status).toBe(303)
  })

  it('send HSTS only under https', async () => {
    const plain = await start()
    expect((await new Browser(plain.url).get('/login')).headers.get('strict-transport-security')).toBeNull()
    const secure = await start({ env: { PUBLIC_URL: 'https://accounts.example.test' } })
    for (const path of ['/login', '/nope']) {
      expect((await new Browser(secure.url).get(path)).headers.get('strict-transport-security'), path).toMatch(
        /^max-age=\d+; includeSubDomains$/,
      )
    }
  })
})

describe('bad input', () => {
  it.each(POST_ROUTES)('POST %s answers every kind of bad body with a 4xx page, writes nothing, and keeps serving', async (route) => {
    const t = await start()
    const { browser, fields, textField, success } = await scenario(t, route)
    const before = await snapshot(t.server.context.db)
    const csrf = browser.csrfToken!
    const names = Object.keys(fields)
    const first = names[0]
    const variants: Array<[string, string | Buffer, Record<string, string>]> = [
      ['unknown field', formBody({ ...fields, isAdmin: 'true' }, csrf), {}],
      ['oversize body', formBody({ ...fields, [first ?? 'filler']: 'x'.repeat(20_000) }, csrf), {}],
      ['JSON body', JSON.stringify({ _csrf: csrf, ...fields }), { 'content-type': 'application/json' }],
      ['malformed JSON', `{"_csrf": "${csrf}", `, { 'content-type': 'application/json' }],
      ['plain text', formBody(fields, csrf), { 'content-type': 'text/plain' }],
      [
        'multipart',
        `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--x--\r\n`,
        { 'content-type': 'multipart/form-data; boundary=x' },
      ],
      ['no content type', formBody(fields, csrf), { 'content-type': '' }],
      ['damaged gzip', Buffer.from('certainly not gzip'), { 'content-encoding': 'gzip' }],
      ['truncated gzip', gzipSync(formBody(fields, csrf)).subarray(0, 12), { 'content-encoding': 'gzip' }],
      ['damaged brotli', Buffer.from('certainly not brotli'), { 'content-encoding': 'br' }],
      ['unknown content encoding', formBody(fields, csrf), { 'content-encoding': 'zstd-ish' }],
    ]
    for (const name of names) {
      variants.push([`${name} given twice`, formBody({ ...fields, [name]: [fields[name]!, fields[name]!] }, csrf), {}])
      variants.push([`${name} as an object`, `${formBody({ ...fields, [name]: [] }, csrf)}&${name}[a]=b`, {}])
      variants.push([`${name} with dotted keys`, `${formBody({ ...fields, [name]: [] }, csrf)}&${name}.a=b`, {}])
      variants.push([`${name} over a kilobyte`, formBody({ ...fields, [name]: 'y'.repeat(1500) }, csrf), {}])
    }
    if (textField)
      variants.push([
        `${textField} with control characters`,
        formBody({ ...fields, [textField]: `${fields[textField]}\u0000\u001b` }, csrf),
        {},
      ])
    for (const [label, body, headers] of variants) {
      const page = await browser.raw('POST', route, body, { 'content-type': FORM, ...headers })
      await expectRefusedWithoutChange(t, before, page, `${route}: ${label}`)
      SECURITY_HEADERS(page, `${route}: ${label}`)
    }
    // Bad percent-encoding is read as the literal characters (as qs does): whatever the route
    // makes of that text, it is never a failure on our side.
    for (const name of names) {
      const page = await browser.raw('POST', route, `${formBody({ ...fields, [name]: [] }, csrf)}&${name}=%E0%A4%A%`, {
        'content-type': FORM,
      })
      expect(page.status, `${route}: ${name} badly percent-encoded`).toBeLessThan(500)
    }
    // Still serving, and the form still works with good input.
    expect((await new Browser(t.url).get('/login')).status).toBe(200)
    const accepted = await browser.post(route, fields, { csrf })
    expect({ status: accepted.status, location: accepted.location }).toEqual(success)
  })

  it('survives malformed cookies, query strings and paths', async () => {
    const t = await start()
    const before = await snapshot(t.server.context.db)
    const browser = new Browser(t.url)
    for (const [path, cookie] of [
      ['/login', 'tu_session=%E0%A4%A'],
      ['/login', 'tu_session="'],
      ['/account', `tu_session=${'A'.repeat(43)}`],
      ['/login', 'tu_csrf=%'],
      ['/reset-password', 'tu_reset=%E0%A4%A'],
      ['/login?notice=%E0%A4%A', ''],
      ['/login?notice[]=x&notice[]=y', ''],
      ['/%E0%A4%A', ''],
      ['/..%2f..%2fetc%2fpasswd', ''],
      ['/assets/..%2f..%2fpackage.json', ''],
    ] as const) {
      const page = await browser.raw('GET', path, undefined, cookie ? { cookie } : {})
      expect(page.status, `${path} ${cookie}`).toBeLessThan(500)
      SECURITY_HEADERS(page, path)
    }
    expect(await snapshot(t.server.context.db)).toEqual(before)
  })

  it('echoes typed text back into the form escaped', async () => {
    const t = await start()
    const browser = new Browser(t.url)
    await browser.get('/login')
    const typed = '"><script>alert(1)</script>'
    const page = await browser.post('/login', { username: typed, password: 'whatever it is' })
    expect(page.status).toBe(401)
    expect(page.text).not.toContain('<script>alert(1)</script>')
    expect(page.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
  })

  it('shows no empty notice for a made-up notice name', async () => {
    const t = await start()
    for (const notice of ['constructor', 'toString', '__proto__', 'nope']) {
      const page = await new Browser(t.url).get(`/login?notice=${notice}`)
      expect(page.status).toBe(200)
      expect(page.text, notice).not.toContain('class="notice')
    }
    expect((await new Browser(t.url).get('/login?notice=signed-out')).text).toContain('class="notice')
  })
})

describe('requests Node itself refuses', () => {
  /** Sends raw bytes on a new connection and returns what comes back. */
  async function raw(t: TestServer, bytes: string): Promise<string> {
    const { createConnection } = await import('node:net')
    const url = new URL(t.url)
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: url.hostname, port: Number(url.port) }, () => socket.write(bytes))
      let answer = ''
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
      socket.on('end', () => resolve(answer))
      socket.on('error', reject)
    })
  }

  it('answers oversized headers (431) and malformed HTTP (400) with the security headers', async () => {
    const t = await start()
    for (const [request, status] of [
      [`GET / HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, '431'],
      ['NOT HTTP AT ALL\r\n\r\n', '400'],
    ] as const) {
      const answer = await raw(t, request)
      expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true)
      expect(answer).toMatch(/\r\nContent-Security-Policy: [^\r]*frame-ancestors 'none'/)
      expect(answer).toContain('\r\nX-Content-Type-Options: nosniff')
    }
    expect((await new Browser(t.url).get('/health')).status).toBe(200)
  })

  it('are answered with every security header a served page carries, HSTS included under https', async () => {
    const names = [
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'permissions-policy',
      'strict-transport-security',
      'cache-control',
    ]
    for (const t of [await start(), await start({ env: { PUBLIC_URL: 'https://accounts.example.test' } })]) {
      const served = await new Browser(t.url).get('/login')
      const answer = await raw(t, 'NOT HTTP AT ALL\r\n\r\n')
      const head = answer.slice(0, answer.indexOf('\r\n\r\n')).split('\r\n').slice(1)
      const headers = new Map(
        head.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      )
      for (const name of names) expect(headers.get(name) ?? null, `${t.url} ${name}`).toBe(served.headers.get(name))
    }
  })
})
