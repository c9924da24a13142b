// Server-wide secrets kept in the database, so every process sharing it agrees on them.
import { randomBytes } from 'node:crypto'
import type { DB } from './db/database'

/** The named secret, created at first use. Concurrent first uses converge on one value. */
export async function loadSecret(db: DB, key: string): Promise<Buffer> {
  await db
    .insertInto('settings')
    .values({ key, value: randomBytes(32).toString('base64') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute()
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()
  return Buffer.from(row.value, 'base64')
}
