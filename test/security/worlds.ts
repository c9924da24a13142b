// The endpoints the bad-input properties walk, read from the server's own route tables, and the
// state each needs for a request to get past the front door (a bearer token, a signed-in browser,
// a reset link in its cookie). A generated request that is accepted may change that state — sign
// out, use up a link, change a password — so each world puts it back before the next request.
import { createAccount } from '../../server/accounts/admin'
import { mintLinkToken } from '../../server/accounts/password-reset'
import { hashToken } from '../../server/accounts/secrets'
import { startSession } from '../../server/accounts/sessions'
import type { Client } from '../../server/context'
import type { DB } from '../../server/db/database'
import type { ResetTokenPurpose, User } from '../../server/db/schema'
import { CookieJar } from '../../server/http/cookies'
import { Csrf } from '../../server/http/middleware/csrf'
import { pageRoutes } from '../../server/http/pages/routes'
import { ericAndMichelle, type Cast } from '../api/helpers'
import { Browser } from '../helpers/browser'
import { NEW_PASSWORD, PASSWORD } from '../helpers/flows'
import { startTestServer, TEST_OPERATOR, type TestServer } from '../helpers/test-server'
import { settled } from './db-state'

export interface PageEndpoint {
  method: 'GET' | 'POST'
  path: string
}

/**
 * Every route of the browser pages, from the pages router's own stack: a route added there is
 * walked by the properties without anyone listing it.
 */
export async function pageRouteTable(): Promise<PageEndpoint[]> {
  const t = await startTestServer({ smtp: false })
  try {
    const cookies = new CookieJar(false)
    const router = pageRoutes({
      app: t.server.context,
      cookies,
      csrf: new Csrf(Buffer.alloc(32), cookies),
      assets: { css: '', js: '', strength: '', passkeys: '' },
    })
    const endpoints: PageEndpoint[] = []
    for (const layer of router.stack) {
      if (typeof layer.path !== 'string') throw new Error(`A page route with a pattern path cannot be walked: ${String(layer.path)}`)
      for (const method of layer.methods) {
        // HEAD comes with every GET; it is sent as a variant of the GET.
        if (method === 'GET' || method === 'POST') endpoints.push({ method, path: layer.path })
        else if (method !== 'HEAD') throw new Error(`The page route ${method} ${layer.path} needs a way to be exercised here`)
      }
    }
    return endpoints
  } finally {
    await t.close()
  }
}

const FIXTURE_CLIENT: Client = { address: '127.0.0.1', userAgent: 'bad-input fixture' }

/** Puts fixture accounts back exactly as they were, should a generated request have changed one. */
async function restoreUsers(db: DB, originals: User[]): Promise<boolean> {
  let restored = false
  for (const original of originals) {
    // search_key belongs to the search index's triggers.
    const { id, search_key: _originalKey, ...columns } = original
    const current = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
    const { search_key: _currentKey, ...now } = current ?? { search_key: null }
    if (JSON.stringify(now) === JSON.stringify(columns)) continue
    await db.updateTable('users').set(columns).where('id', '=', id).execute()
    restored = true
  }
  return restored
}

async function sessionAlive(db: DB, token: string | undefined): Promise<boolean> {
  if (!token) return false
  return (await db.selectFrom('sessions').select('token_hash').where('token_hash', '=', hashToken(token)).executeTakeFirst()) !== undefined
}

async function linkAlive(db: DB, token: string | undefined): Promise<boolean> {
  if (!token) return false
  const row = await db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
  return row !== undefined && row.used_at === null && row.revoked_at === null && row.expires_at > new Date().toISOString()
}

/**
 * Whether a world can go on: its server answers and its people are all there. A world that cannot
 * is replaced by a fresh one rather than letting one endpoint's leftovers weaken the next's tests.
 */
async function sound(t: TestServer, originals: User[]): Promise<boolean> {
  try {
    const health = await fetch(new URL('/health', t.url), { signal: AbortSignal.timeout(5_000) })
    if (health.status !== 200) return false
    const ids = originals.map((user) => user.id)
    const found = await t.server.context.db.selectFrom('users').select('id').where('id', 'in', ids).execute()
    return found.length === ids.length
  } catch {
    return false
  }
}

async function findUser(db: DB, username: string): Promise<User> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow()
}

// The API ------------------------------------------------------------------------------------------

/** One server for the API properties: Eric the admin (with a live token) and Michelle, the target of /api/users/:id. */
export class ApiWorld {
  private constructor(
    readonly t: TestServer,
    readonly cast: Cast,
    private readonly originals: User[],
  ) {}

  static async start(env: Record<string, string>): Promise<ApiWorld> {
    const t = await startTestServer({ env })
    const cast = await ericAndMichelle(t)
    await settled(t.server.context.db)
    return new ApiWorld(t, cast, [await findUser(t.server.context.db, 'eric'), await findUser(t.server.context.db, 'michelle')])
  }

  get db(): DB {
    return this.t.server.context.db
  }

  /** Eric's bearer token, alive: a generated DELETE /api/session or a password change may have ended the last one. */
  get token(): string {
    return this.cast.token
  }

  async prepare(): Promise<void> {
    await settled(this.db)
    if (await restoreUsers(this.db, this.originals)) await settled(this.db)
    if (!(await sessionAlive(this.db, this.cast.token))) {
      // As Eric signs in: with his password and a code from his authenticator.
      this.cast.token = (await startSession(this.t.server.context, this.db, this.cast.eric, 'api', FIXTURE_CLIENT, 'password+totp')).token
    }
  }

  sound(): Promise<boolean> {
    return sound(this.t, this.originals)
  }

  close(): Promise<void> {
    return this.t.close()
  }
}

// The pages ----------------------------------------------------------------------------------------

/** What a browser must hold for a page's form to be worth submitting. */
export type PageState = 'anonymous' | 'signed-in' | 'must-change' | 'reset-link' | 'invitation'

const STATE_OF_PATH: Record<string, PageState> = {
  '/logout': 'signed-in',
  '/account': 'signed-in',
  '/account/password': 'signed-in',
  '/account/new-password': 'must-change',
  '/reset-password': 'reset-link',
  '/welcome': 'invitation',
}

/** The state a route is exercised in; a route not listed is tried as an anonymous visitor. */
export function stateOf(path: string): PageState {
  return STATE_OF_PATH[path] ?? 'anonymous'
}

/** A page that shows each state's forms (and so its CSRF token). */
const HOME_OF_STATE: Record<PageState, string[]> = {
  anonymous: ['/login', '/forgot-password'],
  'signed-in': ['/account'],
  'must-change': ['/account/new-password'],
  'reset-link': ['/reset-password'],
  invitation: ['/welcome'],
}

const NEW_PASSWORDS = { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }

/** A submission each form accepts in its state: generated bodies start from it and spoil it. */
export const VALID_FORMS: Record<string, Record<string, string>> = {
  '/login': { username: 'ann', password: PASSWORD },
  '/logout': {},
  '/forgot-password': { username: 'ann' },
  '/reset-password': { username: 'rita', ...NEW_PASSWORDS },
  '/welcome': { username: 'newbie', ...NEW_PASSWORDS },
  '/account/password': { username: 'ann', currentPassword: PASSWORD, ...NEW_PASSWORDS },
  '/account/new-password': { username: 'nina', ...NEW_PASSWORDS },
}

/** Query parameters the pages read (a link's token, the sign-in notice); the link token is filled in when sent. */
export const LINK_TOKEN = 'LINKTOKENPLACEHOLDER'
export const PAGE_QUERY: Record<string, Record<string, string>> = {
  '/login': { notice: 'signed-out' },
  '/reset-password': { token: LINK_TOKEN },
  '/welcome': { token: LINK_TOKEN },
}

export interface PreparedBrowser {
  browser: Browser
  /** The CSRF token valid for this browser in this state. */
  csrf: string
  /** The link token of the state, for a query that carries one. */
  linkToken: string | undefined
}

/**
 * One server for the page properties. Ann is signed in, Nina must choose a new password, Rita has
 * a reset link and Newbie an invitation; each browser state is rebuilt when a request used it up.
 */
export class PageWorld {
  private anonymous: { cookie: string; csrf: string } | undefined
  private sessions = new Map<string, { token: string; csrf: string }>()
  private links = new Map<ResetTokenPurpose, string>()
  /** Field names of each form, by the path it posts to, as the pages render them. */
  readonly formFields = new Map<string, string[]>()
  /** Each form's method (GET for the language switcher, POST for the rest), by its action. */
  readonly formMethods = new Map<string, string>()

  private constructor(
    readonly t: TestServer,
    private readonly people: Record<'ann' | 'nina' | 'rita' | 'newbie', User>,
    private readonly originals: User[],
  ) {}

  static async start(env: Record<string, string>): Promise<PageWorld> {
    const t = await startTestServer({ env })
    const db = t.server.context.db
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await t.createUser({ username: 'nina', email: 'nina@example.org' })
    await db.updateTable('users').set({ must_change_password: 1 }).where('username', '=', 'nina').execute()
    await t.createUser({ username: 'rita', email: 'rita@example.org' })
    const invited = await createAccount(
      t.server.context,
      { username: 'newbie', displayName: 'New Bie', email: 'newbie@example.org', role: 'user', invite: true },
      TEST_OPERATOR,
      FIXTURE_CLIENT,
    )
    if (!invited.ok) throw new Error(`Could not invite newbie: ${JSON.stringify(invited.errors)}`)
    await settled(db)
    const people = {
      ann: await findUser(db, 'ann'),
      nina: await findUser(db, 'nina'),
      rita: await findUser(db, 'rita'),
      newbie: await findUser(db, 'newbie'),
    }
    const world = new PageWorld(t, people, Object.values(people))
    await world.readForms()
    return world
  }

  get db(): DB {
    return this.t.server.context.db
  }

  /** A browser in the given state, with a CSRF token valid for it. */
  async prepare(state: PageState): Promise<PreparedBrowser> {
    await settled(this.db)
    if (await restoreUsers(this.db, this.originals)) await settled(this.db)
    const anonymous = await this.anonymousBrowser()
    const browser = new Browser(this.t.url)
    browser.cookies.set('tu_csrf', anonymous.cookie)
    switch (state) {
      case 'anonymous':
        return { browser, csrf: anonymous.csrf, linkToken: undefined }
      case 'signed-in':
      case 'must-change': {
        const session = await this.session(state === 'signed-in' ? this.people.ann : this.people.nina)
        browser.cookies.set('tu_session', session.token)
        return { browser, csrf: session.csrf, linkToken: undefined }
      }
      case 'reset-link':
      case 'invitation': {
        const token = await this.link(state === 'reset-link' ? 'reset' : 'invitation')
        browser.cookies.set('tu_reset', token)
        return { browser, csrf: anonymous.csrf, linkToken: token }
      }
    }
  }

  private async anonymousBrowser(): Promise<{ cookie: string; csrf: string }> {
    if (!this.anonymous) {
      const browser = new Browser(this.t.url)
      const page = await browser.get('/login')
      const cookie = browser.cookies.get('tu_csrf')
      if (!cookie || !page.csrf) throw new Error('The sign-in page gave no CSRF cookie and token')
      this.anonymous = { cookie, csrf: page.csrf }
    }
    return this.anonymous
  }

  private async session(user: User): Promise<{ token: string; csrf: string }> {
    const known = this.sessions.get(user.id)
    if (known && (await sessionAlive(this.db, known.token))) return known
    const { token } = await startSession(this.t.server.context, this.db, user, 'browser', FIXTURE_CLIENT, 'password')
    const browser = new Browser(this.t.url)
    browser.cookies.set('tu_session', token)
    const page = await browser.get(user.must_change_password ? '/account/new-password' : '/account')
    if (page.status !== 200 || !page.csrf) throw new Error(`${user.username}'s new session shows no form (${page.status})`)
    const session = { token, csrf: page.csrf }
    this.sessions.set(user.id, session)
    return session
  }

  private async link(purpose: ResetTokenPurpose): Promise<string> {
    const known = this.links.get(purpose)
    if (await linkAlive(this.db, known)) return known!
    const user = purpose === 'reset' ? this.people.rita : this.people.newbie
    const { token } = await mintLinkToken(this.t.server.context, this.db, { user, purpose, email: user.email, ttlMinutes: 60 })
    this.links.set(purpose, token)
    return token
  }

  /** Reads the field names of every form from the pages themselves. */
  private async readForms(): Promise<void> {
    for (const [state, paths] of Object.entries(HOME_OF_STATE) as Array<[PageState, string[]]>) {
      for (const path of paths) {
        const { browser } = await this.prepare(state)
        const page = await browser.get(path)
        if (page.status !== 200) throw new Error(`${path} (${state}) answered ${page.status}`)
        for (const form of page.text.matchAll(/<form\b[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
          const names = [...(form[2] ?? '').matchAll(/\bname="([^"]+)"/g)].map((match) => match[1]!).filter((name) => name !== '_csrf')
          this.formFields.set(form[1]!, [...new Set([...(this.formFields.get(form[1]!) ?? []), ...names])])
          this.formMethods.set(form[1]!, (/\bmethod="([a-z]+)"/i.exec(form[0])?.[1] ?? 'get').toUpperCase())
        }
      }
    }
  }

  sound(): Promise<boolean> {
    return sound(this.t, this.originals)
  }

  close(): Promise<void> {
    return this.t.close()
  }
}
