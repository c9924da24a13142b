// What the domain and the HTTP layer tell the metrics, in the product's words, and the no-op for
// a server without METRICS_PORT and for the CLI. The Prometheus side is in prometheus.ts, loaded
// only when the metrics are on.
//
// Every label value is a word from the small closed sets below or a route template
// (/api/users/:id): nothing a client or a user typed (a username, an email address, a path that may
// hold a reset link's token) ever becomes a label, so nothing personal or secret reaches a scrape.
import type { SessionKind } from '../db/schema'
import type { Logger } from '../log'
import type { OutboxBacklog } from '../mail/outbox'

// Every label's values, listed so that each series can exist (at 0) from the first scrape.
/** Why a sign-in failed: the reasons its audit event gives. */
export const SIGN_IN_FAILURES = [
  'throttled',
  'unknown_username',
  'no_password',
  'wrong_password',
  'deactivated',
  'not_admin',
  'password_changed_meanwhile',
  'second_factor_not_set_up',
] as const
export const SIGN_IN_VIA = ['browser', 'api'] as const satisfies readonly SessionKind[]
/** What became of a forgot-password request, settled by the worker (accounts/password-reset.ts). */
export const SELF_RESET_OUTCOMES = ['email_queued', 'unknown_username', 'deactivated', 'throttled', 'password_set_since'] as const
/** An admin's request for a reset email or an invitation again: queued, or refused by the throttle. */
export const ADMIN_REQUEST_OUTCOMES = ['email_queued', 'throttled'] as const
export const THROTTLED_ACTIONS = ['sign_in', 'reauthentication', 'reset_request', 'admin_reset', 'invitation'] as const
export const DELIVERY_RESULTS = ['sent', 'temporary_failure', 'permanent_failure'] as const

export type SignInFailure = (typeof SIGN_IN_FAILURES)[number]
export type SignInOutcome = 'succeeded' | SignInFailure
export type ResetOutcome = (typeof SELF_RESET_OUTCOMES)[number]
export type InvitationOutcome = (typeof ADMIN_REQUEST_OUTCOMES)[number]
/** Throttles without an outcome counter of their own; the others are counted from their outcome (prometheus.ts). */
export type ThrottledAction = 'reauthentication'
export type DeliveryResult = (typeof DELIVERY_RESULTS)[number]

export interface RequestServed {
  /** One of a few known methods, or OTHER. */
  method: string
  /** The route template that answered (/api/users/:id), never the path asked for. */
  route: string
  status: number
  seconds: number
}

/** What the domain and the HTTP layer report. A server without METRICS_PORT, the CLI and tests without a server get noMetrics. */
export interface Metrics {
  signIn(outcome: SignInOutcome, via: SessionKind): void
  resetRequested(by: 'self' | 'admin', outcome: ResetOutcome): void
  invitationRequested(kind: 'new_account' | 'again', outcome: InvitationOutcome): void
  throttled(action: ThrottledAction): void
  emailDelivery(result: DeliveryResult): void
  requestServed(request: RequestServed): void
}

export const noMetrics: Metrics = {
  signIn: () => undefined,
  resetRequested: () => undefined,
  invitationRequested: () => undefined,
  throttled: () => undefined,
  emailDelivery: () => undefined,
  requestServed: () => undefined,
}

export interface PoolUse {
  total: number
  idle: number
  waiting: number
}

/** Read at each scrape: the state the database holds, shared by every server process on it. */
export interface MetricSources {
  outbox(): Promise<OutboxBacklog>
  /** PostgreSQL's connection pool (this process's own); absent on SQLite, which has no pool. */
  databasePool?: { use(): PoolUse | undefined; max: number } | undefined
  log: Logger
}
