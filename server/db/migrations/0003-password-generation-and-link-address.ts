// Closes two account-takeover holes that lived between requests.
//
// password_generation counts the passwords an account has had. A session or API token records the
// generation it was created for, and is worth nothing once the account's generation has moved on:
// a sign-in that verified the old password while it was being changed cannot leave a live session.
//
// A reset or invitation link records the address it was emailed to, and is refused once that is no
// longer the account's address: a link sent to a mistyped mailbox dies when the address is fixed.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('sessions')
    .addColumn('password_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('password_reset_tokens').addColumn('email', 'text').execute()
  // Links already out were sent to the address the account has now, or were revoked since.
  await sql`update password_reset_tokens set email = (select email from users where users.id = password_reset_tokens.user_id)`.execute(db)
}
