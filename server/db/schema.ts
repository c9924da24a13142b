// Row types of every table, as Kysely sees them. Timestamps are ISO 8601 strings in UTC
// (`Date#toISOString`), which sort and compare correctly as text in SQLite and PostgreSQL alike.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { Role } from '../../src-shared/accounts'
import type { LOCALES } from '../../src-shared/i18n/locales'
export type UserStatus = 'active' | 'deactivated'

export interface UsersTable {
  id: string
  username: string
  /** Lower-cased username: what makes usernames unique regardless of case. */
  username_key: string
  display_name: string
  email: string
  role: Role
  status: UserStatus
  /** The language of the person's emails (one of LOCALES). */
  preferred_language: ColumnType<(typeof LOCALES)[number], (typeof LOCALES)[number] | undefined, (typeof LOCALES)[number]>
  /** argon2id PHC string; null until the person sets a first password (an invitation). */
  password_hash: string | null
  password_changed_at: string | null
  /** Goes up by one each time the password is set: sessions made for an older one are dead. */
  password_generation: Generated<number>
  /** 1 when the next browser sign-in must go to "choose a new password" first. */
  must_change_password: Generated<number>
  last_sign_in_at: string | null
  created_at: string
  updated_at: string
  /** Key of the row in the users_search full-text index; set by a trigger. */
  search_key: Generated<number | null>
}

export type SessionKind = 'browser' | 'api'

/**
 * How a session was signed in: a password alone, a password and a second factor, or a passkey
 * (which stands for both: something the person has, unlocked by something they know or are).
 */
export type SignInMethod = 'password' | 'password+totp' | 'password+recovery_code' | 'password+passkey' | 'passkey'

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the client's cookie or memory. */
  token_hash: string
  user_id: string
  kind: SessionKind
  created_at: string
  last_seen_at: string
  /** Absolute expiry; idle expiry is last_seen_at plus the configured idle time. */
  expires_at: string
  client_address: string | null
  user_agent: string | null
  /** The account's password generation the sign-in verified; the session dies when it moves on. */
  password_generation: number
  sign_in_method: ColumnType<SignInMethod, SignInMethod | undefined, SignInMethod>
  /** The challenge of a passkey being added in this session (browser), and when it was made. */
  passkey_challenge: ColumnType<string | null, string | null | undefined, string | null>
  passkey_challenge_at: ColumnType<string | null, string | null | undefined, string | null>
}

export interface TotpFactorsTable {
  user_id: string
  /** The shared secret, encrypted (accounts/factor-keys.ts). */
  secret: string
  created_at: string
  /** Null until the person confirmed the enrolment with a first code. */
  confirmed_at: string | null
  /** The newest time-step (30 s) a code was accepted for: codes of it and before are refused. */
  last_step: Generated<number>
}

export interface RecoveryCodesTable {
  id: Generated<number>
  user_id: string
  /** HMAC-SHA256 of the code under a server secret (accounts/recovery-codes.ts). */
  code_hash: string
  created_at: string
  used_at: string | null
}

export interface WebauthnCredentialsTable {
  /** The credential id, base64url. */
  id: string
  user_id: string
  /** The COSE public key, base64url. */
  public_key: string
  /** The signature counter (PostgreSQL's bigint comes back as text). */
  counter: ColumnType<number | string, number, number>
  /** JSON array of transports the authenticator said it uses, for the browser's hints. */
  transports: string | null
  name: string
  created_at: string
  last_used_at: string | null
}

/** A sign-in half done: the password is checked and a second factor is awaited, or a passkey sign-in has begun. */
export interface SignInChallengesTable {
  /** SHA-256 of the challenge token; the token lives only in a cookie or the API client's memory. */
  token_hash: string
  /** Null for a passkey sign-in, which learns who it is from the passkey. */
  user_id: string | null
  kind: SessionKind
  /** The password generation the first step verified; null for a passkey sign-in. */
  password_generation: number | null
  /** The WebAuthn challenge offered with it, for a passkey. */
  webauthn_challenge: string | null
  created_at: string
  expires_at: string
  used_at: string | null
}

export type ResetTokenPurpose = 'reset' | 'invitation'

export interface PasswordResetTokensTable {
  /** SHA-256 of the token in the emailed link. */
  token_hash: string
  user_id: string
  purpose: ResetTokenPurpose
  created_at: string
  expires_at: string
  used_at: string | null
  /** Set when the token died unused because the password was set another way. */
  revoked_at: string | null
  /** The address the link was emailed to: the link is refused once the account's address differs. */
  email: string | null
}

/** Forgot-password submissions waiting for the worker: looked up off the request path. */
export interface ResetRequestsTable {
  id: Generated<number>
  username_key: string
  client_address: string | null
  requested_at: string
}

export interface ThrottleCountersTable {
  key: string
  window_started_at: string
  count: number
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled'

export interface OutboxTable {
  id: Generated<number>
  template: string
  user_id: string | null
  recipient: string
  /** JSON with what the template needs; never a secret (reset links are minted at delivery). */
  payload: string
  created_at: string
  status: OutboxStatus
  attempts: Generated<number>
  next_attempt_at: string
  /** A worker that claimed the message owns it until then; a crashed worker's claim runs out. */
  locked_until: string | null
  last_error: string | null
  sent_at: string | null
}

export interface AuditEventsTable {
  id: Generated<number>
  occurred_at: string
  type: string
  user_id: string | null
  /** The username as typed or as it was at the time: kept even if the account goes away. */
  username: string | null
  actor_id: string | null
  actor_username: string | null
  client_address: string | null
  details: string | null
}

/** The FTS5 trigram index over username, name and email (see migration 0002). */
export interface UsersSearchTable {
  rowid: number
  text: string
}

export interface SettingsTable {
  key: string
  value: string
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  password_reset_tokens: PasswordResetTokensTable
  reset_requests: ResetRequestsTable
  throttle_counters: ThrottleCountersTable
  outbox: OutboxTable
  audit_events: AuditEventsTable
  settings: SettingsTable
  users_search: UsersSearchTable
  totp_factors: TotpFactorsTable
  recovery_codes: RecoveryCodesTable
  webauthn_credentials: WebauthnCredentialsTable
  sign_in_challenges: SignInChallengesTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Session = Selectable<SessionsTable>
export type TotpFactor = Selectable<TotpFactorsTable>
export type WebauthnCredential = Selectable<WebauthnCredentialsTable>
export type SignInChallenge = Selectable<SignInChallengesTable>
export type OutboxMessage = Selectable<OutboxTable>
export type AuditEvent = Selectable<AuditEventsTable>
// Re-exported so callers can describe columns without importing kysely directly.
export type { ColumnType }
