// The operator CLI as an operator runs it: a separate process on DATA_DIR, the password piped on
// standard input, exit codes a script can rely on (0 done, 1 refused, 2 bad configuration, 64 usage).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../server/db/database'
import { createLogger } from '../../server/log'
import { Browser } from '../helpers/browser'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, PASSWORD, signIn, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { databaseUrlFor } from '../helpers/postgres'
import { removeDataDir, tempDataDir } from '../helpers/test-server'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const start = useTestServers()

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

let dataDir: string
/** The database of dataDir when the suites run on PostgreSQL; the CLI is told it as the server is. */
let databaseUrl: string | undefined
beforeEach(async () => {
  dataDir = await tempDataDir()
  databaseUrl = await databaseUrlFor(dataDir)
  // Migrated once here: several CLI processes starting together on an empty folder would race to
  // create the schema (see the report on concurrent first starts).
  const { db } = openDatabase({ dataDir, databaseUrl, databasePoolSize: 1 }, createLogger('silent'))
  await migrateToLatest(db)
  await db.destroy()
})
afterEach(async () => {
  await removeDataDir(dataDir)
})

/** Runs `node --import tsx server/cli.ts …` with only DATA_DIR (and PATH) in its environment. */
function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

const create = (username: string, password: string, ...extra: string[]) =>
  cli(['user', 'create', '--username', username, '--email', `${username}@example.org`, '--password-stdin', ...extra], {
    input: `${password}\n`,
  })

// Each command is a fresh Node process (about a second each, more when the machine is busy).
describe('the operator CLI', { timeout: 60_000 }, () => {
  it('creates an account with a password piped on standard input, never echoing it, and the person can sign in', async () => {
    const created = await create('ann', PASSWORD, '--name', 'Ann Lee', '--admin')
    expect(created).toMatchObject({ code: 0, stderr: '' })
    expect(created.stdout).toMatch(/^Created admin ann \(ann@example\.org\), id [0-9a-f-]{36}\.\n/)
    // The first admin is told what the console will ask of them (MFA_REQUIRED_FOR_ADMINS).
    expect(created.stdout).toMatch(
      /\nAdmins must sign in with a second factor: ann first signs in at http:\/\/localhost:8080\/login in a web browser and sets up an authenticator app \(or a passkey\) there\. Until then the console and the API refuse ann\.\n$/,
    )
    expect(created.stdout + created.stderr).not.toContain(PASSWORD)

    const listed = await cli(['user', 'list'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/ann.*Ann Lee.*ann@example\.org.*admin.*active.*never/)

    // The trailing newline from the pipe is not part of the password.
    const t = await start({ dataDir })
    expect((await signIn(new Browser(t.url), 'ann', PASSWORD)).location).toBe('/account')
    expect((await signIn(new Browser(t.url), 'ann', `${PASSWORD}\n`)).status).toBe(401)
  })

  it('refuses a password the policy refuses, with exit code 1 and the reason, and creates nothing', async () => {
    const [refused, personal] = await Promise.all([
      create('ann', 'password'),
      cli(['user', 'create', '--username', 'michelle.obi', '--email', 'mobi@example.org', '--password-stdin'], {
        input: 'michelle.obi michelle.obi',
      }),
    ])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('This is one of the most commonly used passwords')
    expect(refused.stderr).toContain('Use at least 15 characters')
    expect(refused.stdout).toBe('')
    expect(personal.code).toBe(1)
    expect(personal.stderr).toContain('Do not build your password from your username')
    const t = await start({ dataDir })
    expect(await t.server.context.db.selectFrom('users').selectAll().execute()).toEqual([])
  })

  it('refuses a duplicate username whatever its case, and bad account details', async () => {
    const t = await start({ dataDir })
    await t.createUser({ username: 'ann' })
    const [duplicate, badEmail, badName] = await Promise.all([
      create('ANN', PASSWORD),
      cli(['user', 'create', '--username', 'bob', '--email', 'not-an-email', '--password-stdin'], { input: PASSWORD }),
      cli(['user', 'create', '--username=bob smith!', '--email', 'bob@example.org', '--password-stdin'], { input: PASSWORD }),
    ])
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toContain('That username is already taken.')
    expect(badEmail.code).toBe(1)
    expect(badEmail.stderr).toContain('email: Enter an email address')
    expect(badName.code).toBe(1)
    expect(badName.stderr).toContain('username: Use letters, digits')
    expect(await t.server.context.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'ann' }])
  })

  it('lists and searches accounts', async () => {
    const t = await start({ dataDir })
    await t.createUser({ username: 'ann', displayName: 'Ann Lee' })
    await t.createUser({ username: 'bob', displayName: 'Bob Stone' })
    const [all, search, none, badLimit] = await Promise.all([
      cli(['user', 'list']),
      cli(['user', 'list', '--search', 'stone']),
      cli(['user', 'list', '--search', '100%_sure']),
      cli(['user', 'list', '--limit', 'lots']),
    ])
    expect(all.stdout).toContain('ann@example.org')
    expect(all.stdout).toContain('bob@example.org')
    expect(search.stdout).toContain('bob@example.org')
    expect(search.stdout).not.toContain('ann@example.org')
    expect(none).toMatchObject({ code: 0, stdout: 'No account matches "100%_sure".\n' })
    expect(badLimit.code).toBe(64)
  })

  it('sets a password: sessions end, the person is told, and a change can be required at next sign-in', async () => {
    const t = await start({ dataDir })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = new Browser(t.url)
    expect((await signIn(browser, 'ann', PASSWORD)).location).toBe('/account')

    const set = await cli(['user', 'set-password', '--username', 'ann', '--password-stdin', '--require-change'], {
      input: `${NEW_PASSWORD}\n`,
    })
    expect(set.code).toBe(0)
    expect(set.stdout).toContain('Password of ann set.')
    expect(set.stdout + set.stderr).not.toContain(NEW_PASSWORD)
    expect((await browser.get('/account')).location).toBe('/login')
    // The CLI queued the email; the running server's worker delivers it.
    const [notice] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'), 1, 15_000)
    expect(notice?.subject).toBe('Your TextUp password was changed')
    expect(notice?.text).toContain('by a system operator')
    expect((await signIn(new Browser(t.url), 'ann', NEW_PASSWORD)).location).toBe('/account/new-password')

    const weak = await cli(['user', 'set-password', '--username', 'ann', '--password-stdin'], { input: 'ann ann ann ann' })
    expect(weak.code).toBe(1)
    expect(weak.stderr).toContain('newPassword:')
    const [noStdin, unknown] = await Promise.all([
      cli(['user', 'set-password', '--username', 'ann']),
      cli(['user', 'set-password', '--username', 'nobody', '--password-stdin'], { input: NEW_PASSWORD }),
    ])
    expect(noStdin.code).toBe(64)
    expect(unknown.code).toBe(64)
    expect(unknown.stderr).toContain('There is no account with the username "nobody"')
  })

  it('sends an invitation again, only to someone who has no password yet; the earlier link stops working', async () => {
    const t = await start({ dataDir })
    await t.createUser({ username: 'ann' })
    expect((await cli(['user', 'create', '--username', 'newhire', '--email', 'newhire@example.org', '--invite'])).code).toBe(0)
    const invitation = (m: { to: string[]; subject: string }) =>
      m.to.includes('newhire@example.org') && m.subject === 'Your TextUp account is ready'
    const [first] = await t.smtp.waitFor(invitation, 1, 15_000)

    const again = await cli(['user', 'send-invitation', '--username', 'newhire'])
    expect(again).toMatchObject({ code: 0, stdout: 'An invitation for newhire is queued to newhire@example.org.\n' })
    const [, second] = await t.smtp.waitFor(invitation, 2, 15_000)
    const linkOf = (m: { links: string[] } | undefined) => new URL(m!.links.find((l) => l.includes('/welcome?token='))!)
    expect((await new Browser(t.url).get(`/welcome${linkOf(first).search}`)).status).toBe(410)
    expect((await new Browser(t.url).get(`/welcome${linkOf(second).search}`)).status).toBe(303)

    const hasPassword = await cli(['user', 'send-invitation', '--username', 'ann'])
    expect(hasPassword.code).toBe(1)
    expect(hasPassword.stderr).toContain('use "user send-reset" instead')
  })

  it('creates an account whose emails are in the --language given, and refuses a language TextUp does not speak', async () => {
    const t = await start({ dataDir })
    const [german, french] = await Promise.all([
      cli(['user', 'create', '--username', 'greta', '--email', 'greta@example.org', '--invite', '--language', 'de']),
      cli(['user', 'create', '--username', 'pierre', '--email', 'pierre@example.org', '--invite', '--language', 'fr']),
    ])
    // What the operator reads stays English; the person's email is German.
    expect(german).toMatchObject({ code: 0, stderr: '' })
    expect(german.stdout).toContain('An invitation email is queued for greta@example.org.')
    expect(french).toMatchObject({ code: 1, stdout: '', stderr: 'language: preferredLanguage must be one of: en, de.\n' })
    expect(await t.server.context.db.selectFrom('users').select(['username', 'preferred_language']).execute()).toEqual([
      { username: 'greta', preferred_language: 'de' },
    ])
    const [invitation] = await t.smtp.waitFor((m) => m.to.includes('greta@example.org'), 1, 15_000)
    expect(invitation?.subject).toBe('Ihr TextUp-Konto ist bereit')
    expect(invitation?.text).toContain('Ein Systembetreiber hat ein TextUp-Konto für Sie angelegt (Benutzername: greta).')
  })

  it('deactivates and activates accounts, but never the last active admin', async () => {
    const t = await start({ dataDir })
    await t.createUser({ username: 'ann', role: 'admin' })
    await t.createUser({ username: 'bob' })
    const [last, deactivated] = await Promise.all([
      cli(['user', 'deactivate', '--username', 'ann']),
      cli(['user', 'deactivate', '--username', 'bob']),
    ])
    expect(last.code).toBe(1)
    expect(last.stderr).toContain('This is the last active admin.')
    expect(deactivated).toMatchObject({ code: 0, stdout: 'bob is now deactivated.\n' })
    const statuses = async () => t.server.context.db.selectFrom('users').select(['username', 'status']).orderBy('username').execute()
    expect(await statuses()).toEqual([
      { username: 'ann', status: 'active' },
      { username: 'bob', status: 'deactivated' },
    ])
    expect((await signIn(new Browser(t.url), 'bob', PASSWORD)).status).toBe(403)
    expect((await cli(['user', 'activate', '--username', 'bob'])).code).toBe(0)
    expect((await signIn(new Browser(t.url), 'bob', PASSWORD)).location).toBe('/account')
  })

  it('removes the second factor of someone who lost it (the last admin, say), ends their sessions and tells them', async () => {
    const t = await start({ dataDir })
    const ann = await t.createUser({ username: 'ann', role: 'admin' })
    const browser = await signedInBrowser(t, 'ann')
    const removed = await cli(['user', 'remove-second-factor', '--username', 'ann'])
    expect(removed.code).toBe(0)
    expect(removed.stdout).toMatch(
      /^Removed the authenticator app, 10 recovery code\(s\) of ann; 1 session\(s\) ended\. An email tells them\.\nAdmins must sign in with a second factor/,
    )
    expect((await browser.get('/account')).location).toBe('/login')
    expect(await t.server.context.db.selectFrom('totp_factors').selectAll().execute()).toEqual([])
    // Ann signs in with her password, and must set up a new one before going on.
    const again = new Browser(t.url)
    expect((await signIn(again, 'ann', PASSWORD)).location).toBe('/account')
    expect((await again.get('/account')).location).toBe('/account/two-factor')
    const [event] = await auditEvents(t.server.context.db, 'second_factor_removed')
    expect(event).toMatchObject({ user_id: ann.id, actor_id: null, actor_username: 'operator' })
    expect(event?.parsed).toMatchObject({ by: 'operator', authenticator: true, recoveryCodes: 10, sessionsEnded: 1 })
    await t.smtp.waitFor(
      (m) =>
        m.to.includes('ann@example.org') &&
        m.subject === 'The second factor of your TextUp account was removed' &&
        m.text.includes('by a system operator'),
    )
    const nothing = await cli(['user', 'remove-second-factor', '--username', 'ann'])
    expect(nothing).toMatchObject({ code: 1, stderr: 'ann has no second factor.\n' })
  })

  it('exits 64 on a usage mistake, 2 on a bad configuration, 0 for help', async () => {
    const [unknownGroup, unknownCommand, badOption, noUsername, both, badConfig, help] = await Promise.all([
      cli(['frobnicate']),
      cli(['user', 'frobnicate']),
      cli(['user', 'list', '--colour']),
      cli(['user', 'deactivate']),
      cli(['user', 'create', '--username', 'ann', '--email', 'ann@example.org', '--password-stdin', '--invite'], { input: PASSWORD }),
      cli(['user', 'list'], { env: { PORT: 'eighty', PUBLIC_URL: 'ftp://x' } }),
      cli(['help']),
    ])
    for (const [label, result] of Object.entries({ unknownGroup, unknownCommand, badOption, noUsername, both })) {
      expect(result.code, label).toBe(64)
      expect(result.stderr, label).toContain('Run "npm run cli -- help" for the commands.')
    }
    expect(unknownGroup.stderr).toContain('Unknown command "frobnicate".')
    expect(badConfig.code).toBe(2)
    expect(badConfig.stderr).toContain('PORT must be a whole number')
    expect(badConfig.stderr).toContain('PUBLIC_URL must be an http:// or https:// address')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('user create --username U --email E')
  })
})
