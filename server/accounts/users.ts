// Reading and creating accounts.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { usernameKey, type Role } from '../../src-shared/accounts'
import type { FieldMessages } from '../../src-shared/errors'
import { msg } from '../../src-shared/i18n/translator'
import type { PasswordContext } from '../../src-shared/password-policy'
import type { Database, User, UserUpdate } from '../db/schema'

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst()
}

/** What a new password of this person must not be built from (the password policy's context words). */
export function passwordContextOf(user: Pick<User, 'username' | 'display_name' | 'email'>): PasswordContext {
  return { username: user.username, displayName: user.display_name, email: user.email }
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** What an account must still be for a transaction to go on with what it checked earlier. */
export interface AccountExpectation {
  active?: true
  /** The password generation a password check verified. */
  passwordGeneration?: number
  /** The address a link was emailed to. */
  email?: string
  role?: Role
}

/**
 * Holds an account for the rest of the transaction, if it is still as `expected`, applying
 * `changes` at the same time; false if it is not (or is gone). It is a write, so SQLite takes its
 * write lock and PostgreSQL the row's lock: a password change, an address change or a deactivation
 * either committed before (and this sees it) or waits until this transaction ends. Checking with a
 * plain read would leave a window between the read and the commit for another process to use.
 */
export async function holdAccount(
  db: Kysely<Database>,
  userId: string,
  expected: AccountExpectation,
  changes: UserUpdate = {},
): Promise<boolean> {
  let update = db
    .updateTable('users')
    // Without changes, the row is written as it is: still a write, so still a lock.
    .set(Object.keys(changes).length > 0 ? changes : { status: sql<'active'>`status` })
    .where('id', '=', userId)
  if (expected.active) update = update.where('status', '=', 'active')
  if (expected.passwordGeneration !== undefined) update = update.where('password_generation', '=', expected.passwordGeneration)
  if (expected.email !== undefined) update = update.where('email', '=', expected.email)
  if (expected.role !== undefined) update = update.where('role', '=', expected.role)
  const result = await update.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface NewAccount {
  username: string
  displayName: string
  email: string
  role: Role
  /** An argon2id hash, or null for an account whose owner will set a first password by invitation. */
  passwordHash: string | null
  /** The language of the person's emails. */
  preferredLanguage: User['preferred_language']
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; errors: FieldMessages }

export const USERNAME_TAKEN = msg('api.account.usernameTaken')

/**
 * Inserts the account, unless its username is taken in any case. The unique key decides, so of two
 * creations at once exactly one wins; ON CONFLICT rather than a caught error, because an error
 * would end a PostgreSQL transaction the caller may be in.
 */
export async function insertUser(db: Kysely<Database>, account: NewAccount, now: Date): Promise<CreateUserResult> {
  const timestamp = now.toISOString()
  const user = await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      username: account.username,
      username_key: usernameKey(account.username),
      display_name: account.displayName,
      email: account.email,
      role: account.role,
      preferred_language: account.preferredLanguage,
      status: 'active',
      password_hash: account.passwordHash,
      password_changed_at: account.passwordHash ? timestamp : null,
      last_sign_in_at: null,
      created_at: timestamp,
      updated_at: timestamp,
    })
    .onConflict((conflict) => conflict.column('username_key').doNothing())
    .returningAll()
    .executeTakeFirst()
  return user ? { ok: true, user } : { ok: false, errors: { username: [USERNAME_TAKEN] } }
}
