// The shape of the benchmark's results (bench/results.json): every figure of a run, with the
// machine and the phases it was measured in.
import type { BootstrapInterval, MannWhitneyResult, Summary } from '../../lib/stats'
import type { LoadProcessHealth } from '../load/tasks'
import type { Plan } from './bench'
import type { MachineDescription, MemoryReading, ThreadGroupUse } from './machine'
import type { PhaseRecord } from './phase'
import type { QuietGate } from './quiet'

export type Engine = 'sqlite' | 'postgres'

/** Samples after existing usernames against samples after unknown ones. */
export interface Comparison {
  existing: Summary
  unknown: Summary
  mannWhitney: MannWhitneyResult
  medianDifference: BootstrapInterval
}

export interface FootprintRun {
  coldStartMs: number
  /** The last of the readings taken each second while idle (or at the end of the start when not idle). */
  idleRssMiB: number
  rssSeries: number[]
  peakRssMiB: number
  /** After the server judged its first password (the idle run only). */
  rssAfterFirstPasswordMiB?: number | undefined
  stopMs: number
  exitCode: number | null
}

/**
 * What PostgreSQL spent on one request, on average over a phase (its statistics and its processes' CPU
 * time), less what it does without requests (idlePerSecond, measured just before).
 */
export interface RequestCost {
  /** Counted in the database: sessions or reset tokens made during the phase, warm-up included. */
  requests: number
  statementsPerRequest: number
  commitsPerRequest: number
  cpuMsPerRequest: number
  /** How long the phase took and the CPU PostgreSQL used in all. */
  seconds: number
  cpuSeconds: number
  idlePerSecond: { statements: number; commits: number; cpuMs: number }
}

type WithStatus = Summary & { statusCounts: Record<string, number>; errors: number; probeProcess: LoadProcessHealth }

export interface BenchResults {
  machine: MachineDescription
  database: {
    engine: Engine
    description: string
    /** PostgreSQL only: per sign-in (the sign-in throughput slices) and per reset request (the outbox phase, its emails sent). */
    perSignIn?: RequestCost | undefined
    perReset?: RequestCost | undefined
  }
  run: {
    startedAt: string
    seconds: number
    scale: number
    seed: number
    plan: Plan
    serverCommand: string
    serverEnvironment: Record<string, string>
    bundle: { path: string; builtAt: string; sha256: string; staleness: string[] }
    phases: PhaseRecord[]
    quietGates: Array<QuietGate & { before: string }>
    serverStop: { ms: number; exitCode: number | null; output: string }
  }
  diagnostics: {
    commits: { full: Summary; normal: Summary }
    smtp: { perConnection: Summary; pooled: Summary }
    estimator: {
      importMs: number
      firstAssessmentMs: number
      before: { rssMiB: number; heapUsedMiB: number }
      afterFirst: { rssMiB: number; heapUsedMiB: number }
    }
    serverThreadsDuringStorm: Record<'mainThread' | 'otherThreads', ThreadGroupUse>
    /** CPU of one authenticator-code check (bench/probes/code-check-cost.ts), microseconds. */
    codeCheck?: { rightCodeCpuUs: number; wrongCodeCpuUs: number } | undefined
  }
  signIn: {
    rawPerSecond: number
    serverPerSecond: number
    slices: Array<{ raw: number; server: number }>
    successes: number
    seconds: number
    statusCounts: Record<string, number>
    errors: number
    latencies: Summary
    loadCpuPerSecond: number
    /** CPU time per successful sign-in: the server's event loop thread, its other threads (argon2), the load generator. */
    cpuPerSignInMs: { serverMainThread: number; serverOtherThreads: number; loadGenerator: number }
    rawCpuPerVerifyMs: number
    accountsSignedIn: number
    duringStorm: { perSecond: number; successes: number; statusCounts: Record<string, number> }
  }
  responsiveness: { idle: WithStatus; storm: WithStatus }
  forgotPassword: {
    all: Summary
    slowestMs: number[]
    /** The answers themselves, back to back. */
    answer: Comparison
    /** The request sent at once after each answer (then a pause). */
    followUp: Comparison & { path: string; pauseMs: number }
    unexpectedStatuses: number
    existingRequestsTotal: number
    emails: number
    drained: boolean
    drainMs: number
    loadProcess: LoadProcessHealth
  }
  outbox: {
    requests: number
    rate: number
    sendSeconds: number
    delivered: number
    undelivered: number
    delivery: Summary
    answer: Summary
    nonRedirects: number
    loadProcess: LoadProcessHealth
  }
  search: {
    users: number
    matchRanges: Record<string, { min: number; max: number }>
    categories: Record<
      string,
      Summary & {
        queries: number
        failures: number
        emptyResults: number
        examples: string[]
        slowest: Array<{ q: string; ms: number; matches: number | null }>
      }
    >
    apiBaseline: Summary
    loadProcess: LoadProcessHealth
  }
  /** The same search once the table has grown to BENCH_SEARCH_USERS accounts; growSeconds is how long the inserts took. */
  searchLarge?: (BenchResults['search'] & { growSeconds: number }) | undefined
  footprint: {
    bareNode: FootprintRun
    firstStart: FootprintRun
    restarts: FootprintRun[]
    coldStartMs: number
    idle: FootprintRun
    deployed: FootprintRun & { command: string; nodeFlags: string[] }
    afterLoad: MemoryReading & { rssSeries: number[] }
    renderer: { files: Array<{ name: string; bytes: number; gzipBytes: number }>; gzipBytes: number }
  }
}
