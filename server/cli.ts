// `npm run cli -- …`: operator commands on the database in DATA_DIR. Emails the commands queue
// (invitations, reset links, "password changed") go out through the server's mail worker, now if
// it is running or as soon as it starts.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { displayNameSchema, emailSchema, preferredLanguageSchema, usernameSchema } from '../src-shared/accounts'
import { translateFields, type FieldMessages } from '../src-shared/errors'
import { LOCALES } from '../src-shared/i18n/locales'
import { translator } from '../src-shared/i18n/translator'
import { createAccount, setPasswordFor, updateAccount } from './accounts/admin'
import { sendInvitationAgain, sendPasswordResetEmail } from './accounts/admin-emails'
import { searchUsers } from './accounts/search'
import { removeSecondFactorAsOperator } from './accounts/second-factor-removal'
import { findUserByUsername } from './accounts/users'
import { ConfigError, loadConfig } from './config'
import type { Actor, AppContext, Client } from './context'
import { backupDatabase } from './db/backup'
import { createLogger } from './log'
import { withOfflineContext } from './offline-context'
import type { User } from './db/schema'
import { readSecret } from './cli-input'
import { DB_HELP, DbUsageError, runDbCommand } from './cli-db'

const HELP = `TextUp operator commands

Usage: npm run cli -- <command> [options]

  user create --username U --email E [--name N] [--admin] [--language L] (--password-stdin | --invite)
      Create an account. --password-stdin reads the password from standard input (a prompt
      without echo when it is a terminal); --invite emails a link to choose one instead.
      --language is the language of the person's emails (${LOCALES.join(', ')}; default DEFAULT_LANGUAGE).
  user list [--search TEXT] [--limit N]
      List accounts (username, name, email, role, status, last sign-in), optionally filtered.
  user set-password --username U --password-stdin [--require-change]
      Set a password. Ends the person's sessions and emails them that it changed.
  user send-reset --username U
      Email the person a password reset link.
  user send-invitation --username U
      Email an invited person (no password yet) a new invitation link; earlier links stop working.
  user remove-second-factor --username U
      For someone who lost their phone and recovery codes (the last admin, say): remove their
      authenticator app, passkeys and recovery codes, end their sessions and email them.
  user deactivate --username U      Deactivate an account and end its sessions.
  user activate --username U        Activate a deactivated account.
  backup --to FILE                  Copy the SQLite database consistently, even while the server runs
                                    (on PostgreSQL, use pg_dump: see docs/it-deployment.md).
${DB_HELP}  help                              Show this text.

The database is the one the server uses: DATABASE_URL, else the SQLite file in DATA_DIR (default ./data).
`

/** The operator at the command line, as audit events and emails name them. */
const OPERATOR: Actor = { id: null, username: 'operator', displayName: 'a system operator' }
const CLIENT: Client = { address: null, userAgent: 'textup-cli' }

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    process.stdout.write(HELP)
    return 0
  }
  if (group === 'backup') return backup([command, ...rest].filter((arg): arg is string => arg !== undefined))
  if (group === 'db') return runDbCommand(command, rest)
  if (group !== 'user' || !command) throw new UsageError(`Unknown command "${argv.join(' ')}".`)

  return withOfflineContext(loadConfig(), createLogger('warn'), (ctx) => runUserCommand(ctx, command, rest))
}

async function backup(args: string[]): Promise<number> {
  const { values } = parse(args, { to: { type: 'string' } })
  if (!values.to) throw new UsageError('Give the backup file with --to, such as --to /var/backups/textup-2026-11-27.sqlite.')
  const config = loadConfig()
  if (config.databaseUrl) throw new UsageError('backup copies the SQLite database; on PostgreSQL use pg_dump (docs/it-deployment.md).')
  const report = await backupDatabase(config.dataDir, path.resolve(values.to))
  console.log(`Backed up ${report.users} account(s) to ${report.file} (${report.bytes} bytes); integrity check passed.`)
  return 0
}

async function runUserCommand(ctx: AppContext, command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'create': {
      const { values } = parse(args, {
        username: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        admin: { type: 'boolean' },
        'password-stdin': { type: 'boolean' },
        invite: { type: 'boolean' },
        language: { type: 'string' },
      })
      if (Boolean(values['password-stdin']) === Boolean(values.invite))
        throw new UsageError('Give exactly one of --password-stdin or --invite.')
      const input = z
        .object({
          username: usernameSchema,
          email: emailSchema,
          name: displayNameSchema.optional(),
          language: preferredLanguageSchema.optional(),
        })
        .safeParse({ username: values.username, email: values.email, name: values.name, language: values.language })
      if (!input.success)
        return reportFieldErrors(Object.fromEntries(input.error.issues.map((issue) => [String(issue.path[0]), [{ issue }]])))
      const password = values['password-stdin'] ? await readSecret('Password for the new account: ') : undefined
      const result = await createAccount(
        ctx,
        {
          username: input.data.username,
          email: input.data.email,
          displayName: input.data.name ?? input.data.username,
          role: values.admin ? 'admin' : 'user',
          preferredLanguage: input.data.language,
          password: password === undefined ? undefined : { newPassword: password, newPasswordConfirmation: password },
          invite: Boolean(values.invite),
        },
        OPERATOR,
        CLIENT,
      )
      if (!result.ok) return reportFieldErrors(result.errors)
      console.log(`Created ${result.user.role} ${result.user.username} (${result.user.email}), id ${result.user.id}.`)
      if (values.invite) console.log(`An invitation email is queued for ${result.user.email}.`)
      if (result.user.role === 'admin' && ctx.config.mfaRequiredForAdmins) console.log(secondFactorNote(ctx, result.user.username))
      return 0
    }
    case 'list': {
      const { values } = parse(args, { search: { type: 'string' }, limit: { type: 'string' } })
      const limit = values.limit === undefined ? 100 : Number(values.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000) throw new UsageError('--limit must be a whole number from 1 to 10000.')
      const found = await searchUsers(ctx.db, { q: values.search, limit })
      const users = found.ok ? found.users : []
      if (users.length === 0) {
        console.log(
          values.search
            ? `No account matches "${values.search}".`
            : 'There are no accounts yet. Create one with: npm run cli -- user create …',
        )
        return 0
      }
      printTable(
        ['USERNAME', 'NAME', 'EMAIL', 'ROLE', 'STATUS', 'LAST SIGN-IN'],
        users.map((u) => [u.username, u.display_name, u.email, u.role, u.status, u.last_sign_in_at ?? 'never']),
      )
      if (found.ok && found.nextCursor) console.log(`(first ${limit} shown; use --limit or --search for others)`)
      return 0
    }
    case 'set-password': {
      const { values } = parse(args, {
        username: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'require-change': { type: 'boolean' },
      })
      if (!values['password-stdin']) throw new UsageError('set-password reads the password from standard input: add --password-stdin.')
      const user = await requireUser(ctx, values.username)
      const password = await readSecret(`New password for ${user.username}: `)
      const result = await setPasswordFor(
        ctx,
        user,
        { newPassword: password, newPasswordConfirmation: password, requireChangeAtNextSignIn: Boolean(values['require-change']) },
        OPERATOR,
        CLIENT,
      )
      if (!result.ok) return reportFieldErrors(result.errors)
      console.log(`Password of ${user.username} set. Their sessions have ended and an email tells them.`)
      return 0
    }
    case 'send-reset': {
      const { values } = parse(args, { username: { type: 'string' } })
      const user = await requireUser(ctx, values.username)
      const result = await sendPasswordResetEmail(ctx, user, OPERATOR, CLIENT)
      if (!result.ok) {
        console.error(
          result.reason === 'inactive'
            ? `${user.username} is deactivated: activate the account first.`
            : `Too many reset emails for ${user.username} lately. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`,
        )
        return 1
      }
      console.log(`A password reset email for ${user.username} is queued to ${result.recipient}.`)
      return 0
    }
    case 'send-invitation': {
      const { values } = parse(args, { username: { type: 'string' } })
      const user = await requireUser(ctx, values.username)
      const result = await sendInvitationAgain(ctx, user, OPERATOR, CLIENT)
      if (!result.ok) {
        const refusals = {
          inactive: `${user.username} is deactivated: activate the account first.`,
          has_password: `${user.username} has already chosen a password: use "user send-reset" instead.`,
          throttled: `Too many invitations for ${user.username} lately. Try again in ${Math.ceil(('retryAfterSeconds' in result ? result.retryAfterSeconds : 0) / 60)} minutes.`,
        }
        console.error(refusals[result.reason])
        return 1
      }
      console.log(`An invitation for ${user.username} is queued to ${result.recipient}.`)
      return 0
    }
    case 'remove-second-factor': {
      const { values } = parse(args, { username: { type: 'string' } })
      const user = await requireUser(ctx, values.username)
      const removed = await removeSecondFactorAsOperator(ctx, user, OPERATOR, CLIENT)
      if (!removed) {
        console.error(`${user.username} has no second factor.`)
        return 1
      }
      const what = [
        removed.authenticator ? 'the authenticator app' : '',
        removed.passkeys ? `${removed.passkeys} passkey(s)` : '',
        `${removed.recoveryCodes} recovery code(s)`,
      ]
      console.log(
        `Removed ${what.filter(Boolean).join(', ')} of ${user.username}; ${removed.sessionsEnded} session(s) ended. An email tells them.`,
      )
      if (user.role === 'admin' && ctx.config.mfaRequiredForAdmins) console.log(secondFactorNote(ctx, user.username))
      return 0
    }
    case 'deactivate':
    case 'activate': {
      const { values } = parse(args, { username: { type: 'string' } })
      const user = await requireUser(ctx, values.username)
      const status = command === 'activate' ? 'active' : 'deactivated'
      const result = await updateAccount(ctx, user, { status }, OPERATOR, CLIENT)
      if (!result.ok) return reportFieldErrors(result.errors)
      console.log(`${user.username} is now ${status}.`)
      return 0
    }
    default:
      throw new UsageError(`Unknown command "user ${command}".`)
  }
}

/** What an admin must do before the console or the API lets them in (MFA_REQUIRED_FOR_ADMINS). */
function secondFactorNote(ctx: AppContext, username: string): string {
  return `Admins must sign in with a second factor: ${username} first signs in at ${new URL('/login', ctx.publicUrl).href} in a web browser and sets up an authenticator app (or a passkey) there. Until then the console and the API refuse ${username}.`
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

async function requireUser(ctx: AppContext, username: string | undefined): Promise<User> {
  if (!username) throw new UsageError('Give the account with --username.')
  const user = await findUserByUsername(ctx.db, username)
  if (!user) throw new UsageError(`There is no account with the username "${username}".`)
  return user
}

/** The CLI is for IT and speaks English. */
function reportFieldErrors(errors: FieldMessages): number {
  for (const [field, messages] of Object.entries(translateFields(translator('en'), errors)))
    for (const message of messages) console.error(`${field}: ${message}`)
  return 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof DbUsageError) {
      console.error(`${error.message}\nRun "npm run cli -- help" for the commands.`)
      process.exit(64)
    }
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
