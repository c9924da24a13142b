// Finding accounts by username, name or email, a page at a time in username order.
//
// Three characters or more match anywhere, through the trigram index (migration 0002). When a
// search matches a large share of all accounts, walking the username index and testing each row
// finds a page sooner than sorting every match. Both plans must find the same accounts.
// - SQLite: a quick, capped count of index matches picks the plan. The walk tests rows with LIKE,
//   which ignores the case of ASCII letters only, while the index ignores the case of every letter
//   ("émile" finds "Émile"): so a search with other letters always takes the index.
// - PostgreSQL: the walk comes first, and when it does not fill the page, every match is taken from
//   the trigram index, then sorted; when the walk found at least one match in a hundred rows, a
//   longer walk is tried first, since that density predicts it costs less. The plan is chosen here, not left to the planner: it counts the
//   lower-casing of each row as nearly free, so for a rare text at 1,000,000 accounts it chose to
//   walk the whole username index (1–9 s) rather than ask the trigram index (a few ms).
// Pages continue after the last username of the previous page (keyset pagination), so deep pages
// cost the same as the first and concurrent changes never shift results between pages. The cursor
// carries the filters (role, status) too, and is refused under others.
// Filters are part of each plan's row test (the walk's, the index's, the prefix range's): no index
// serves them, since a role or status alone rarely narrows 1,000,000 accounts enough to pay for one.
// The first page also says how many accounts match (search-count.ts), counted up to a cap.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { usernameKey } from '../../src-shared/accounts'
import { engineOf } from '../db/engine'
import type { Database, User } from '../db/schema'
import {
  both,
  contains,
  countMatches,
  filterCondition,
  isAscii,
  isRoleFilter,
  isStatusFilter,
  MIN_TRIGRAM_LENGTH,
  phrase,
  postgresContains,
  sqliteIndexKey,
  type Condition,
  type MatchCount,
  type UserFilters,
} from './search-count'

/** Above this many trigram matches, the username-order walk is worth trying first. */
export const DENSE_MATCHES = 5000
/** Usernames the walk tests before it gives up and asks the index. */
export const WALK_ROWS = 1000
/**
 * PostgreSQL: usernames a second, longer walk tests when the first found at least one match in a
 * hundred but not a page. At that density the index plan would read and sort some 10,000 matches
 * at 1,000,000 accounts (about 10 µs each, 100 ms) where this walk costs about 2 µs a row (20 ms);
 * rarer matches are cheaper to sort than to walk to.
 */
export const LONG_WALK_ROWS = 10_000
const LONG_WALK_MIN_MATCHES = WALK_ROWS / 100

export interface UserSearch extends UserFilters {
  q?: string | undefined
  limit: number
  cursor?: string | undefined
}

export type UserSearchResult =
  { ok: true; users: User[]; nextCursor: string | null; total?: MatchCount } | { ok: false; reason: 'bad_cursor' | 'other_filters' }

export async function searchUsers(db: Kysely<Database>, search: UserSearch): Promise<UserSearchResult> {
  const filters: UserFilters = { role: search.role, status: search.status }
  const cursor = search.cursor === undefined ? { after: '', filters } : decodeCursor(search.cursor)
  if (cursor === undefined) return { ok: false, reason: 'bad_cursor' }
  if (cursor.filters.role !== filters.role || cursor.filters.status !== filters.status) return { ok: false, reason: 'other_filters' }
  const text = search.q?.trim().normalize('NFKC') ?? ''
  const result = await findPage(db, cursor.after, text, filters, search.limit)
  // Only the first page counts: later pages would recount the same matches for nothing.
  if (search.cursor !== undefined) return result
  return { ...result, total: await countMatches(db, text, filters) }
}

async function findPage(
  db: Kysely<Database>,
  after: string,
  text: string,
  filters: UserFilters,
  pageSize: number,
): Promise<{ ok: true; users: User[]; nextCursor: string | null }> {
  const page = (rows: User[]) => toPage(rows, pageSize, filters)
  const filter = filterCondition(filters)
  const limit = pageSize + 1
  let query = db.selectFrom('users').selectAll().orderBy('username_key').limit(limit)
  if (filter) query = query.where(filter)
  if (text.length > 0 && [...text].length < MIN_TRIGRAM_LENGTH) {
    const prefix = usernameKey(text)
    // One lower bound only: given two, SQLite starts the index range at the first and filters by the other.
    query = (after >= prefix ? query.where('username_key', '>', after) : query.where('username_key', '>=', prefix)).where(
      'username_key',
      '<',
      `${prefix}\uffff`,
    )
    return page(await query.execute())
  }
  query = query.where('username_key', '>', after)
  if (text.length > 0 && engineOf(db) === 'postgres') return page(await searchPostgres(db, after, text, filter, limit))
  if (text.length > 0) {
    // An address's domain is shared by most accounts: look up its selective part, up to the @,
    // in the index, then check the whole text on the rows found.
    const key = sqliteIndexKey(text)
    if (isAscii(key) && (await isDense(db, key))) {
      const walked = await walkUsernames(db, after, both(contains(text), filter), limit, WALK_ROWS)
      if (walked.length === limit) return page(walked)
    }
    query = whereIndexedMatch(query, key)
    if (key !== text) query = query.where(contains(text))
  }
  return page(await query.execute())
}

/**
 * Matches of a common text among the next `rows` usernames in order. Fewer than the page are not
 * all there are: matches may cluster in one part of the alphabet, and then the index plan is the
 * faster one after all.
 */
async function walkUsernames(db: Kysely<Database>, after: string, matches: Condition, limit: number, rows: number): Promise<User[]> {
  const walked = db.selectFrom('users').selectAll().where('username_key', '>', after).orderBy('username_key').limit(rows).as('walked')
  return db.selectFrom(walked).selectAll().where(matches).orderBy('username_key').limit(limit).execute()
}

/**
 * PostgreSQL: the walks, then the trigram index. The matches' ids and usernames are gathered in a
 * materialized CTE (which the planner cannot turn back into a walk of the username index), only the
 * page's rows are read whole.
 */
async function searchPostgres(
  db: Kysely<Database>,
  after: string,
  text: string,
  filter: Condition | undefined,
  limit: number,
): Promise<User[]> {
  const matches = both(postgresContains(text), filter)
  const walked = await walkUsernames(db, after, matches, limit, WALK_ROWS)
  if (walked.length === limit) return walked
  if (walked.length >= LONG_WALK_MIN_MATCHES) {
    const longer = await walkUsernames(db, after, matches, limit, LONG_WALK_ROWS)
    if (longer.length === limit) return longer
  }
  return db
    .with(
      (cte) => cte('matches').materialized(),
      (q) => q.selectFrom('users').select(['id', 'username_key']).where('username_key', '>', after).where(matches),
    )
    .selectFrom('users')
    .selectAll('users')
    .where('id', 'in', (q) => q.selectFrom('matches').select('id').orderBy('username_key').limit(limit))
    .orderBy('username_key')
    .execute()
}

function toPage(rows: User[], limit: number, filters: UserFilters) {
  const users = rows.slice(0, limit)
  const last = users.at(-1)
  return { ok: true as const, users, nextCursor: rows.length > limit && last ? encodeCursor(last.username_key, filters) : null }
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

function encodeCursor(afterUsernameKey: string, filters: UserFilters): string {
  return Buffer.from(JSON.stringify({ after: afterUsernameKey, role: filters.role, status: filters.status })).toString('base64url')
}

function decodeCursor(cursor: string): { after: string; filters: UserFilters } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { after, role, status } = parsed as { after?: unknown; role?: unknown; status?: unknown }
    if (typeof after !== 'string' || !isRoleFilter(role) || !isStatusFilter(status)) return undefined
    return { after, filters: { role, status } }
  } catch {
    return undefined
  }
}
