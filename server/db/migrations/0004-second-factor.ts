// A second factor: authenticator apps (TOTP, RFC 6238) with recovery codes, and passkeys (WebAuthn).
//
// totp_factors holds one authenticator per person, its secret encrypted (accounts/factor-keys.ts)
// and the last time-step it accepted, so a code is used once (`… where last_step < :step`). A row
// without confirmed_at is an enrolment that has not been confirmed with a first code yet.
// recovery_codes are kept as keyed hashes and used once (`… where used_at is null`).
// sign_in_challenges are the half-done sign-ins between the password and the second factor (and
// passkey sign-ins): stored hashed, short-lived, used up once by the step that creates the session,
// which still holds the account at the password generation the first step verified.
// A session records how it was signed in (sign_in_method), and a browser session may hold the
// challenge of a passkey being added to the account.
import { type Kysely } from 'kysely'
import { engineOf } from '../engine'

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = engineOf(db) === 'postgres'
  const numberedId = postgres ? ('serial' as const) : ('integer' as const)
  // WebAuthn signature counters are unsigned 32-bit numbers: more than PostgreSQL's integer holds.
  const counter = postgres ? ('bigint' as const) : ('integer' as const)

  await db.schema
    .createTable('totp_factors')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', numberedId, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema.createIndex('recovery_codes_by_user').on('recovery_codes').column('user_id').execute()

  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', counter, (c) => c.notNull())
    .addColumn('transports', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute()
  await db.schema.createIndex('webauthn_credentials_by_user').on('webauthn_credentials').column('user_id').execute()

  await db.schema
    .createTable('sign_in_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('password_generation', 'integer')
    .addColumn('webauthn_challenge', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()

  // Sessions from before: signed in with a password alone.
  await db.schema
    .alterTable('sessions')
    .addColumn('sign_in_method', 'text', (c) => c.notNull().defaultTo('password'))
    .execute()
  await db.schema.alterTable('sessions').addColumn('passkey_challenge', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('passkey_challenge_at', 'text').execute()
}
