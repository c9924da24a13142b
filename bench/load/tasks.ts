// The loads the benchmark runs in a separate process, and what each reports back. Shared by the
// orchestrator (bench/run.ts) and the load process (bench/load/worker.ts).

export interface Argon2RawTask {
  kind: 'argon2-raw'
  hash: string
  password: string
  concurrency: number
  warmupSeconds: number
  seconds: number
}

export interface SignInTask {
  kind: 'sign-in'
  url: string
  usernames: string[]
  password: string
  connections: number
  warmupSeconds: number
  seconds: number
}

export interface ProbeTask {
  kind: 'probe'
  url: string
  path: string
  /** Requests per second, sent on a fixed schedule whatever the answers do (open loop). */
  rate: number
  seconds: number
}

export interface ForgotPasswordTask {
  kind: 'forgot-password'
  url: string
  existing: string[]
  unknown: string[]
  warmupRequests: number
  /**
   * After each forgot-password request, at once this request (timed too), then a pause: what an
   * attacker who times the request after a probe does. Without it, requests go back to back.
   */
  followUp?: { path: string; pauseMs: number }
}

export interface OutboxTask {
  kind: 'outbox'
  url: string
  /** One request per username, in this order. */
  usernames: string[]
  rate: number
}

export interface SearchCategory {
  name: string
  queries: string[]
}

export interface SearchTask {
  kind: 'search'
  url: string
  token: string
  categories: SearchCategory[]
  warmupRequests: number
}

export type LoadTask = Argon2RawTask | SignInTask | ProbeTask | ForgotPasswordTask | OutboxTask | SearchTask

/** The load process's own event-loop delay while it ran: large values mean it, not the server, was slow. */
export interface LoadProcessHealth {
  cpuSeconds: number
  eventLoopDelayP99Ms: number
  eventLoopDelayMaxMs: number
}

export interface Argon2RawResult {
  verifies: number
  seconds: number
  perSecond: number
}

export interface SignInResult {
  seconds: number
  successes: number
  statusCounts: Record<string, number>
  errors: number
  perSecond: number
  latenciesMs: number[]
}

export interface ProbeResult {
  latenciesMs: number[]
  statusCounts: Record<string, number>
  errors: number
  sent: number
  seconds: number
}

export interface LabelledSample {
  existing: boolean
  ms: number
  status: number
  /** The follow-up request's time, when the task has one. */
  followUpMs?: number
}

export interface ForgotPasswordResult {
  samples: LabelledSample[]
  /** Every forgot-password request for an existing account made, warm-up included: each should bring one email. */
  existingRequestsTotal: number
  unexpectedStatuses: number
}

export interface OutboxSend {
  username: string
  sentAt: number
  ms: number
  status: number
}

export interface OutboxResult {
  sends: OutboxSend[]
  seconds: number
}

export interface SearchSample {
  q: string
  ms: number
  status: number
  users: number
}

export interface SearchResult {
  categories: Record<string, SearchSample[]>
}

export type LoadResult = Argon2RawResult | SignInResult | ProbeResult | ForgotPasswordResult | OutboxResult | SearchResult

/**
 * A task is prepared once, then run on each "go" (loads alternate in slices), until "stop". A go's
 * amount is seconds for a timed task (sign-in, raw argon2id), requests for a counted one (forgot
 * password; search: per kind of query).
 */
export type ToWorker = { type: 'task'; task: LoadTask } | { type: 'go'; amount?: number } | { type: 'stop' }
export type FromWorker =
  { type: 'ready' } | { type: 'done'; result: LoadResult; health: LoadProcessHealth } | { type: 'failed'; error: string }
