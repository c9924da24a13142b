// What every phase of the benchmark is given: the plan, the phase clock, the quiet gate, the SMTP
// receiver, a seeded generator and a register of load processes (all stopped at the end, even after
// a failure); and the servers a phase measures.
import os from 'node:os'
import type { LoadResult, LoadTask } from '../load/tasks'
import { startLoad, type LoadProcess, type LoadRun } from './load-process'
import type { PhaseClock } from './phase'
import type { QuietWaiter } from './quiet'
import type { SmtpSink } from './smtp-sink'

const CORES = os.availableParallelism()

/** BENCH_SCALE=0.3 shortens every timed load (for trying the benchmark out); results record it. */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1
const seconds = (s: number) => Math.max(1, Math.round(s * SCALE))
const count = (n: number) => Math.max(20, Math.round(n * SCALE))

export const PLAN = {
  users: 100_000,
  signInAccounts: 300,
  concurrency: 2 * CORES,
  /** Raw argon2id and server sign-ins alternate in slices, so drift in the machine's load touches both alike. */
  throughputSlices: 3,
  sliceSeconds: seconds(4),
  warmupSeconds: 2,
  stormSeconds: seconds(10),
  probeRate: 100,
  idleProbeSeconds: seconds(5),
  forgotRequests: count(600),
  forgotWarmup: 40,
  /** Forgot-password requests each followed at once by GET /login, then a pause: the enumeration row's second test. */
  forgotFollowUps: count(300),
  forgotFollowUpPauseMs: 30,
  outboxRate: 50,
  outboxSeconds: seconds(10),
  searchRequestsPerCategory: count(200),
  queriesPerCategory: 40,
  coldStartRepeats: 3,
  /** How long a server sits without requests before its memory is read. */
  idleSettleMs: 10_000,
  commitSamples: 300,
  /** Longest wait, over the whole run, for other work on the machine to quieten before a measurement. */
  quietBudgetSeconds: 45,
}
export type Plan = typeof PLAN

/** The throttles are per username and per client address; all load comes from 127.0.0.1, so they are raised. */
export const THROTTLE_OVERRIDES = {
  SIGN_IN_LIMIT_PER_ACCOUNT: '1000',
  SIGN_IN_LIMIT_PER_ADDRESS: '100000',
  RESET_LIMIT_PER_ACCOUNT: '1000',
  RESET_LIMIT_PER_ADDRESS: '100000',
}

export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

export interface Bench {
  plan: Plan
  phases: PhaseClock
  quiet: QuietWaiter
  sink: SmtpSink
  random: () => number
  /** Every load process started, for stopping them all at the end. */
  loads: Array<{ stop(): Promise<void> }>
}

/** A running server a phase measures: the build under test, or the baseline it is compared with. */
export interface Target {
  /** "current" or "baseline". */
  name: string
  url: string
  pid: number
  dataDir: string
  /** An admin's API token on this server. */
  token: string
}

/** Starts a load process with its task, registered for stopping at the end; resolves once it is ready. */
export async function prepareLoad<R extends LoadResult>(bench: Bench, task: LoadTask): Promise<LoadProcess<R>> {
  const load = startLoad<R>(task)
  bench.loads.push(load)
  await load.ready
  return load
}

/** Runs one measured slice of a prepared load process, in a phase of its own, after waiting for quiet. */
export async function measured<R extends LoadResult>(
  bench: Bench,
  name: string,
  serverPid: number,
  run: () => Promise<LoadRun<R>>,
): Promise<LoadRun<R>> {
  await bench.quiet.wait(name)
  return bench.phases.run(
    name,
    () => serverPid,
    async (addCpu) => {
      const done = await run()
      addCpu(done.health.cpuSeconds)
      return done
    },
  )
}

/** The targets in the order of a round: as given in odd rounds, reversed in even ones, so neither always goes first. */
export function inTurn(targets: Target[], round: number): Target[] {
  return round % 2 === 1 ? targets : [...targets].reverse()
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
