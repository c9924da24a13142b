// Finding accounts by username, name or email, a page at a time in username order.
//
// Three characters or more match anywhere, through the trigram index (migration 0002). When a
// search matches a large share of all accounts, walking the username index and testing each row
// finds a page sooner than sorting every match; a quick, capped count picks the faster plan.
// Both plans must find the same accounts. The walk tests rows with LIKE, which ignores the case of
// ASCII letters only, while the index ignores the case of every letter ("émile" finds "Émile"):
// so a search with other letters always takes the index.
// Pages continue after the last username of the previous page (keyset pagination), so deep pages
// cost the same as the first and concurrent changes never shift results between pages.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { usernameKey } from '../../src-shared/accounts'
import type { Database, User } from '../db/schema'

/** Above this many trigram matches, the username-order walk is the faster plan. */
const DENSE_MATCHES = 2000
const MIN_TRIGRAM_LENGTH = 3

export interface UserSearch {
  q?: string | undefined
  limit: number
  cursor?: string | undefined
}

export type UserSearchResult = { ok: true; users: User[]; nextCursor: string | null } | { ok: false; reason: 'bad_cursor' }

export async function searchUsers(db: Kysely<Database>, search: UserSearch): Promise<UserSearchResult> {
  const after = search.cursor === undefined ? '' : decodeCursor(search.cursor)
  if (after === undefined) return { ok: false, reason: 'bad_cursor' }
  const text = search.q?.trim().normalize('NFKC') ?? ''

  let query = db.selectFrom('users').selectAll().where('username_key', '>', after).orderBy('username_key').limit(search.limit + 1)
  if (text.length > 0 && [...text].length < MIN_TRIGRAM_LENGTH) {
    const prefix = usernameKey(text)
    query = query.where('username_key', '>=', prefix).where('username_key', '<', `${prefix}\uffff`)
  } else if (text.length > 0) {
    query = isAscii(text) && (await isDense(db, text)) ? whereContains(query, text) : whereIndexedMatch(query, text)
  }
  const rows = await query.execute()
  const users = rows.slice(0, search.limit)
  const last = users.at(-1)
  return { ok: true, users, nextCursor: rows.length > search.limit && last ? encodeCursor(last.username_key) : null }
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text)
}

/** An FTS5 phrase: the text taken literally, whatever quotes or operators it holds. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

async function isDense(db: Kysely<Database>, text: string): Promise<boolean> {
  const { rows } = await sql<{ matches: number }>`
    select count(*) as matches from (select rowid from users_search where users_search match ${phrase(text)} limit ${DENSE_MATCHES + 1})
  `.execute(db)
  return (rows[0]?.matches ?? 0) > DENSE_MATCHES
}

type UserQuery = SelectQueryBuilder<Database, 'users', User>

function whereIndexedMatch(query: UserQuery, text: string): UserQuery {
  return query.where('search_key', 'in', sql<number>`(select rowid from users_search where users_search match ${phrase(text)})`)
}

function whereContains(query: UserQuery, text: string): UserQuery {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return query.where((eb) =>
    eb.or(
      (['username', 'display_name', 'email'] as const).map((column) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`),
    ),
  )
}

function encodeCursor(afterUsernameKey: string): string {
  return Buffer.from(JSON.stringify({ after: afterUsernameKey })).toString('base64url')
}

function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    const after = (parsed as { after?: unknown } | null)?.after
    return typeof after === 'string' ? after : undefined
  } catch {
    return undefined
  }
}
