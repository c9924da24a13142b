// Each account's preferred language: the language of the emails TextUp sends the person. Accounts
// made before languages existed get English, the language their emails were in until now.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('preferred_language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute()
}
