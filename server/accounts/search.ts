// Finding accounts by username, name or email, a page at a time in username order.
//
// Three characters or more match anywhere, through the trigram index (migration 0002). On SQLite,
// when a search matches a large share of all accounts, walking the username index and testing each
// row finds a page sooner than sorting every match; a quick, capped count picks the faster plan.
// PostgreSQL's planner makes that choice itself, from its statistics of the trigram index.
// Both plans must find the same accounts. The walk tests rows with LIKE, which ignores the case of
// ASCII letters only, while the index ignores the case of every letter ("émile" finds "Émile"):
// so a search with other letters always takes the index.
// Pages continue after the last username of the previous page (keyset pagination), so deep pages
// cost the same as the first and concurrent changes never shift results between pages.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { usernameKey } from '../../src-shared/accounts'
import { engineOf } from '../db/engine'
import type { Database, User } from '../db/schema'
import { POSTGRES_SEARCH_TEXT } from '../db/search-text'

/** Above this many trigram matches, the username-order walk is worth trying first. */
export const DENSE_MATCHES = 5000
/** Usernames the walk tests before it gives up and asks the index. */
export const WALK_ROWS = 1000
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

  const limit = search.limit + 1
  let query = db.selectFrom('users').selectAll().orderBy('username_key').limit(limit)
  if (text.length > 0 && [...text].length < MIN_TRIGRAM_LENGTH) {
    const prefix = usernameKey(text)
    // One lower bound only: given two, SQLite starts the index range at the first and filters by the other.
    query = (after >= prefix ? query.where('username_key', '>', after) : query.where('username_key', '>=', prefix)).where(
      'username_key',
      '<',
      `${prefix}\uffff`,
    )
    return page(await query.execute(), search.limit)
  }
  query = query.where('username_key', '>', after)
  if (text.length > 0 && engineOf(db) === 'postgres') {
    return page(
      await query.where(sql<boolean>`${POSTGRES_SEARCH_TEXT} like ${likePattern(text.toLowerCase())} escape '\\'`).execute(),
      search.limit,
    )
  }
  if (text.length > 0) {
    // An address's domain is shared by most accounts: look up its selective part, up to the @,
    // in the index, then check the whole text on the rows found.
    const at = text.indexOf('@')
    const key = isAscii(text) && at >= MIN_TRIGRAM_LENGTH ? text.slice(0, at + 1) : text
    if (isAscii(key) && (await isDense(db, key))) {
      const walked = await walkUsernames(db, after, text, limit)
      if (walked) return page(walked, search.limit)
    }
    query = whereIndexedMatch(query, key)
    if (key !== text) query = query.where(contains(text))
  }
  return page(await query.execute(), search.limit)
}

/**
 * Matches of a common text among the next usernames in order, or undefined when those hold too
 * few to fill the page: matches may cluster in one part of the alphabet, and then the index plan
 * is the faster one after all.
 */
async function walkUsernames(db: Kysely<Database>, after: string, text: string, limit: number): Promise<User[] | undefined> {
  const walked = db.selectFrom('users').selectAll().where('username_key', '>', after).orderBy('username_key').limit(WALK_ROWS).as('walked')
  const rows = await db.selectFrom(walked).selectAll().where(contains(text)).orderBy('username_key').limit(limit).execute()
  return rows.length === limit ? rows : undefined
}

function page(rows: User[], limit: number): UserSearchResult {
  const users = rows.slice(0, limit)
  const last = users.at(-1)
  return { ok: true, users, nextCursor: rows.length > limit && last ? encodeCursor(last.username_key) : null }
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

/** A LIKE pattern for the text anywhere, its wildcards taken literally (escaped with a backslash). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The text anywhere in the username, name or email (LIKE: case-insensitive for ASCII, as the index is). */
function contains(text: string) {
  const pattern = likePattern(text)
  return sql<boolean>`(username like ${pattern} escape '\\' or display_name like ${pattern} escape '\\' or email like ${pattern} escape '\\')`
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
