// The user search's filters (role, status) and its count of matching accounts, with the text tests
// the search's plans share.
//
// The count runs on the first page of every search, and the console searches as the admin types:
// it must stay cheap at 1,000,000 accounts. Counting every match of a common text ("example")
// reads every match, so the count stops at COUNT_CAP and then says "more than".
import { sql, type Kysely } from 'kysely'
import { usernameKey } from '../../src-shared/accounts'
import { USER_COUNT_CAP } from '../../src-shared/api'
import { engineOf } from '../db/engine'
import type { Database } from '../db/schema'
import { POSTGRES_SEARCH_TEXT } from '../db/search-text'

/**
 * The most matches a search counts (defined in the API contract, which states it). Measured on
 * SQLite with 100,000 synthetic accounts on this shared 2-core machine (medians): counting
 * "example" (every account) up to 10,000 takes 11 ms, "ple." 2 ms, "smith" (7,152 matches) 2 ms,
 * beside 10, 8 and 29 ms for the page itself; a count costs in proportion to the matches it reads,
 * so a higher cap would cost more on every keystroke, and beyond 10,000 an admin narrows the search
 * rather than scrolls. Every account, unfiltered, is counted exactly: SQLite and PostgreSQL count a
 * table without testing rows (0.03 ms at 100,000 on SQLite).
 * A filter that keeps few accounts (role=admin: 200 of 100,000) is read row by row, as no index
 * serves it: 72 ms to count and 220 ms for the page at 100,000 accounts.
 */
export const COUNT_CAP = USER_COUNT_CAP
export const MIN_TRIGRAM_LENGTH = 3

export type RoleFilter = 'admin' | 'user'
/** Invited: active, and no password chosen yet. Active: active with a password. The three do not overlap. */
export type StatusFilter = 'active' | 'invited' | 'deactivated'
export interface UserFilters {
  role?: RoleFilter | undefined
  status?: StatusFilter | undefined
}

/** How many accounts match: `count`, or more than it when `atLeast` (the count stopped at COUNT_CAP). */
export interface MatchCount {
  count: number
  atLeast: boolean
}

export type Condition = ReturnType<typeof sql<boolean>>

export function isRoleFilter(value: unknown): value is RoleFilter | undefined {
  return value === undefined || value === 'admin' || value === 'user'
}

export function isStatusFilter(value: unknown): value is StatusFilter | undefined {
  return value === undefined || value === 'active' || value === 'invited' || value === 'deactivated'
}

/** The filters as one condition on a users row, or undefined for none. */
export function filterCondition(filters: UserFilters): Condition | undefined {
  const parts: Condition[] = []
  if (filters.role) parts.push(sql<boolean>`role = ${filters.role}`)
  if (filters.status === 'deactivated') parts.push(sql<boolean>`status = 'deactivated'`)
  if (filters.status === 'active') parts.push(sql<boolean>`(status = 'active' and password_hash is not null)`)
  if (filters.status === 'invited') parts.push(sql<boolean>`(status = 'active' and password_hash is null)`)
  return parts.length === 0 ? undefined : sql<boolean>`(${sql.join(parts, sql` and `)})`
}

export function both(a: Condition, b: Condition | undefined): Condition {
  return b === undefined ? a : sql<boolean>`(${a} and ${b})`
}

export function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text)
}

/** An FTS5 phrase: the text taken literally, whatever quotes or operators it holds. */
export function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/** A LIKE pattern for the text anywhere, its wildcards taken literally (escaped with a backslash). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** SQLite: the text anywhere in the username, name or email (LIKE: case-insensitive for ASCII, as the index is). */
export function contains(text: string): Condition {
  const pattern = likePattern(text)
  return sql<boolean>`(username like ${pattern} escape '\\' or display_name like ${pattern} escape '\\' or email like ${pattern} escape '\\')`
}

/** PostgreSQL: the text anywhere in the username, name or email, through the trigram index's expression. */
export function postgresContains(text: string): Condition {
  return sql<boolean>`${POSTGRES_SEARCH_TEXT} like ${likePattern(text.toLowerCase())} escape '\\'`
}

/** The SQLite index's key for a text: an address's selective part, up to the @ (the domain is shared by most). */
export function sqliteIndexKey(text: string): string {
  const at = text.indexOf('@')
  return isAscii(text) && at >= MIN_TRIGRAM_LENGTH ? text.slice(0, at + 1) : text
}

/** How many accounts a search (trimmed, normalized text) finds, counted up to `cap`. */
export async function countMatches(db: Kysely<Database>, text: string, filters: UserFilters, cap = COUNT_CAP): Promise<MatchCount> {
  const filter = filterCondition(filters)
  const and = (condition: Condition | undefined) => (condition === undefined ? sql`` : sql` and ${condition}`)
  if (text.length === 0 && filter === undefined) {
    // Every account: exact, and cheap (see COUNT_CAP).
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from users`.execute(db)
    return { count: Number(rows[0]?.n ?? 0), atLeast: false }
  }
  let matches
  if (text.length === 0) {
    matches = sql`select 1 from users where ${filter}`
  } else if ([...text].length < MIN_TRIGRAM_LENGTH) {
    const prefix = usernameKey(text)
    matches = sql`select 1 from users where username_key >= ${prefix} and username_key < ${`${prefix}\uffff`}${and(filter)}`
  } else if (engineOf(db) === 'postgres') {
    matches = sql`select 1 from users where ${both(postgresContains(text), filter)}`
  } else {
    // The index leads (cross join keeps it outer), so the count stops after COUNT_CAP of its matches.
    const key = sqliteIndexKey(text)
    const more = key === text ? filter : both(contains(text), filter)
    matches = sql`select 1 from users_search cross join users on users.search_key = users_search.rowid
      where users_search match ${phrase(key)}${and(more)}`
  }
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from (${matches} limit ${cap + 1}) as matches`.execute(db)
  const count = Number(rows[0]?.n ?? 0)
  return count > cap ? { count: cap, atLeast: true } : { count, atLeast: false }
}
