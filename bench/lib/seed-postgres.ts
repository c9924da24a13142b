// Fills the benchmark's PostgreSQL database with the same accounts as bench/lib/seed.ts does SQLite's
// (the server is not running): multi-row inserts of 5,000 rows each (unnest of arrays), in one
// transaction. The trigram search index is the one the migrations created, kept up by PostgreSQL
// as rows arrive; then VACUUM ANALYZE, as autovacuum would leave a table that size.
import { randomUUID } from 'node:crypto'
import { usernameKey } from '../../src-shared/accounts'
import { withClient } from './postgres'
import { hashPrefix, type SeededUser, type SeedResult } from './seed'

const BATCH = 5_000

export async function seedPostgres(url: string, admin: SeededUser, people: SeededUser[], passwordHash: string): Promise<SeedResult> {
  const insertMs = await insertUsers(
    url,
    [{ ...admin, role: 'admin' }, ...people.map((p) => ({ ...p, role: 'user' }))],
    passwordHash,
    people.length + 1,
  )
  return { admin, users: people, hashPrefix: hashPrefix(passwordHash), insertMs }
}

/** Adds more staff to a seeded database (the large search measure); returns how long it took. */
export async function addPeoplePostgres(url: string, people: SeededUser[], passwordHash: string, total: number): Promise<number> {
  return insertUsers(
    url,
    people.map((p) => ({ ...p, role: 'user' })),
    passwordHash,
    total,
  )
}

async function insertUsers(url: string, rows: Array<SeededUser & { role: string }>, passwordHash: string, total: number): Promise<number> {
  return withClient(url, async (client) => {
    const now = new Date().toISOString()
    const started = performance.now()
    await client.query('begin')
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH)
      await client.query(
        `insert into users (id, username, username_key, display_name, email, role, status, password_hash, password_changed_at,
                            must_change_password, last_sign_in_at, created_at, updated_at)
         select id, username, username_key, display_name, email, role, 'active', $7, $8, 0, null, $8, $8
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(id, username, username_key, display_name, email, role)`,
        [
          batch.map(() => randomUUID()),
          batch.map((p) => p.username),
          batch.map((p) => usernameKey(p.username)),
          batch.map((p) => p.displayName),
          batch.map((p) => p.email),
          batch.map((p) => p.role),
          passwordHash,
          now,
        ],
      )
    }
    await client.query('commit')
    const insertMs = performance.now() - started
    await client.query('vacuum analyze users')
    const { rows: counts } = await client.query<{ n: string; indexed: boolean }>(
      "select count(*) as n, exists (select 1 from pg_indexes where tablename = 'users' and indexname = 'users_search_trigrams') as indexed from users",
    )
    const count = Number(counts[0]?.n)
    if (count !== total || !counts[0]?.indexed)
      throw new Error(`Seeding left ${count} users, not ${total}${counts[0]?.indexed ? '' : ', and no search index'}`)
    return insertMs
  })
}
