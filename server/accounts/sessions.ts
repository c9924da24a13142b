// Sessions of signed-in people: browser cookies and API bearer tokens alike. Only a hash of each
// token is stored; a session ends at its absolute expiry, after being idle too long, or when it is
// ended (sign-out, password change, deactivation, "sign out everywhere"). Each session belongs to
// the password generation its sign-in verified, and is dead once the account's password changes,
// even if it was created after the change by a sign-in that verified the old password.
import type { Kysely } from 'kysely'
import { addMinutes } from '../clock'
import type { Actor, AppContext, Client } from '../context'
import type { Database, SessionKind, SignInMethod, User } from '../db/schema'
import { recordEvent } from './audit'
import { hashToken, newToken, TOKEN_PATTERN } from './secrets'

/** last_seen_at is written at most this often, so reading a page is not a database write each time. */
const TOUCH_INTERVAL_MS = 60_000

export interface StartedSession {
  token: string
  expiresAt: Date
}

export function sessionLifetimeMinutes(ctx: AppContext, kind: SessionKind): number {
  return kind === 'browser' ? ctx.config.sessionMaxHours * 60 : ctx.config.apiTokenTtlHours * 60
}

export async function startSession(
  ctx: AppContext,
  db: Kysely<Database>,
  user: Pick<User, 'id' | 'password_generation'>,
  kind: SessionKind,
  client: Client,
  /** How the person proved who they are: the session keeps it (re-authentication asks for two factors). */
  method: SignInMethod,
): Promise<StartedSession> {
  const token = newToken()
  const now = ctx.clock()
  const expiresAt = addMinutes(now, sessionLifetimeMinutes(ctx, kind))
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      kind,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      client_address: client.address,
      user_agent: client.userAgent?.slice(0, 512) ?? null,
      password_generation: user.password_generation,
      sign_in_method: method,
    })
    .execute()
  return { token, expiresAt }
}

export interface ActiveSession {
  tokenHash: string
  kind: SessionKind
  expiresAt: Date
  /** How this session was signed in. */
  signInMethod: SignInMethod
  user: User
}

/**
 * The live session a token belongs to, or undefined. Expired sessions are deleted on sight;
 * sessions of deactivated accounts do not count.
 */
export async function findSession(ctx: AppContext, token: string, kind: SessionKind): Promise<ActiveSession | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined
  const tokenHash = hashToken(token)
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.kind as session_kind',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
      'sessions.password_generation as session_password_generation',
      'sessions.sign_in_method as session_sign_in_method',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!row || row.session_kind !== kind) return undefined

  const now = ctx.clock()
  const lastSeen = new Date(row.session_last_seen_at)
  const idleLimit = addMinutes(lastSeen, ctx.config.sessionIdleMinutes)
  const expiresAt = new Date(row.session_expires_at)
  const passwordChangedSince = row.session_password_generation !== row.password_generation
  if (now >= expiresAt || now >= idleLimit || passwordChangedSince) {
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
    return undefined
  }
  if (row.status !== 'active') return undefined
  if (now.getTime() - lastSeen.getTime() >= TOUCH_INTERVAL_MS) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute()
  }
  const { session_kind, session_last_seen_at, session_expires_at, session_password_generation, session_sign_in_method, ...user } = row
  return { tokenHash, kind: session_kind, expiresAt, signInMethod: session_sign_in_method, user }
}

/** The person behind a session, as an admin acting on someone else's account. */
export function actorOf(session: ActiveSession): Actor {
  return { id: session.user.id, username: session.user.username, displayName: session.user.display_name }
}

/** The person signs out: this session ends (the browser's or the API token), and the log says so. */
export async function signOut(ctx: AppContext, session: ActiveSession, client: Client): Promise<void> {
  await endSession(ctx.db, session.tokenHash)
  await recordEvent(ctx.db, { type: 'signed_out', user: session.user, client, details: { via: session.kind } }, ctx.clock())
}

export async function endSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

/** Ends every session of a person, in every browser and every API client. Returns how many. */
export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Ends every session of a person but one (the one they are using). Returns how many ended. */
export async function endOtherSessions(db: Kysely<Database>, userId: string, keepTokenHash: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', keepTokenHash).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function pruneSessions(db: Kysely<Database>, now: Date, idleMinutes: number): Promise<void> {
  const idleBefore = addMinutes(now, -idleMinutes).toISOString()
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleBefore)]))
    .execute()
}
