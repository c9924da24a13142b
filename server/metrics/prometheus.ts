// The metrics in Prometheus terms (prom-client): one registry per server, the domain's events as
// counters, request durations as a histogram, and the outbox and database pool read at each scrape.
// Imported only when METRICS_PORT is set: a server without metrics does not load prom-client.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { SessionKind } from '../db/schema'
import {
  ADMIN_REQUEST_OUTCOMES,
  DELIVERY_RESULTS,
  SELF_RESET_OUTCOMES,
  SIGN_IN_FAILURES,
  SIGN_IN_VIA,
  THROTTLED_ACTIONS,
  type DeliveryResult,
  type InvitationOutcome,
  type Metrics,
  type MetricSources,
  type RequestServed,
  type ResetOutcome,
  type SignInOutcome,
  type ThrottledAction,
} from './metrics'

/** Request durations from under a millisecond (a page) to seconds (a sign-in storm). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * One server's metrics in a registry of its own: tests run several servers in one process, and
 * prom-client's global registry would mix (and refuse to register twice) their metrics.
 */
export class PrometheusMetrics implements Metrics {
  private readonly registry = new Registry()
  private readonly requests: Histogram<'method' | 'route' | 'status'>
  private readonly signIns: Counter<'outcome' | 'via'>
  private readonly resets: Counter<'by' | 'outcome'>
  private readonly invitations: Counter<'kind' | 'outcome'>
  private readonly throttleRefusals: Counter<'action'>
  private readonly deliveries: Counter<'result'>
  private readonly outboxPending: Gauge
  private readonly outboxOldest: Gauge
  private readonly outboxFailed: Gauge
  private readonly pool: { connections: Gauge<'state'>; waiting: Gauge } | undefined

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry]
    // Process CPU and memory, heap, handles, garbage collection and the event loop's lag.
    collectDefaultMetrics({ register: this.registry })
    this.requests = new Histogram({
      name: 'textup_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    })
    this.signIns = new Counter({
      name: 'textup_sign_ins_total',
      help: 'Sign-ins, by outcome and by where (browser page or admin API).',
      labelNames: ['outcome', 'via'],
      registers,
    })
    this.resets = new Counter({
      name: 'textup_password_reset_requests_total',
      help: 'Requests for a reset email, by who asked (the person or an admin) and outcome.',
      labelNames: ['by', 'outcome'],
      registers,
    })
    this.invitations = new Counter({
      name: 'textup_invitations_total',
      help: 'Invitation emails asked for, with a new account or again, by outcome.',
      labelNames: ['kind', 'outcome'],
      registers,
    })
    this.throttleRefusals = new Counter({
      name: 'textup_throttle_refusals_total',
      help: 'Attempts refused by a throttle, by what was attempted.',
      labelNames: ['action'],
      registers,
    })
    this.deliveries = new Counter({
      name: 'textup_email_deliveries_total',
      help: 'Attempts at handing an email to the mail server, by result; a failed one is retried until given up.',
      labelNames: ['result'],
      registers,
    })
    this.outboxPending = new Gauge({
      name: 'textup_outbox_pending_messages',
      help: 'Emails waiting to be delivered (all processes).',
      registers,
    })
    this.outboxOldest = new Gauge({
      name: 'textup_outbox_oldest_pending_seconds',
      help: 'Age of the oldest email waiting to be delivered; 0 when none waits.',
      registers,
    })
    this.outboxFailed = new Gauge({ name: 'textup_outbox_failed_messages', help: 'Emails given up on, kept 30 days.', registers })
    this.pool = sources.databasePool && {
      connections: new Gauge({
        name: 'textup_database_pool_connections',
        help: "This process's PostgreSQL connections, in use or idle.",
        labelNames: ['state'],
        registers,
      }),
      waiting: new Gauge({
        name: 'textup_database_pool_waiting',
        help: 'Queries of this process waiting for a free PostgreSQL connection.',
        registers,
      }),
    }
    if (sources.databasePool) {
      new Gauge({
        name: 'textup_database_pool_max_connections',
        help: "The size of this process's PostgreSQL pool (DATABASE_POOL_SIZE).",
        registers,
      }).set(sources.databasePool.max)
    }
    // Each labelled series starts at 0: a rate over a series that appears only at its first event misses that event.
    for (const via of SIGN_IN_VIA) for (const outcome of ['succeeded', ...SIGN_IN_FAILURES]) this.signIns.inc({ outcome, via }, 0)
    for (const outcome of SELF_RESET_OUTCOMES) this.resets.inc({ by: 'self', outcome }, 0)
    for (const outcome of ADMIN_REQUEST_OUTCOMES) {
      this.resets.inc({ by: 'admin', outcome }, 0)
      this.invitations.inc({ kind: 'again', outcome }, 0)
    }
    this.invitations.inc({ kind: 'new_account', outcome: 'email_queued' }, 0)
    for (const action of THROTTLED_ACTIONS) this.throttleRefusals.inc({ action }, 0)
    for (const result of DELIVERY_RESULTS) this.deliveries.inc({ result }, 0)
  }

  signIn(outcome: SignInOutcome, via: SessionKind): void {
    this.signIns.inc({ outcome, via })
    if (outcome === 'throttled') this.throttleRefusals.inc({ action: 'sign_in' })
  }

  resetRequested(by: 'self' | 'admin', outcome: ResetOutcome): void {
    this.resets.inc({ by, outcome })
    if (outcome === 'throttled') this.throttleRefusals.inc({ action: by === 'self' ? 'reset_request' : 'admin_reset' })
  }

  invitationRequested(kind: 'new_account' | 'again', outcome: InvitationOutcome): void {
    this.invitations.inc({ kind, outcome })
    if (outcome === 'throttled') this.throttleRefusals.inc({ action: 'invitation' })
  }

  throttled(action: ThrottledAction): void {
    this.throttleRefusals.inc({ action })
  }

  emailDelivery(result: DeliveryResult): void {
    this.deliveries.inc({ result })
  }

  requestServed({ method, route, status, seconds }: RequestServed): void {
    this.requests.observe({ method, route, status: String(status) }, seconds)
  }

  /** The Prometheus text exposition, with the gauges read from the database just now. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    await this.readDatabase()
    return { contentType: this.registry.contentType, text: await this.registry.metrics() }
  }

  private async readDatabase(): Promise<void> {
    const use = this.sources.databasePool?.use()
    if (this.pool && use) {
      this.pool.connections.set({ state: 'in_use' }, use.total - use.idle)
      this.pool.connections.set({ state: 'idle' }, use.idle)
      this.pool.waiting.set(use.waiting)
    }
    try {
      const outbox = await this.sources.outbox()
      this.outboxPending.set(outbox.pending)
      this.outboxOldest.set(outbox.oldestPendingSeconds)
      this.outboxFailed.set(outbox.failed)
    } catch (error) {
      // The rest of the scrape (event loop, requests, pool) matters most when the database is in
      // trouble: the outbox is reported as unknown rather than failing the whole scrape.
      this.sources.log.warn({ event: 'metrics_outbox_unreadable', err: error }, 'Could not read the outbox for the metrics')
      for (const gauge of [this.outboxPending, this.outboxOldest, this.outboxFailed]) gauge.set(NaN)
    }
  }
}
