// Reading and creating accounts.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { usernameKey, type Role } from '../../src-shared/accounts'
import type { FieldErrors } from '../../src-shared/errors'
import type { Database, User } from '../db/schema'

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst()
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface NewAccount {
  username: string
  displayName: string
  email: string
  role: Role
  /** An argon2id hash, or null for an account whose owner will set a first password by invitation. */
  passwordHash: string | null
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; errors: FieldErrors }

export const USERNAME_TAKEN = 'That username is already taken.'

export async function insertUser(db: Kysely<Database>, account: NewAccount, now: Date): Promise<CreateUserResult> {
  const timestamp = now.toISOString()
  try {
    const user = await db
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: account.username,
        username_key: usernameKey(account.username),
        display_name: account.displayName,
        email: account.email,
        role: account.role,
        status: 'active',
        password_hash: account.passwordHash,
        password_changed_at: account.passwordHash ? timestamp : null,
        last_sign_in_at: null,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return { ok: true, user }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { username: [USERNAME_TAKEN] } }
    throw error
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}
