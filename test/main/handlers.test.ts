// The console's operations as the renderer calls them, against a real server, a real SMTP
// receiver and the real OS keychain (keytar on a Secret Service; `npm test` starts one), with a
// scripted admin answering the native menu and dialogs. The session token stays in the main
// process and the keychain: no result ever carries it, and preferences.json never holds it.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AdminApiClient } from '../../src-main/api-client'
import {
  DEVICE_KEYCHAIN_SERVICE,
  KEYCHAIN_SERVICE,
  keychainAccount,
  PreferencesFile,
  TokenStore,
  type Keychain,
} from '../../src-main/credentials'
import { startEmbeddedServer } from '../../src-main/embedded-server'
import type { ConsoleDeps } from '../../src-main/console-deps'
import { createConsoleHandlers } from '../../src-main/handlers'
import type { ConsoleHandlers } from '../../src-main/ipc'
import { ConsoleLanguage } from '../../src-main/language'
import type { ConfirmOptions, NativeMenuItem, NativeUi } from '../../src-main/native-ui'
import type { Outcome, SignedInAdmin, SignInToServerRequest } from '../../src-shared/ipc'
import { Browser } from '../helpers/browser'
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import type { TestServer } from '../helpers/test-server'
import { systemKeychain } from './system-keychain'
import { enrolOnPages, signInToConsole, signInWithCode } from './two-step'

const start = useTestServers()

/** The admin in front of the console: picks menu items and answers dialogs as scripted. */
function scriptedAdmin() {
  const menus: NativeMenuItem<string>[][] = []
  const confirms: ConfirmOptions[] = []
  const choices: (string | null)[] = []
  const answers: boolean[] = []
  const opened: string[] = []
  const ui: NativeUi = {
    openInBrowser(url) {
      opened.push(url)
      return Promise.resolve()
    },
    popupMenu<T extends string>(items: NativeMenuItem<T>[]) {
      menus.push(items)
      if (choices.length === 0) return Promise.reject(new Error('The test scripted no menu choice'))
      const choice = choices.shift() ?? null
      if (choice === null) return Promise.resolve(null)
      const item = items.find((candidate) => 'id' in candidate && candidate.id === choice)
      if (!item || ('enabled' in item && item.enabled === false))
        return Promise.reject(new Error(`"${choice}" cannot be chosen in this menu`))
      return Promise.resolve(choice as T)
    },
    confirm(options) {
      confirms.push(options)
      const answer = answers.shift()
      return answer === undefined
        ? Promise.reject(new Error(`The test scripted no answer to "${options.message}"`))
        : Promise.resolve(answer)
    },
  }
  return {
    ui,
    menus,
    confirms,
    /** Pages opened in the system browser. */
    opened,
    /** The ids of the next menu choices; null dismisses the menu. */
    willChoose: (...ids: (string | null)[]) => choices.push(...ids),
    /** The next answers to confirmation dialogs. */
    willAnswer: (...values: boolean[]) => answers.push(...values),
    labels: (menu: NativeMenuItem<string>[] | undefined) =>
      (menu ?? []).map((item) => ('separator' in item ? '—' : `${item.label}${item.enabled === false ? ' (disabled)' : ''}`)),
  }
}

/** Every value anywhere inside a result, with the key it sits under. */
function* walk(value: unknown, key = ''): Generator<{ key: string; value: unknown }> {
  yield { key, value }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* walk(v, k)
}

/** Wraps handlers so every result they give the renderer is kept for inspection. */
function watched(handlers: ConsoleHandlers): ConsoleHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      async (...args: unknown[]) => {
        const result: unknown = await (handler as (...a: unknown[]) => Promise<unknown>)(...args)
        results.push(result)
        return result
      },
    ]),
  ) as unknown as ConsoleHandlers
}

let results: unknown[]
let keychain: Keychain
let userData: string
/** Keychain entries a test may have made, removed afterwards whatever happened. */
let savedFor: { server: string; username: string }[]

beforeEach(async () => {
  results = []
  savedFor = []
  userData = await mkdtemp(path.join(tmpdir(), 'textup-console-'))
  keychain = await systemKeychain()
})

afterEach(async () => {
  const tokens = new TokenStore(keychain)
  for (const { server, username } of savedFor) {
    await tokens.forget(server, username).catch(() => undefined)
    await keychain.deletePassword(DEVICE_KEYCHAIN_SERVICE, keychainAccount(server, username)).catch(() => undefined)
  }
  await rm(userData, { recursive: true, force: true })
  // Whatever a test did, no result it gave the renderer held a session token.
  for (const result of results) {
    for (const { key, value } of walk(result)) {
      expect(key.toLowerCase(), JSON.stringify(result)).not.toContain('token')
      if (typeof value === 'string') expect(value, JSON.stringify(result)).not.toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
  }
})

interface Setup {
  t: TestServer
  admin: ReturnType<typeof scriptedAdmin>
  tokens: TokenStore
  preferences: PreferencesFile
  /** A console start: fresh handlers over the same keychain and preferences. */
  startConsole: (overrides?: Partial<ConsoleDeps>) => ConsoleHandlers
  eric: { id: string }
  michelle: { id: string; email: string }
  signInAs: (h: ConsoleHandlers, fields?: Partial<SignInToServerRequest>) => Promise<Outcome<SignedInAdmin>>
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const t = await start({ env })
  const eric = await t.createUser({ username: 'eric', displayName: 'Eric Admin', email: 'eric@example.org', role: 'admin' })
  const michelle = await t.createUser({
    username: 'michelle',
    displayName: 'Michelle Obi',
    email: 'michelle@example.org',
    password: OTHER_PASSWORD,
  })
  savedFor.push({ server: t.url, username: 'eric' }, { server: t.url, username: 'michelle' })
  const admin = scriptedAdmin()
  const tokens = new TokenStore(keychain)
  const preferences = new PreferencesFile(userData)
  const startConsole = (overrides: Partial<ConsoleDeps> = {}) => {
    const handlers = createConsoleHandlers({
      ui: admin.ui,
      tokens,
      preferences,
      language: new ConsoleLanguage(() => ['en-US'], preferences),
      policy: { serverUrl: undefined, serverLocked: false },
      embedded: null,
      notices: [],
      platform: 'linux',
      ...overrides,
    })
    return watched(handlers)
  }
  const signInAs = (h: ConsoleHandlers, fields: Partial<SignInToServerRequest> = {}) =>
    signInToConsole(h, t, { serverUrl: t.url, username: 'eric', password: PASSWORD, keepSignedIn: true, ...fields })
  return { t, admin, tokens, preferences, startConsole, eric, michelle, signInAs }
}

async function preferencesText(preferences: PreferencesFile): Promise<string> {
  return readFile(preferences.file, 'utf8').catch(() => '')
}

describe('signing in', () => {
  it('with "Keep me signed in": the token goes to the keychain only, never to preferences or the renderer', async () => {
    const { t, tokens, preferences, startConsole, signInAs, eric } = await setup()
    const h = startConsole()
    const signedIn = await signInAs(h)
    expect(signedIn).toMatchObject({
      ok: true,
      value: { serverUrl: t.url, user: { id: eric.id, username: 'eric', role: 'admin' }, kept: true, passwordMinLength: 15 },
    })
    expect(Object.keys(signedIn.ok ? signedIn.value : {}).sort()).toEqual(['expiresAt', 'kept', 'passwordMinLength', 'serverUrl', 'user'])
    const token = await tokens.load(t.url, 'eric')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, `${t.url} eric`)).toBe(token)
    // It is the live session: the server takes it.
    expect(await new AdminApiClient(t.url, { token: token! }).currentSession()).toMatchObject({
      ok: true,
      value: { user: { username: 'eric' } },
    })
    const saved = await preferencesText(preferences)
    expect(saved).not.toContain(token)
    expect(saved).not.toMatch(/token/i)
    expect(JSON.parse(saved)).toEqual({ serverUrl: t.url, username: 'eric', keepSignedIn: true })
    // Calls run as Eric without the renderer ever holding anything but ids.
    expect(await h.searchUsers({ q: 'mich' })).toMatchObject({ ok: true, value: { users: [{ username: 'michelle' }] } })
    expect(await h.getStartup()).toMatchObject({ session: { user: { username: 'eric' }, kept: true }, lastUsername: 'eric' })
    for (const result of results) expect(JSON.stringify(result)).not.toContain(token)
  })

  it('the next start restores the kept session', async () => {
    const { t, startConsole, signInAs } = await setup()
    expect((await signInAs(startConsole())).ok).toBe(true)
    const next = startConsole()
    const startup = await next.getStartup()
    expect(startup).toMatchObject({
      serverUrl: t.url,
      serverLocked: false,
      embedded: null,
      lastUsername: 'eric',
      notices: [],
      platform: 'linux',
    })
    expect(startup.session).toMatchObject({ serverUrl: t.url, user: { username: 'eric' }, kept: true, passwordMinLength: 15 })
    expect(await next.searchUsers({ q: '' })).toMatchObject({ ok: true })
  })

  it('the next start restores it for every caller, even two at once (React starts the app twice in development)', async () => {
    const { t, startConsole, signInAs } = await setup()
    expect((await signInAs(startConsole())).ok).toBe(true)
    const next = startConsole()
    const startups = await Promise.all([next.getStartup(), next.getStartup()])
    expect(startups.map((startup) => startup.session?.user.username)).toEqual(['eric', 'eric'])
    await t.server.stop()
    // Told once why the session was not restored, whoever asked first.
    const unreachable = startConsole()
    const [first, second] = await Promise.all([unreachable.getStartup(), unreachable.getStartup()])
    expect(first?.notices).toEqual([`You were not signed in again automatically: Cannot reach the server at ${t.url}.`])
    expect(second?.notices).toEqual(first?.notices)
    expect((await unreachable.getStartup()).notices).toEqual([])
  })

  it('without "Keep me signed in": nothing in the keychain, and the next start asks again', async () => {
    const { t, tokens, startConsole, signInAs } = await setup()
    expect(await signInAs(startConsole(), { keepSignedIn: false })).toMatchObject({ ok: true, value: { kept: false } })
    expect(await tokens.load(t.url, 'eric')).toBeNull()
    const startup = await startConsole().getStartup()
    expect(startup).toMatchObject({ serverUrl: t.url, lastUsername: 'eric', session: null })
  })

  it('a regular user cannot sign in, is pointed to the web sign-in page, and nothing is remembered', async () => {
    const { t, tokens, preferences, startConsole, signInAs } = await setup()
    const h = startConsole()
    expect(await signInAs(h, { username: 'michelle', password: OTHER_PASSWORD })).toMatchObject({
      ok: false,
      error: {
        kind: 'not_an_admin',
        title: 'Only administrators can sign in to the admin console.',
        // Built from the address signed in to, not taken from the server's answer.
        webSignInUrl: `${new URL(t.url).origin}/login`,
      },
    })
    expect(await tokens.load(t.url, 'michelle')).toBeNull()
    expect(await preferences.read()).toEqual({})
    expect(await h.searchUsers({ q: '' })).toMatchObject({ ok: false, error: { kind: 'signed_out', title: 'Sign in first.' } })
  })

  it('a wrong password is "invalid"', async () => {
    const { startConsole, signInAs } = await setup()
    expect(await signInAs(startConsole(), { password: OTHER_PASSWORD })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
  })

  it('http:// to another computer is refused before anything is sent', async () => {
    const { preferences, startConsole, signInAs } = await setup()
    const result = await signInAs(startConsole(), { serverUrl: 'http://accounts.example.org' })
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { serverUrl: [expect.stringContaining('Use https://')] } },
    })
    expect(await preferences.read()).toEqual({})
  })

  it('with the "Keep me signed in" keychain unavailable: signed in all the same, not kept, and the admin is told', async () => {
    const { startConsole, signInAs } = await setup()
    const h = startConsole({ tokens: { unavailable: 'no Secret Service is running.' } })
    expect((await h.getStartup()).notices).toEqual(['"Keep me signed in" is not available: no Secret Service is running.'])
    expect(await signInAs(h)).toMatchObject({ ok: true, value: { kept: false } })
  })
})

describe("a locked server (the machine's configuration)", () => {
  it('refuses any other address', async () => {
    const { startConsole, signInAs, preferences } = await setup()
    const h = startConsole({ policy: { serverUrl: 'https://accounts.example.org', serverLocked: true } })
    expect(await h.getStartup()).toMatchObject({ serverUrl: 'https://accounts.example.org', serverLocked: true })
    expect(await signInAs(h)).toMatchObject({
      ok: false,
      error: {
        kind: 'forbidden',
        title: 'Your organisation set this console to use https://accounts.example.org.',
        fieldErrors: { serverUrl: [expect.any(String)] },
      },
    })
    expect(await preferences.read()).toEqual({})
  })

  it('signs in nowhere when the configuration was invalid (locked without an address)', async () => {
    const { t, startConsole, signInAs, preferences } = await setup()
    const h = startConsole({ policy: { serverUrl: undefined, serverLocked: true } })
    expect(await signInAs(h)).toMatchObject({ ok: false, error: { kind: 'forbidden', detail: 'Ask your IT department to correct it.' } })
    expect(await preferences.read()).toEqual({})
    expect(t.smtp.messages).toEqual([])
  })

  it('signs in to its own address, and does not restore a session kept for another', async () => {
    const { t, startConsole, signInAs } = await setup()
    expect((await signInAs(startConsole({ policy: { serverUrl: t.url, serverLocked: true } }))).ok).toBe(true)
    const elsewhere = startConsole({ policy: { serverUrl: 'https://accounts.example.org', serverLocked: true } })
    expect(await elsewhere.getStartup()).toMatchObject({ serverUrl: 'https://accounts.example.org', session: null })
  })
})

describe('sessions that end', () => {
  it('signing out deletes the kept token, and the server no longer takes it', async () => {
    const { t, tokens, preferences, startConsole, signInAs } = await setup()
    const h = startConsole()
    await signInAs(h)
    const token = await tokens.load(t.url, 'eric')
    expect(await h.signOut()).toEqual({ ok: true, value: null })
    expect(await tokens.load(t.url, 'eric')).toBeNull()
    expect(await new AdminApiClient(t.url, { token: token! }).currentSession()).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
    expect(await preferences.read()).toEqual({ serverUrl: t.url, username: 'eric', keepSignedIn: false })
    expect(await h.searchUsers({ q: '' })).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
    expect((await startConsole().getStartup()).session).toBeNull()
  })

  it('a session revoked on the server: the next call is "signed_out" and the keychain entry is gone', async () => {
    const { t, tokens, startConsole, signInAs, eric } = await setup()
    await t.createUser({ username: 'ann', role: 'admin' })
    const h = startConsole()
    await signInAs(h)
    const ann = new AdminApiClient(t.url)
    await signInWithCode(ann, t, 'ann', PASSWORD)
    expect(await ann.revokeSessions(eric.id)).toEqual({ ok: true, value: 1 })
    expect(await h.searchUsers({ q: '' })).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
    expect(await tokens.load(t.url, 'eric')).toBeNull()
    expect((await h.getStartup()).session).toBeNull()
  })

  it('a session revoked while the console was closed is not restored, and its token is deleted', async () => {
    const { t, tokens, startConsole, signInAs, eric } = await setup()
    await t.createUser({ username: 'ann', role: 'admin' })
    await signInAs(startConsole())
    const ann = new AdminApiClient(t.url)
    await signInWithCode(ann, t, 'ann', PASSWORD)
    await ann.revokeSessions(eric.id)
    expect(await startConsole().getStartup()).toMatchObject({ session: null, notices: [] })
    expect(await tokens.load(t.url, 'eric')).toBeNull()
  })

  it('a server that cannot be reached at start: not signed in, told why, and the token is kept for next time', async () => {
    const { t, tokens, startConsole, signInAs } = await setup()
    await signInAs(startConsole())
    await t.server.stop()
    const startup = await startConsole().getStartup()
    expect(startup.session).toBeNull()
    expect(startup.notices).toEqual([`You were not signed in again automatically: Cannot reach the server at ${t.url}.`])
    expect(await tokens.load(t.url, 'eric')).not.toBeNull()
  })
})

describe("someone guessing at the admin's username", () => {
  it('does not lock this console out: it signs in with the device token it keeps in the keychain', async () => {
    const { t, startConsole, signInAs, preferences } = await setup({ SIGN_IN_LIMIT_PER_ACCOUNT: '3' })
    const first = startConsole()
    expect((await signInAs(first, { keepSignedIn: false })).ok).toBe(true)
    await first.signOut()
    const device = await keychain.getPassword(DEVICE_KEYCHAIN_SERVICE, keychainAccount(t.url, 'eric'))
    expect(device).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/)
    expect(await preferencesText(preferences)).not.toContain(device!)

    const guess = (password: string) => new AdminApiClient(t.url).signIn('eric', password)
    for (let i = 0; i < 3; i++) expect((await guess('not the password at all')).ok).toBe(false)
    const locked = await guess(PASSWORD)
    expect(!locked.ok && locked.error.kind).toBe('throttled')

    // The next start of this console signs in all the same, and gets a new device token.
    const again = await signInAs(startConsole(), { keepSignedIn: false })
    expect(again.ok).toBe(true)
    expect(await keychain.getPassword(DEVICE_KEYCHAIN_SERVICE, keychainAccount(t.url, 'eric'))).not.toBe(device)
  })
})

describe("a user's More menu", () => {
  it('for someone invited: "Send invitation again…" emails a new link to the current address, and the old link stops working', async () => {
    const { t, admin, startConsole, signInAs } = await setup()
    const h = startConsole()
    await signInAs(h)
    const created = await h.createUser({
      username: 'newhire',
      displayName: 'New Hire',
      email: 'newhire@example.org',
      role: 'user',
      sendInvitation: true,
    })
    if (!created.ok) throw new Error(created.error.title)
    const invitation = (m: { to: string[]; subject: string }) =>
      m.to.includes('newhire@example.org') && m.subject === 'Your TextUp account is ready'
    const [first] = await t.smtp.waitFor(invitation)
    admin.willChoose('send-invitation')
    admin.willAnswer(true)
    expect(await h.openUserMoreMenu(created.value.id)).toEqual({
      ok: true,
      value: { action: 'invitation_sent', sentTo: 'newhire@example.org' },
    })
    expect(admin.labels(admin.menus[0])).toEqual(['Send invitation again…', 'Sign out of all sessions…', '—', 'Deactivate account…'])
    expect(admin.confirms[0]).toMatchObject({ message: 'Send a new invitation to newhire@example.org?', confirmLabel: 'Send Invitation' })
    const [, second] = await t.smtp.waitFor(invitation, 2)
    const open = (email: { links: string[] } | undefined) => {
      const link = new URL(email!.links.find((l) => l.includes('/welcome?token='))!)
      return new Browser(t.url).get(`${link.pathname}${link.search}`)
    }
    expect((await open(first)).status).toBe(410)
    expect((await open(second)).status).toBe(303)
  })

  it('offers the three actions; "Send password reset email…" names the address, and the email arrives', async () => {
    const { t, admin, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    admin.willChoose('send-reset')
    admin.willAnswer(true)
    expect(await h.openUserMoreMenu(michelle.id)).toEqual({
      ok: true,
      value: { action: 'password_reset_sent', sentTo: 'michelle@example.org' },
    })
    expect(admin.labels(admin.menus[0])).toEqual(['Send password reset email…', 'Sign out of all sessions…', '—', 'Deactivate account…'])
    expect(admin.confirms).toHaveLength(1)
    expect(admin.confirms[0]).toMatchObject({ message: 'Send a password reset email to michelle@example.org?', confirmLabel: 'Send Email' })
    expect(admin.confirms[0]?.detail).toContain('Michelle Obi (michelle)')
    expect(admin.confirms[0]?.destructive).toBeFalsy()
    const [email] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org') && m.subject === 'Reset your TextUp password')
    expect(email?.links.some((link) => link.includes('/reset-password?token='))).toBe(true)
  })

  it('cancelling the confirmation sends nothing', async () => {
    const { t, admin, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    admin.willChoose('send-reset')
    admin.willAnswer(false)
    expect(await h.openUserMoreMenu(michelle.id)).toEqual({ ok: true, value: { action: 'none' } })
    // Nothing was queued for Michelle, so nothing can be sent later either. (Eric's own email about
    // setting up his authenticator app, when the test made him, is all there is.)
    expect(
      await t.server.context.db.selectFrom('outbox').select('template').where('recipient', '=', 'michelle@example.org').execute(),
    ).toEqual([])
    expect(await t.server.context.db.selectFrom('outbox').select('template').execute()).toEqual([{ template: 'second-factor-changed' }])
    expect(t.smtp.to('michelle@example.org')).toEqual([])
  })

  it('dismissing the menu does nothing and asks nothing', async () => {
    const { admin, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    admin.willChoose(null)
    expect(await h.openUserMoreMenu(michelle.id)).toEqual({ ok: true, value: { action: 'none' } })
    expect(admin.confirms).toEqual([])
  })

  it('"Sign out of all sessions…" ends the user\'s browser sessions', async () => {
    const { t, admin, startConsole, signInAs, michelle } = await setup()
    const browser = await signedInBrowser(t, 'michelle', OTHER_PASSWORD)
    expect((await browser.get('/account')).status).toBe(200)
    const h = startConsole()
    await signInAs(h)
    admin.willChoose('revoke-sessions')
    admin.willAnswer(true)
    expect(await h.openUserMoreMenu(michelle.id)).toEqual({ ok: true, value: { action: 'sessions_revoked', sessionsEnded: 1 } })
    expect(admin.confirms[0]).toMatchObject({ message: 'Sign Michelle Obi out everywhere?', destructive: true })
    expect((await browser.get('/account')).status).not.toBe(200)
  })

  it('"Deactivate account…" after confirming; then the menu offers "Activate account", which needs no confirmation', async () => {
    const { t, admin, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    admin.willChoose('deactivate')
    admin.willAnswer(true)
    expect(await h.openUserMoreMenu(michelle.id)).toMatchObject({
      ok: true,
      value: { action: 'deactivated', user: { username: 'michelle', active: false } },
    })
    expect(admin.confirms[0]).toMatchObject({ message: "Deactivate Michelle Obi's account?", destructive: true })
    expect((await signIn(new Browser(t.url), 'michelle', OTHER_PASSWORD)).status).not.toBe(303)

    admin.willChoose('activate')
    expect(await h.openUserMoreMenu(michelle.id)).toMatchObject({
      ok: true,
      value: { action: 'activated', user: { username: 'michelle', active: true } },
    })
    expect(admin.labels(admin.menus[1])).toEqual([
      'Send password reset email… (disabled)',
      'Sign out of all sessions…',
      '—',
      'Activate account',
    ])
    expect(admin.confirms).toHaveLength(1)
    expect((await signIn(new Browser(t.url), 'michelle', OTHER_PASSWORD)).status).toBe(303)
  })

  it('cancelling "Deactivate account…" leaves the account active', async () => {
    const { admin, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    admin.willChoose('deactivate')
    admin.willAnswer(false)
    expect(await h.openUserMoreMenu(michelle.id)).toEqual({ ok: true, value: { action: 'none' } })
    expect(await h.getUser(michelle.id)).toMatchObject({ ok: true, value: { active: true } })
  })

  it('for a user that does not exist: "not_found", and no menu', async () => {
    const { admin, startConsole, signInAs } = await setup()
    const h = startConsole()
    await signInAs(h)
    expect(await h.openUserMoreMenu(randomUUID())).toMatchObject({ ok: false, error: { kind: 'not_found' } })
    expect(admin.menus).toEqual([])
  })
})

describe("removing a user's second factor (a lost phone)", () => {
  const REMOVED = 'The second factor of your TextUp account was removed'

  /** Sam has an authenticator app (and its ten recovery codes), and a password of his own. */
  async function withSam(env: Record<string, string> = {}) {
    const s = await setup(env)
    const sam = await s.t.createUser({ username: 'sam', displayName: 'Sam Reyes', password: NEW_PASSWORD, secondFactor: true })
    savedFor.push({ server: s.t.url, username: 'sam' })
    const h = s.startConsole()
    expect((await s.signInAs(h)).ok).toBe(true)
    return { ...s, sam, h }
  }

  it('the More menu offers "Remove second factor…" only for someone who has one, never for the admin themself', async () => {
    const { admin, h, michelle, sam, eric } = await withSam()
    admin.willChoose(null, null, null)
    for (const id of [michelle.id, sam.id, eric.id]) expect(await h.openUserMoreMenu(id)).toEqual({ ok: true, value: { action: 'none' } })
    const [forMichelle, forSam, forEric] = admin.menus.map(admin.labels)
    expect(forMichelle).toEqual(['Send password reset email…', 'Sign out of all sessions…', '—', 'Deactivate account…'])
    expect(forSam).toEqual(['Send password reset email…', 'Sign out of all sessions…', 'Remove second factor…', '—', 'Deactivate account…'])
    expect(forEric).toEqual(forMichelle)
  })

  it("chosen, it asks the renderer for the admin's password (no native dialog) and removes nothing yet", async () => {
    const { t, admin, h, sam } = await withSam()
    admin.willChoose('remove-second-factor')
    expect(await h.openUserMoreMenu(sam.id)).toEqual({
      ok: true,
      value: { action: 'second_factor_removal_asked', factors: { authenticator: true, passkeys: 0, recoveryCodesLeft: 10 } },
    })
    expect(admin.confirms).toEqual([])
    expect(await t.server.context.db.selectFrom('totp_factors').select('user_id').where('user_id', '=', sam.id).execute()).toHaveLength(1)
  })

  it("with Sam's password in the admin's field: refused, nothing removed, nobody told, the admin still signed in", async () => {
    const { t, admin, h, sam } = await withSam()
    const samsBrowser = await signedInBrowser(t, 'sam', NEW_PASSWORD)
    const samsEmails = () => t.server.context.db.selectFrom('outbox').select('id').where('recipient', '=', 'sam@example.org').execute()
    const before = await samsEmails()
    expect(await h.removeSecondFactor(sam.id, { adminPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      error: {
        kind: 'forbidden',
        title: 'That is not your password.',
        fieldErrors: { adminPassword: ['That is not the password of eric.'] },
      },
    })
    admin.willChoose(null)
    await h.openUserMoreMenu(sam.id)
    expect(admin.labels(admin.menus[0])).toContain('Remove second factor…')
    expect((await samsBrowser.get('/account')).status).toBe(200)
    expect(await samsEmails()).toEqual(before)
    const events = await h.listUserEvents(sam.id)
    expect(events.ok && events.value.events.map((event) => event.type)).not.toContain('second_factor_removed')
  })

  it("with the admin's own password: removed, audited with who did it, Sam emailed and signed out, and his password alone signs him in", async () => {
    const { t, admin, h, sam } = await withSam()
    const samsBrowser = await signedInBrowser(t, 'sam', NEW_PASSWORD)
    expect(await h.removeSecondFactor(sam.id, { adminPassword: PASSWORD })).toEqual({
      ok: true,
      value: { authenticator: true, passkeys: 0, recoveryCodes: 10, sessionsEnded: 1 },
    })
    expect((await samsBrowser.get('/account')).status).not.toBe(200)
    const [email] = await t.smtp.waitFor((m) => m.to.includes('sam@example.org') && m.subject === REMOVED)
    expect(email?.text).toContain('by an administrator (Eric Admin)')
    expect(t.smtp.to('sam@example.org').map((m) => m.subject)).toEqual([REMOVED])
    const events = await h.listUserEvents(sam.id)
    expect(events.ok && events.value.events.find((event) => event.type === 'second_factor_removed')).toMatchObject({
      label: 'Second factor removed by an admin',
      actor: { username: 'eric' },
      details: { by: 'admin', authenticator: true, passkeys: 0, recoveryCodes: 10, sessionsEnded: 1 },
    })
    expect(await signIn(new Browser(t.url), 'sam', NEW_PASSWORD)).toMatchObject({ status: 303, location: '/account' })

    // Nothing is left to remove: the menu no longer offers it, and a second try says so.
    admin.willChoose(null)
    await h.openUserMoreMenu(sam.id)
    expect(admin.labels(admin.menus[0])).not.toContain('Remove second factor…')
    expect(await h.removeSecondFactor(sam.id, { adminPassword: PASSWORD })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', title: 'This person has no second factor.', detail: 'There is nothing to remove.' },
    })
  })

  it('wrong passwords again and again: "throttled" with how long to wait, even for the right one', async () => {
    const { t, h, sam } = await withSam({ SIGN_IN_LIMIT_PER_ACCOUNT: '3' })
    for (let i = 0; i < 3; i++)
      expect(await h.removeSecondFactor(sam.id, { adminPassword: OTHER_PASSWORD })).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      })
    const throttled = await h.removeSecondFactor(sam.id, { adminPassword: PASSWORD })
    expect(throttled).toMatchObject({ ok: false, error: { kind: 'throttled', title: 'Too many wrong passwords.' } })
    expect(!throttled.ok && throttled.error.retryAfterSeconds).toBeGreaterThan(0)
    expect(await t.server.context.db.selectFrom('totp_factors').select('user_id').where('user_id', '=', sam.id).execute()).toHaveLength(1)
  })

  it('a session that ended is "signed_out" and ends here too; a server that is gone is "network"', async () => {
    const { t, h, sam, eric, signInAs } = await withSam()
    await t.createUser({ username: 'ann', role: 'admin' })
    const ann = new AdminApiClient(t.url)
    await signInWithCode(ann, t, 'ann', PASSWORD)
    expect(await ann.revokeSessions(eric.id)).toEqual({ ok: true, value: 1 })
    expect(await h.removeSecondFactor(sam.id, { adminPassword: PASSWORD })).toMatchObject({ ok: false, error: { kind: 'signed_out' } })
    expect((await h.getStartup()).session).toBeNull()

    expect((await signInAs(h)).ok).toBe(true)
    await t.server.stop()
    expect(await h.removeSecondFactor(sam.id, { adminPassword: PASSWORD })).toMatchObject({
      ok: false,
      error: { kind: 'network', title: `Cannot reach the server at ${t.url}.` },
    })
  })
})

describe("changing a user's password", () => {
  it("takes the admin's own password, and the user signs in with the new one", async () => {
    const { t, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    const result = await h.setUserPassword(michelle.id, {
      adminPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
      requireChangeAtNextSignIn: false,
    })
    expect(result).toEqual({ ok: true, value: null })
    expect((await signIn(new Browser(t.url), 'michelle', NEW_PASSWORD)).status).toBe(303)
    expect((await signIn(new Browser(t.url), 'michelle', OTHER_PASSWORD)).status).not.toBe(303)
  })

  it("refuses the user's old password in the admin's field, and changes nothing", async () => {
    const { t, startConsole, signInAs, michelle } = await setup()
    const h = startConsole()
    await signInAs(h)
    const result = await h.setUserPassword(michelle.id, {
      adminPassword: OTHER_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
      requireChangeAtNextSignIn: false,
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'forbidden',
        title: 'That is not your password.',
        fieldErrors: { adminPassword: ['That is not the password of eric.'] },
      },
    })
    // The admin is still signed in: a wrong confirmation is not a lost session.
    expect(await h.getUser(michelle.id)).toMatchObject({ ok: true })
    expect((await signIn(new Browser(t.url), 'michelle', OTHER_PASSWORD)).status).toBe(303)
  })
})

describe('assessPassword', () => {
  it("judges by the server's minimum length once signed in", async () => {
    const { startConsole, signInAs } = await setup({ PASSWORD_MIN_LENGTH: '20' })
    const h = startConsole()
    const candidate = 'velvet harbor dunes' // 19 characters
    expect(await h.assessPassword(candidate, {})).toMatchObject({ ok: true })
    expect(await signInAs(h)).toMatchObject({ ok: true, value: { passwordMinLength: 20 } })
    const assessed = await h.assessPassword(candidate, {})
    expect(assessed.ok).toBe(false)
    expect(assessed.problems.map((problem) => problem.code)).toContain('too_short')
    expect(await h.assessPassword('velvet harbor dunes at noon', { username: 'michelle' })).toMatchObject({ ok: true })
  })
})

describe('embedded mode', () => {
  /** Built by test/global-setup.ts before the tests run. */
  const ASSETS = fileURLToPath(new URL('../../dist/assets', import.meta.url))

  it('sets up the first admin, and a kept session survives restarting the console and its server', async () => {
    const admin = scriptedAdmin()
    const tokens = new TokenStore(keychain)
    const preferences = new PreferencesFile(userData)
    const dataDir = path.join(userData, 'server')
    const startConsole = (embedded: Awaited<ReturnType<typeof startEmbeddedServer>>) =>
      watched(
        createConsoleHandlers({
          ui: admin.ui,
          tokens,
          preferences,
          language: new ConsoleLanguage(() => ['en-US'], preferences),
          policy: { serverUrl: undefined, serverLocked: false },
          embedded,
          notices: [],
          platform: 'darwin',
        }),
      )

    const server = await startEmbeddedServer(dataDir, ASSETS)
    savedFor.push({ server: server.url, username: 'eric' })
    try {
      const h = startConsole(server)
      const startup = await h.getStartup()
      expect(startup).toMatchObject({
        serverUrl: server.url,
        embedded: { url: server.url, needsFirstAdmin: true },
        session: null,
        platform: 'darwin',
      })
      expect(startup.notices).toEqual([
        `This console runs its own TextUp server. It has no mail server: emails are saved as files in ${path.join(dataDir, 'outbox')}.`,
      ])
      const first = {
        username: 'eric',
        displayName: 'Eric Admin',
        email: 'eric@example.org',
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      }
      // MFA_REQUIRED_FOR_ADMINS: the console's own sign-in with the new account is refused until a
      // second factor is set up, so the first admin is sent to the account page, then signs in.
      const enrolUrl = `${server.url}/account/two-factor`
      expect(startup.embedded?.secondFactorRequiredForAdmins).toBe(true)
      expect(await h.createFirstAdmin(first)).toEqual({ ok: true, value: { step: 'sign_in', enrolUrl, problem: null } })
      expect((await h.getStartup()).session).toBeNull()
      expect(await h.createFirstAdmin({ ...first, username: 'mallory' })).toMatchObject({ ok: false, error: { kind: 'conflict' } })
      const request = { serverUrl: server.url, username: 'eric', password: NEW_PASSWORD, keepSignedIn: true }
      expect(await h.signIn(request)).toMatchObject({ ok: false, error: { kind: 'second_factor_setup_required', enrolUrl } })
      expect(await h.openEnrolmentPage()).toEqual({ ok: true, value: null })
      expect(admin.opened).toEqual([enrolUrl])
      const code = await enrolOnPages(server.url, 'eric', NEW_PASSWORD)
      expect(await h.signIn(request)).toMatchObject({
        ok: true,
        value: { step: 'second_factor', prompt: { username: 'eric', methods: ['totp', 'recovery_code'], recoveryCodesLeft: 10 } },
      })
      expect(await h.submitSecondFactor({ code: code() })).toMatchObject({
        ok: true,
        value: { admin: { kept: true }, recoveryCodesLeft: null },
      })
    } finally {
      await server.stop()
    }

    const restarted = await startEmbeddedServer(dataDir, ASSETS)
    try {
      const startup = await startConsole(restarted).getStartup()
      expect(startup).toMatchObject({
        serverUrl: restarted.url,
        embedded: { needsFirstAdmin: false },
        notices: [expect.stringContaining('runs its own TextUp server')],
      })
      expect(startup.session).toMatchObject({ serverUrl: restarted.url, user: { username: 'eric' }, kept: true })
    } finally {
      await restarted.stop()
    }
  })

  it('without the embedded server, the first admin is not set up from the console', async () => {
    const h = watched(
      createConsoleHandlers({
        ui: scriptedAdmin().ui,
        tokens: new TokenStore(keychain),
        preferences: new PreferencesFile(userData),
        language: new ConsoleLanguage(() => ['en-US'], new PreferencesFile(userData)),
        policy: { serverUrl: 'https://accounts.example.org', serverLocked: true },
        embedded: null,
        notices: [],
        platform: 'win32',
      }),
    )
    const first = {
      username: 'mallory',
      displayName: 'Mallory',
      email: 'mallory@example.org',
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    }
    expect(await h.createFirstAdmin(first)).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
  })
})
