// Managing users through the API: search (both query plans, against an independent oracle),
// details, creating with a password or an invitation, changing details, role and status, and the
// rule that the organisation always keeps an active admin.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/accounts/admin'
import { DENSE_MATCHES, WALK_ROWS } from '../../server/accounts/search'
import { countMatches, type UserFilters } from '../../server/accounts/search-count'
import { engineOf } from '../../server/db/engine'
import { POSTGRES_SEARCH_TEXT } from '../../server/db/search-text'
import { findUserById } from '../../server/accounts/users'
import type { UserPage } from '../../src-shared/api'
import { Browser, visibleText } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { local, NEW_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { enrolTotp } from '../helpers/second-factor'
import { useTestServers } from '../helpers/servers'
import { startTestServer, TEST_OPERATOR, type TestServer } from '../helpers/test-server'
import { apiToken, call, ericAndMichelle, expectProblem, insertUsers, userViewOf, writeCounts, type BulkUser } from './helpers'

const start = useTestServers()

// Search -----------------------------------------------------------------------------------------

const BULK = DENSE_MATCHES + 600
/**
 * Accounts that sort before the bulk ones and match none of the dense searches: more than the walk
 * tests, so a dense search's first page finds nothing in the walk and takes the index plan, and
 * later pages (after the cursor) walk.
 */
const LEADING = WALK_ROWS + 200

function bulkUsers(): BulkUser[] {
  const users: BulkUser[] = []
  for (let i = 1; i <= LEADING; i++) {
    const n = String(i).padStart(4, '0')
    users.push({ username: `a${n}`, displayName: `Ada Nr ${n}`, email: `a${n}@other.test` })
  }
  for (let i = 1; i <= BULK; i++) {
    const n = String(i).padStart(4, '0')
    users.push({ username: `m${n}`, displayName: `Émile Nr ${n}`, email: `m${n}_x@staff.example.org` })
  }
  return users
}

/** A few accounts whose names trip up careless matching: accents, LIKE wildcards, near misses. */
const SPECIAL: BulkUser[] = [
  { username: 'elodie', displayName: 'Élodie Durand', email: 'elodie@example.org' },
  { username: 'Zoe.Adams', displayName: 'zoë adams', email: 'ZOE@Example.ORG' },
  { username: 'm9001', displayName: 'Near Miss', email: 'm9001-x@staff.example.org' },
  { username: 'pct', displayName: 'Percent 100% Sure', email: 'pct@example.org' },
  { username: 'under', displayName: 'Under_score', email: 'under@example.org' },
]

interface Searchable {
  id: string
  username: string
  displayName: string
  email: string
  role: string
  status: string
  hasPassword: boolean
}

/**
 * What a search should find, computed independently of SQL: three characters or more anywhere in
 * one of the fields (never across two), one or two at the start of the username; case-insensitive;
 * in username order.
 */
function oracle(everyone: Searchable[], q: string, filters: UserFilters = {}): string[] {
  const text = q.trim().normalize('NFKC').toLowerCase()
  const found =
    text.length === 0
      ? everyone
      : [...text].length < 3
        ? everyone.filter((u) => u.username.toLowerCase().startsWith(text))
        : everyone.filter((u) => [u.username, u.displayName, u.email].some((field) => field.toLowerCase().includes(text)))
  // Status as the console shows it: Deactivated, else Invite pending (no password yet), else Active.
  const statusOf = (u: Searchable) => (u.status === 'deactivated' ? 'deactivated' : u.hasPassword ? 'active' : 'invited')
  return found
    .filter(
      (u) => (filters.role === undefined || u.role === filters.role) && (filters.status === undefined || statusOf(u) === filters.status),
    )
    .map((u) => u.username.toLowerCase())
    .sort()
}

/**
 * Every page of a search, following nextCursor; fails on a repeated user. `total` is what the first
 * page says (later pages must not count again).
 */
async function walk(
  t: TestServer,
  token: string,
  q: string,
  limit = 100,
  filters: UserFilters = {},
): Promise<{ usernames: string[]; pages: number; total: number | undefined }> {
  const seen = new Set<string>()
  const usernames: string[] = []
  let cursor: string | undefined
  let pages = 0
  let total: number | undefined
  do {
    const query = { q, limit: String(limit), ...filters, ...(cursor ? { cursor } : {}) }
    const response = await call(t, 'get', '/api/users', { token, query })
    expect(response.status, response.text).toBe(200)
    const page = response.json as UserPage
    expect(page.users.length).toBeLessThanOrEqual(limit)
    if (pages === 0) {
      total = page.total
      expect(page.totalIsLowerBound).toBe(false)
    } else {
      expect(page).not.toHaveProperty('total')
    }
    for (const user of page.users) {
      expect(seen.has(user.id), `${user.username} came twice for "${q}"`).toBe(false)
      seen.add(user.id)
      usernames.push(user.username.toLowerCase())
    }
    cursor = page.nextCursor ?? undefined
    pages += 1
    expect(pages).toBeLessThan(200)
  } while (cursor)
  return { usernames, pages, total }
}

describe('GET /api/users: search', () => {
  // Searching changes nothing, so these tests share one server with a few thousand accounts.
  let t: TestServer
  let token: string
  let everyone: Searchable[]

  beforeAll(async () => {
    t = await startTestServer({ smtp: false })
    await t.createUser({ username: 'eric', displayName: 'Eric Example', email: 'eric@example.org', role: 'admin' })
    await insertUsers(t.server.context.db, [...bulkUsers(), ...SPECIAL])
    token = await apiToken(t, 'eric')
    // A mix of roles and statuses, by the last digit: 7 admin, 3 and 4 deactivated, even ones with a password.
    const db = t.server.context.db
    await db.updateTable('users').set({ role: 'admin' }).where('username_key', 'like', '%7').execute()
    await db.updateTable('users').set({ status: 'deactivated' }).where('username_key', 'like', '%3').execute()
    await db.updateTable('users').set({ status: 'deactivated' }).where('username_key', 'like', '%4').execute()
    for (const digit of ['0', '2', '4', '6', '8'])
      await db.updateTable('users').set({ password_hash: 'not-a-real-hash' }).where('username_key', 'like', `%${digit}`).execute()
    const rows = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'email', 'role', 'status', 'password_hash'])
      .execute()
    everyone = rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      email: u.email,
      role: u.role,
      status: u.status,
      hasPassword: u.password_hash !== null,
    }))
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  /** How many accounts the trigram index matches: above DENSE_MATCHES the SQLite server tries the walk (PostgreSQL always does). */
  async function indexMatches(q: string): Promise<number> {
    const text = q.trim().normalize('NFKC')
    const db = t.server.context.db
    if (engineOf(db) === 'postgres') {
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(sql<boolean>`${POSTGRES_SEARCH_TEXT} like ${pattern} escape '\\'`)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }
    const { rows } = await sql<{
      n: number
    }>`select count(*) as n from users_search where users_search match ${`"${text.replaceAll('"', '""')}"`}`.execute(db)
    return rows[0]?.n ?? 0
  }

  it('walks every account exactly once, in username order, a page at a time', async () => {
    const { usernames, pages } = await walk(t, token, '')
    expect(usernames).toEqual(oracle(everyone, ''))
    expect(usernames).toHaveLength(LEADING + BULK + SPECIAL.length + 1)
    expect(pages).toBe(Math.ceil(usernames.length / 100))
    // The default page size is 50.
    const first = await call(t, 'get', '/api/users', { token })
    expect((first.json as UserPage).users).toHaveLength(50)
  })

  it.each([
    // Dense: more than DENSE_MATCHES accounts match, so the server walks the username index.
    ['staff.example', 'dense'],
    ['STAFF.EXAMPLE', 'dense'],
    ['_x@staff', 'dense'],
    ['émile', 'dense'],
    ['ÉMILE NR', 'dense'],
    // Sparse: the trigram index finds the few matches.
    ['0042', 'sparse'],
    ['nr 12', 'sparse'],
    ['ÉMILE NR 25', 'sparse'],
    ['ÉLODIE', 'sparse'],
    ['zoë', 'sparse'],
    ['zoe@example', 'sparse'],
    ['100%', 'sparse'],
    ['r_s', 'sparse'],
    ['-x@staff', 'sparse'],
    // On PostgreSQL the first walk finds 10 of these 12 (a0100 … a1000): enough to try the longer walk,
    // which finds the other two but not a page, so the index answers after all.
    ['00@other', 'sparse'],
    ['"quoted" OR NOT', 'sparse'],
    // Across two fields: no account has this in one field, so nothing is found.
    ['0042 émile', 'sparse'],
    ['nr 0042 m0042', 'sparse'],
    ['durand elodie', 'sparse'],
    // One or two characters: the start of a username only.
    ['m0', 'prefix'],
    ['M', 'prefix'],
    ['zo', 'prefix'],
    ['42', 'prefix'],
    ['É', 'prefix'],
  ])('finds "%s" (%s) exactly as the oracle does, across every page', async (q, kind) => {
    if (kind !== 'prefix') {
      const matches = await indexMatches(q)
      if (kind === 'dense') expect(matches).toBeGreaterThan(DENSE_MATCHES)
      else expect(matches).toBeLessThanOrEqual(DENSE_MATCHES)
    }
    const expected = oracle(everyone, q)
    const { usernames, total } = await walk(t, token, q)
    expect(usernames).toEqual(expected)
    expect(total).toBe(expected.length)
  })

  it.each<[string, UserFilters]>([
    ['', { role: 'admin' }],
    ['', { status: 'invited' }],
    ['', { role: 'admin', status: 'deactivated' }],
    // Dense: the walk tests the filters with the text; sparse: the index's rows are filtered.
    ['staff.example', { status: 'active' }],
    ['staff.example', { role: 'admin' }],
    ['_x@staff', { status: 'deactivated' }],
    ['émile', { role: 'admin', status: 'invited' }],
    ['0042', { status: 'invited' }],
    ['00@other', { role: 'user', status: 'active' }],
    ['zoë', { role: 'user' }],
    ['m0', { role: 'admin' }],
    ['M', { status: 'deactivated' }],
  ])('finds "%s" with filters %j exactly as the oracle does, across every page, and counts them', async (q, filters) => {
    const expected = oracle(everyone, q, filters)
    const { usernames, total } = await walk(t, token, q, 100, filters)
    expect(usernames).toEqual(expected)
    expect(total).toBe(expected.length)
  })

  it('refuses a cursor under other filters, and filters it does not know, with 400 naming the parameter', async () => {
    const first = (await call(t, 'get', '/api/users', { token, query: { q: 'staff', role: 'user', limit: '10' } })).json as UserPage
    expect(first.nextCursor).toEqual(expect.any(String))
    const cursor = first.nextCursor ?? ''
    for (const query of [{ role: 'admin' }, {}, { role: 'user', status: 'active' }] as Record<string, string>[]) {
      const problem = expectProblem(await call(t, 'get', '/api/users', { token, query: { q: 'staff', ...query, cursor } }), 400)
      expect(problem.errors?.cursor, JSON.stringify(query)).toEqual([
        'cursor belongs to a list with other filters. Start again from the first page.',
      ])
    }
    const next = await call(t, 'get', '/api/users', { token, query: { q: 'staff', role: 'user', limit: '10', cursor } })
    expect(next.status).toBe(200)
    expect(expectProblem(await call(t, 'get', '/api/users', { token, query: { role: 'owner' } }), 400).errors?.role).toEqual([
      'role must be admin or user.',
    ])
    expect(expectProblem(await call(t, 'get', '/api/users', { token, query: { status: 'active,invited' } }), 400).errors).toHaveProperty(
      'status',
    )
  })

  it('stops counting at the cap and says the total is only a lower bound', async () => {
    const db = t.server.context.db
    const all = oracle(everyone, 'staff.example').length
    expect(await countMatches(db, 'staff.example', {}, all)).toEqual({ count: all, atLeast: false })
    expect(await countMatches(db, 'staff.example', {}, all - 1)).toEqual({ count: all - 1, atLeast: true })
    expect(await countMatches(db, '', {}, 10)).toEqual({ count: everyone.length, atLeast: false })
    const admins = oracle(everyone, '', { role: 'admin' }).length
    expect(await countMatches(db, '', { role: 'admin' }, admins - 1)).toEqual({ count: admins - 1, atLeast: true })
    expect(await countMatches(db, 'm0', { role: 'admin' }, 5)).toEqual({ count: 5, atLeast: true })
  })

  it('finds by username, name and email parts, whatever their case', async () => {
    const find = async (q: string) =>
      ((await call(t, 'get', '/api/users', { token, query: { q } })).json as UserPage).users.map((u) => u.username)
    expect(await find('lodi')).toEqual(['elodie'])
    expect(await find('DURAND')).toEqual(['elodie'])
    expect(await find('Élodie D')).toEqual(['elodie'])
    expect(await find('elodie@EXAMPLE.org')).toEqual(['elodie'])
    expect(await find('zoe.adams')).toEqual(['Zoe.Adams'])
    expect(await find('e.a')).toEqual(['Zoe.Adams'])
    expect(await find('nobody-has-this')).toEqual([])
    // Leading and trailing spaces are not part of the search.
    expect(await find('  lodi  ')).toEqual(['elodie'])
  })

  it('refuses a cursor it did not give out, and bad page sizes, with 400 naming the parameter', async () => {
    for (const cursor of [
      'zzz',
      Buffer.from('12').toString('base64url'),
      Buffer.from('{"after":5}').toString('base64url'),
      'x'.repeat(201),
    ]) {
      const problem = expectProblem(await call(t, 'get', '/api/users', { token, query: { cursor } }), 400)
      expect(problem.errors, cursor).toHaveProperty('cursor')
    }
    for (const limit of ['0', '101', '-1', '2.5', 'ten', '']) {
      const problem = expectProblem(await call(t, 'get', '/api/users', { token, query: { limit } }), 400)
      expect(problem.errors, limit).toHaveProperty('limit')
    }
    expect(expectProblem(await call(t, 'get', '/api/users', { token, query: { q: 'x'.repeat(101) } }), 400).errors).toHaveProperty('q')
    expect(expectProblem(await call(t, 'get', '/api/users', { token, query: { page: '2' } }), 400).errors?._query?.join()).toContain('page')
  })

  it('never fails on search text with control characters, quotes or FTS syntax', async () => {
    for (const q of [
      '\u0000\u0000\u0000',
      'ab\u0000',
      '\u0007bell',
      '"""',
      "'; drop table users; --",
      'a*b',
      'NEAR(a b)',
      '^abc',
      'abc:',
      '{x}',
      '\\%_',
      '\uFFFD\uFFFD\uFFFD',
      '😀😀😀',
      'x\ny',
    ]) {
      const response = await call(t, 'get', '/api/users', { token, query: { q } })
      expect([200, 400], `${JSON.stringify(q)}: ${response.text}`).toContain(response.status)
      if (response.status === 400) expect(expectProblem(response, 400).errors).toHaveProperty('q')
    }
  })
})

// One user -----------------------------------------------------------------------------------------

describe('GET /api/users/:id', () => {
  it('shows a user, and 404 for a malformed or unknown id', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const found = await call(t, 'get', `/api/users/${michelle.id}`, { token })
    expect(found.status).toBe(200)
    expect(found.json).toEqual({
      id: michelle.id,
      username: 'michelle',
      displayName: 'Michelle Obi',
      email: 'michelle@example.org',
      role: 'user',
      active: true,
      preferredLanguage: 'en',
      hasPassword: true,
      mustChangePassword: false,
      lastSignInAt: null,
      passwordChangedAt: michelle.password_changed_at,
      createdAt: michelle.created_at,
      updatedAt: michelle.updated_at,
    })
    for (const id of ['not-a-user', crypto.randomUUID(), michelle.id.toUpperCase(), "1' or '1'='1", '%00']) {
      const problem = expectProblem(await call(t, 'get', `/api/users/${encodeURIComponent(id)}`, { token }), 404)
      expect(problem.title).toBe('There is no such user.')
    }
  })
})

// Creating -----------------------------------------------------------------------------------------

describe('POST /api/users', () => {
  it('creates a user with a password, who can then sign in on the web page', async () => {
    const t = await start()
    const { eric, token } = await ericAndMichelle(t)
    const response = await call(t, 'post', '/api/users', {
      token,
      body: {
        username: 'Nadia.Park',
        displayName: '  Nadia Park ',
        email: 'nadia@example.org',
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      },
    })
    expect(response.status, response.text).toBe(201)
    const nadia = userViewOf(response)
    expect(nadia).toMatchObject({
      username: 'Nadia.Park',
      displayName: 'Nadia Park',
      role: 'user',
      active: true,
      hasPassword: true,
      mustChangePassword: false,
    })
    expect(response.headers.get('location')).toBe(`/api/users/${nadia.id}`)
    expect((await call(t, 'get', response.headers.get('location')!, { token })).json).toEqual(nadia)

    expect((await signIn(new Browser(t.url), 'nadia.park', NEW_PASSWORD)).location).toBe('/account')
    const [created] = (await auditEvents(t.server.context.db, 'user_created')).filter((e) => e.user_id === nadia.id)
    expect(created).toMatchObject({ actor_id: eric.id, actor_username: 'eric' })
    // No email for an account whose password the admin chose.
    expect(await t.server.context.db.selectFrom('outbox').selectAll().where('user_id', '=', nadia.id).execute()).toEqual([])
  })

  it('can create another admin', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const response = await call(t, 'post', '/api/users', {
      token,
      body: {
        username: 'anna',
        displayName: 'Anna Admin',
        email: 'anna@example.org',
        role: 'admin',
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      },
    })
    const anna = userViewOf(response)
    expect(anna.role).toBe('admin')
    // A new admin must set up a second factor before the API gives her a token: it says where.
    const refused = expectProblem(await call(t, 'post', '/api/session', { body: { username: 'anna', password: NEW_PASSWORD } }), 403)
    expect(refused).toMatchObject({
      type: 'urn:textup:problem:second-factor-setup-required',
      enrolUrl: `${t.server.publicUrl.origin}/account/two-factor`,
    })
    await enrolTotp(t, (await findUserById(t.server.context.db, anna.id))!)
    await apiToken(t, 'anna', NEW_PASSWORD)
  })

  it('refuses a weak password (422 errors.newPassword) and a mismatch (422 errors.newPasswordConfirmation), writing nothing', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const before = await writeCounts(t.server.context.db)
    const account = { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org' }
    for (const weak of ['password123', 'short', 'nadia park nadia park', 'aaaaaaaaaaaaaaaaaaaa']) {
      const problem = expectProblem(
        await call(t, 'post', '/api/users', { token, body: { ...account, newPassword: weak, newPasswordConfirmation: weak } }),
        422,
      )
      expect(problem.errors?.newPassword?.length, weak).toBeGreaterThan(0)
    }
    const mismatch = expectProblem(
      await call(t, 'post', '/api/users', {
        token,
        body: { ...account, newPassword: NEW_PASSWORD, newPasswordConfirmation: `${NEW_PASSWORD}!` },
      }),
      422,
    )
    expect(mismatch.errors).toEqual({ newPasswordConfirmation: [expect.stringMatching(/do not match/)] })
    const missing = expectProblem(await call(t, 'post', '/api/users', { token, body: { ...account, newPassword: NEW_PASSWORD } }), 422)
    expect(missing.errors).toHaveProperty('newPasswordConfirmation')
    expect(await writeCounts(t.server.context.db)).toEqual(before)
  })

  it('asks for either a password or an invitation (400 errors.newPassword)', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const account = { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org' }
    expect(expectProblem(await call(t, 'post', '/api/users', { token, body: account }), 400).errors).toHaveProperty('newPassword')
    const both = { ...account, sendInvitation: true, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }
    expect(expectProblem(await call(t, 'post', '/api/users', { token, body: both }), 400).errors).toHaveProperty('newPassword')
    const confirmationOnly = { ...account, sendInvitation: true, newPasswordConfirmation: NEW_PASSWORD }
    expect(expectProblem(await call(t, 'post', '/api/users', { token, body: confirmationOnly }), 400).errors).toHaveProperty(
      'newPasswordConfirmation',
    )
    expect(await t.server.context.db.selectFrom('users').select('username').where('username', '=', 'nadia').execute()).toEqual([])
  })

  it('refuses a username that is taken in any case with 409 errors.username', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const before = await writeCounts(t.server.context.db)
    for (const username of ['michelle', 'MICHELLE', 'Michelle', ' michelle ']) {
      const problem = expectProblem(
        await call(t, 'post', '/api/users', {
          token,
          body: { username, displayName: 'Another', email: 'another@example.org', sendInvitation: true },
        }),
        409,
      )
      expect(problem.errors?.username, username).toEqual(['That username is already taken.'])
    }
    expect(await writeCounts(t.server.context.db)).toEqual(before)
  })

  it('stores preferredLanguage (English when left out), and refuses a language TextUp does not speak with 400 errors.preferredLanguage', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const account = (username: string) => ({
      username,
      displayName: 'Nadia Park',
      email: `${username}@example.org`,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    })
    const german = userViewOf(await call(t, 'post', '/api/users', { token, body: { ...account('nadia'), preferredLanguage: 'de' } }))
    expect(german.preferredLanguage).toBe('de')
    expect(userViewOf(await call(t, 'get', `/api/users/${german.id}`, { token })).preferredLanguage).toBe('de')
    const [created] = (await auditEvents(t.server.context.db, 'user_created')).filter((e) => e.user_id === german.id)
    expect(created?.parsed).toMatchObject({ preferredLanguage: 'de' })
    expect(userViewOf(await call(t, 'post', '/api/users', { token, body: account('omar') })).preferredLanguage).toBe('en')

    const before = await writeCounts(t.server.context.db)
    // The pseudo-locale is for tests of the product, not a language to write to people in.
    for (const language of ['fr', 'en-XA', 'DE', 'de-DE', '', 7, null]) {
      const problem = expectProblem(
        await call(t, 'post', '/api/users', { token, body: { ...account('pia'), preferredLanguage: language } }),
        400,
      )
      expect(Object.keys(problem.errors ?? {}), String(language)).toEqual(['preferredLanguage'])
      expect(problem.errors?.preferredLanguage).toEqual([expect.any(String)])
    }
    expect(await writeCounts(t.server.context.db)).toEqual(before)
  })

  it('of two simultaneous creations of one username, exactly one succeeds', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const create = (username: string) =>
      call(t, 'post', '/api/users', { token, body: { username, displayName: 'Twin', email: 'twin@example.org', sendInvitation: true } })
    const statuses = (await Promise.all([create('twin'), create('TWIN'), create('Twin')])).map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409, 409])
  })

  it('with sendInvitation, emails a /welcome link with which the person sets a first password and signs in', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const response = await call(t, 'post', '/api/users', {
      token,
      body: { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org', sendInvitation: true },
    })
    expect(response.status, response.text).toBe(201)
    const nadia = userViewOf(response)
    expect(nadia.hasPassword).toBe(false)
    // Until she chooses one, there is no password to sign in with.
    expect((await signIn(new Browser(t.url), 'nadia', 'any password at all')).status).toBe(401)

    const [email] = await t.smtp.waitFor((m) => m.to.includes('nadia@example.org'))
    expect(email?.subject).toBe('Your TextUp account is ready')
    expect(email?.text).toContain('Eric Example created a TextUp account for you (username: nadia)')
    const link = email?.links.find((l) => l.includes('/welcome?token='))
    expect(link?.startsWith(t.server.publicUrl.origin)).toBe(true)

    const browser = new Browser(t.url)
    const opened = await browser.get(local(link!))
    expect(opened.status).toBe(303)
    expect(opened.location).toBe('/welcome')
    const form = await browser.get('/welcome')
    expect(form.status).toBe(200)
    expect(visibleText(form.text)).toContain('nadia')
    const set = await browser.post('/welcome', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })
    expect(set.status).toBe(303)
    expect(set.location).toBe('/login?notice=password-set')
    expect((await signIn(new Browser(t.url), 'nadia', NEW_PASSWORD)).location).toBe('/account')

    const after = userViewOf(await call(t, 'get', `/api/users/${nadia.id}`, { token }))
    expect(after.hasPassword).toBe(true)
    // The link was for one use.
    expect((await new Browser(t.url).get(local(link!))).status).toBe(410)
  })
})

// Changing -----------------------------------------------------------------------------------------

describe('PATCH /api/users/:id', () => {
  it('changes name, email, role and status, and search follows the new name', async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    const patch = (body: unknown) => call(t, 'patch', `/api/users/${michelle.id}`, { token, body })
    const find = async (q: string) =>
      ((await call(t, 'get', '/api/users', { token, query: { q } })).json as UserPage).users.map((u) => u.username)

    expect(await find('Obi')).toEqual(['michelle'])
    const renamed = await patch({ displayName: 'Michelle Hart', email: 'm.hart@example.org' })
    expect(renamed.status, renamed.text).toBe(200)
    expect(userViewOf(renamed)).toMatchObject({ displayName: 'Michelle Hart', email: 'm.hart@example.org', role: 'user', active: true })
    expect(await find('Obi')).toEqual([])
    expect(await find('hart')).toEqual(['michelle'])
    expect(await find('m.hart@')).toEqual(['michelle'])

    expect(userViewOf(await patch({ role: 'admin' })).role).toBe('admin')
    expect(userViewOf(await patch({ role: 'user', active: false }))).toMatchObject({ role: 'user', active: false })
    expect(userViewOf(await patch({ active: true })).active).toBe(true)
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token }))).toMatchObject({
      displayName: 'Michelle Hart',
      role: 'user',
      active: true,
    })

    const updates = (await auditEvents(t.server.context.db, 'user_updated')).filter((e) => e.user_id === michelle.id)
    expect(updates).toHaveLength(4)
    expect(updates.every((e) => e.actor_id === eric.id)).toBe(true)
    expect(updates[0]?.parsed).toMatchObject({ displayName: 'Michelle Hart', email: 'm.hart@example.org' })

    expect(expectProblem(await patch({}), 400).errors).toHaveProperty('_body')
    expectProblem(await call(t, 'patch', `/api/users/${crypto.randomUUID()}`, { token, body: { active: false } }), 404)
  })

  it('changes preferredLanguage (audited like any other change) and refuses one TextUp does not speak, changing nothing', async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    const patch = (body: unknown) => call(t, 'patch', `/api/users/${michelle.id}`, { token, body })
    expect(userViewOf(await patch({ preferredLanguage: 'de' })).preferredLanguage).toBe('de')
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).preferredLanguage).toBe('de')
    const found = (await call(t, 'get', '/api/users', { token, query: { q: 'michelle' } })).json as UserPage
    expect(found.users.map((u) => u.preferredLanguage)).toEqual(['de'])
    const [update] = (await auditEvents(t.server.context.db, 'user_updated')).filter((e) => e.user_id === michelle.id)
    expect(update).toMatchObject({ actor_id: eric.id })
    expect(update?.parsed).toEqual({ preferredLanguage: 'de' })

    const before = await writeCounts(t.server.context.db)
    for (const language of ['fr', 'en-XA', 'English', 1]) {
      const problem = expectProblem(await patch({ preferredLanguage: language, displayName: 'Michelle Hart' }), 400)
      expect(Object.keys(problem.errors ?? {}), String(language)).toEqual(['preferredLanguage'])
    }
    expect(await writeCounts(t.server.context.db)).toEqual(before)
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token }))).toMatchObject({
      displayName: 'Michelle Obi',
      preferredLanguage: 'de',
    })
  })

  it('deactivating ends every browser session and API token of the user at once', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const annaToken = await apiToken(t, 'anna')
    const annaBrowser = await signedInBrowser(t, 'anna')
    const michelleBrowser = await signedInBrowser(t, 'michelle')

    for (const user of [anna, michelle]) {
      const response = await call(t, 'patch', `/api/users/${user.id}`, { token, body: { active: false } })
      expect(response.status, response.text).toBe(200)
    }
    expectProblem(await call(t, 'get', '/api/session', { token: annaToken }), 401)
    expect((await annaBrowser.get('/account')).location).toBe('/login')
    expect((await michelleBrowser.get('/account')).location).toBe('/login')
    const left = await t.server.context.db.selectFrom('sessions').select('user_id').execute()
    expect(left.map((s) => s.user_id)).not.toContain(anna.id)
    expect(left.map((s) => s.user_id)).not.toContain(michelle.id)
    expect((await signIn(new Browser(t.url), 'michelle', PASSWORD)).status).toBe(403)

    // Activating again does not bring the old sessions back; signing in works again.
    expect((await call(t, 'patch', `/api/users/${anna.id}`, { token, body: { active: true } })).status).toBe(200)
    expectProblem(await call(t, 'get', '/api/session', { token: annaToken }), 401)
    expect((await annaBrowser.get('/account')).status).toBe(303)
    await apiToken(t, 'anna')
  })

  it('a change to what already is (activating an active account, deactivating a deactivated one, the same name) writes nothing and is not audited', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const patch = (body: unknown) => call(t, 'patch', `/api/users/${michelle.id}`, { token, body })
    const updatedAt = userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).updatedAt
    const before = await writeCounts(t.server.context.db)
    for (const body of [
      { active: true },
      { displayName: 'Michelle Obi', role: 'user' },
      { email: 'michelle@example.org', preferredLanguage: 'en' },
    ]) {
      const same = await patch(body)
      expect(same.status, same.text).toBe(200)
      expect(userViewOf(same)).toMatchObject({ active: true, displayName: 'Michelle Obi', updatedAt })
    }
    expect(await writeCounts(t.server.context.db)).toEqual(before)

    // Deactivated once, deactivated again: one event, which names only what changed.
    expect(userViewOf(await patch({ active: false, displayName: 'Michelle Obi' })).active).toBe(false)
    const deactivatedAt = userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).updatedAt
    expect(userViewOf(await patch({ active: false })).updatedAt).toBe(deactivatedAt)
    const updates = (await auditEvents(t.server.context.db, 'user_updated')).filter((e) => e.user_id === michelle.id)
    expect(updates.map((e) => e.parsed)).toEqual([{ status: 'deactivated', sessionsEnded: '0' }])
  })

  it('deactivating kills the reset links already sent: activating again does not revive them', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })).status).toBe(202)
    const [email] = await t.smtp.waitFor((m) => m.to.includes(michelle.email) && m.subject === 'Reset your TextUp password')
    const link = email!.links.find((l) => l.includes('/reset-password?token='))!
    expect((await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { active: false } })).status).toBe(200)
    expect((await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { active: true } })).status).toBe(200)
    const opened = await new Browser(t.url).get(local(link))
    expect(opened.status).toBe(410)
    expect(visibleText(opened.text)).toContain('This link no longer works')
  })

  it("a demoted admin's token gets 403 at once, and they cannot sign in to the API again", async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const annaToken = await apiToken(t, 'anna')
    expect((await call(t, 'get', '/api/users', { token: annaToken })).status).toBe(200)
    expect((await call(t, 'patch', `/api/users/${anna.id}`, { token, body: { role: 'user' } })).status).toBe(200)
    expectProblem(await call(t, 'get', '/api/users', { token: annaToken }), 403)
    expectProblem(await call(t, 'post', '/api/session', { body: { username: 'anna', password: PASSWORD } }), 403)
  })

  it('refuses to demote or deactivate the last active admin (409), changing nothing', async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    // A deactivated admin does not count.
    const gone = await t.createUser({ username: 'gone', role: 'admin' })
    expect((await call(t, 'patch', `/api/users/${gone.id}`, { token, body: { active: false } })).status).toBe(200)
    const before = await writeCounts(t.server.context.db)

    const demote = expectProblem(await call(t, 'patch', `/api/users/${eric.id}`, { token, body: { role: 'user' } }), 409)
    expect(demote.errors).toEqual({ role: ['This is the last active admin. Make another account an admin first.'] })
    const deactivate = expectProblem(
      await call(t, 'patch', `/api/users/${eric.id}`, { token, body: { active: false, displayName: 'Someone Else' } }),
      409,
    )
    expect(deactivate.errors).toHaveProperty('active')
    expect(await writeCounts(t.server.context.db)).toEqual(before)
    expect(userViewOf(await call(t, 'get', `/api/users/${eric.id}`, { token }))).toMatchObject({
      role: 'admin',
      active: true,
      displayName: 'Eric Example',
    })

    // With a second admin, Eric may step down.
    expect((await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { role: 'admin' } })).status).toBe(200)
    expect(userViewOf(await call(t, 'patch', `/api/users/${eric.id}`, { token, body: { role: 'user' } })).role).toBe('user')
  })

  it('judges the account as it is when the change is made, not as the request first read it', async () => {
    const t = await start()
    const { eric, michelle } = await ericAndMichelle(t)
    const db = t.server.context.db
    // A request read Michelle while she was a regular user...
    const asRead = (await findUserById(db, michelle.id))!
    // ...and before it made its change, she became the only active admin.
    await db.updateTable('users').set({ role: 'admin' }).where('id', '=', michelle.id).execute()
    await db.updateTable('users').set({ role: 'user' }).where('id', '=', eric.id).execute()
    const result = await updateAccount(t.server.context, asRead, { role: 'user' }, TEST_OPERATOR, { address: null, userAgent: null })
    expect(result.ok).toBe(false)
    const admins = await db.selectFrom('users').select('username').where('role', '=', 'admin').where('status', '=', 'active').execute()
    expect(admins).toEqual([{ username: 'michelle' }])
  })

  it('of two admins demoting each other at the same moment, exactly one succeeds', async () => {
    const t = await start()
    const { eric } = await ericAndMichelle(t)
    const anna = await t.createUser({ username: 'anna', role: 'admin' })
    const db = t.server.context.db
    for (let round = 0; round < 6; round++) {
      // Both admins again, each with a fresh token (a deactivation in the last round ended one).
      await db.updateTable('users').set({ role: 'admin', status: 'active' }).where('id', 'in', [eric.id, anna.id]).execute()
      const [ericToken, annaToken] = await Promise.all([apiToken(t, 'eric'), apiToken(t, 'anna')])
      const change = round % 2 === 0 ? { role: 'user' } : { active: false }
      const [byEric, byAnna] = await Promise.all([
        call(t, 'patch', `/api/users/${anna.id}`, { token: ericToken, body: change }),
        call(t, 'patch', `/api/users/${eric.id}`, { token: annaToken, body: change }),
      ])
      const statuses = [byEric.status, byAnna.status]
      expect(
        statuses.filter((s) => s === 200),
        `round ${round}: ${statuses.join(', ')}`,
      ).toHaveLength(1)
      // The other is refused: as the last admin, or because the winner already took their rights away.
      expect([401, 403, 409]).toContain(statuses.find((s) => s !== 200))
      const admins = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active').execute()
      expect(admins, `round ${round}`).toHaveLength(1)
    }
  })
})
