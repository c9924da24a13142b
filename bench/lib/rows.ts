// One row of the results table per measure: the figure, what it is compared with, its target, whether
// it is met, and why not (the cause, with the diagnostic figures of the same run; bench/INVESTIGATION.md
// has the full analysis). Used for the full run's table and, for the key measures, for comparisons.
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Comparison, BenchResults } from './results'
import { ROOT } from './bundle'

export interface Draft {
  measure: string
  result: string
  comparedWith: string
  target: string
  check: { met: boolean; by: string }
  /** The cause, for a miss. */
  why: string
  /** The phases it was measured in (by name prefix), for the warning when other processes used the CPUs. */
  phases: string[]
}

export const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`)
export const mib = (x: number) => `${x.toFixed(1)} MiB`
export const pct = (x: number) => `${(x * 100).toFixed(0)} %`
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)} ms`

/** Below a ceiling: met, or missed by how much (absolute and as a multiple of the target). */
function below(value: number, limit: number, format: (x: number) => string): Draft['check'] {
  const times = value / limit
  return value < limit
    ? { met: true, by: '' }
    : { met: false, by: `missed by ${format(value - limit)} (${times.toFixed(times < 1.1 ? 2 : 1)}× the target)` }
}

export function signInRow(
  si: BenchResults['signIn'],
  concurrency: number,
  minRatio = 0.9,
  codeCheck?: BenchResults['diagnostics']['codeCheck'],
): Draft {
  const ratio = si.serverPerSecond / si.rawPerSecond
  const cpu = si.cpuPerSignInMs
  const other = Object.entries(si.statusCounts).filter(([status]) => status !== '303')
  const failures = other.length === 0 ? 'no failures' : `other answers: ${other.map(([s, n]) => `${n} × ${s}`).join(', ')}`
  return {
    measure: `Sign-in throughput (POST /login, ${concurrency} connections, ${si.accountsSignedIn} accounts without a second factor)`,
    result: `${si.serverPerSecond.toFixed(1)}/s = ${ratio.toFixed(2)} × raw (${si.successes} sign-ins in ${si.seconds.toFixed(1)} s, ${failures}; slices ${si.slices.map((x) => (x.server / x.raw).toFixed(2)).join(', ')})`,
    comparedWith: `raw argon2id verify, same parameters, separate process, concurrency ${concurrency}, in alternating slices: ${si.rawPerSecond.toFixed(1)}/s${
      codeCheck
        ? `. With a second factor, the code check adds ${codeCheck.rightCodeCpuUs.toFixed(0)} µs of CPU (a wrong code ${codeCheck.wrongCodeCpuUs.toFixed(0)} µs; ${((codeCheck.rightCodeCpuUs / 1000 / si.rawCpuPerVerifyMs) * 100).toFixed(2)} % of a verify) and one more request`
        : ''
    }`,
    target: `≥ ${minRatio.toFixed(2)} × raw`,
    check: ratio >= minRatio ? { met: true, by: '' } : { met: false, by: `missed by ${(minRatio - ratio).toFixed(2)} × raw` },
    why: `The cores are saturated, so CPU time spent beside argon2 is taken from it: per sign-in the server's other threads (argon2) used ${ms(cpu.serverOtherThreads)} (raw: ${ms(si.rawCpuPerVerifyMs)} per verify), its event loop thread ${ms(cpu.serverMainThread)}, the load generator ${ms(cpu.loadGenerator)}; ≥ ${minRatio} leaves ${ms(si.rawCpuPerVerifyMs / minRatio - si.rawCpuPerVerifyMs)} for all but argon2. Where the event loop's time goes and how to cut it: bench/INVESTIGATION.md §1.`,
    phases: ['argon2id raw', 'sign-in '],
  }
}

export function responsivenessRow(r: BenchResults): Draft {
  const storm = r.responsiveness.storm
  const threads = r.diagnostics.serverThreadsDuringStorm
  return {
    measure: `GET /login p99 during the sign-in storm (${r.run.plan.probeRate}/s, open loop)`,
    result: `${ms(storm.p99)} (p50 ${ms(storm.p50)}, max ${ms(storm.max)}, n = ${storm.n}); sign-ins meanwhile ${r.signIn.duringStorm.perSecond.toFixed(1)}/s`,
    comparedWith: `same probe, idle server: p99 ${ms(r.responsiveness.idle.p99)} (p50 ${ms(r.responsiveness.idle.p50)})`,
    target: '< 25 ms',
    check: below(storm.p99, 25, ms),
    why: `The event loop thread was runnable but waiting for a core ${(threads.mainThread.waitPerSecond * 1000).toFixed(0)} ms in every second (schedstat) while the server's other threads (argon2) used ${threads.otherThreads.cpuPerSecond.toFixed(2)} of the ${r.machine.cores} cores; the probe process's own event-loop delay p99 was ${ms(storm.probeProcess.eventLoopDelayP99Ms)}. Cause and fix (hashing threads at the lowest priority): bench/INVESTIGATION.md §2.`,
    phases: ['probe: '],
  }
}

export function forgotLatencyRow(f: BenchResults['forgotPassword'], commits: BenchResults['diagnostics']['commits'], cores: number): Draft {
  return {
    measure: 'Forgot password p99 (POST /forgot-password, one at a time)',
    result: `p99 ${ms(f.all.p99)}, p50 ${ms(f.all.p50)} (n = ${f.all.n}, ${f.unexpectedStatuses} unexpected answers)`,
    comparedWith: `one SQLite commit on this disk, synchronous=FULL: p50 ${ms(commits.full.p50)}, p99 ${ms(commits.full.p99)} (NORMAL: p99 ${ms(commits.normal.p99)})`,
    target: 'p99 < 10 ms',
    check: below(f.all.p99, 10, ms),
    why: `Each request's INSERT is a commit with an fsync on the event loop (p99 ${ms(commits.full.p99)} on this disk), and the mail worker's steps for the requests before (each a commit, a rendering or an SMTP exchange, yielding to requests in between: bench/INVESTIGATION.md §3) run on the same thread. The tail is also the client's: the load process's own event-loop delay reached p99 ${ms(f.loadProcess.eventLoopDelayP99Ms)} in the same phase, with three processes (server, load, SMTP receiver) on ${cores} cores. Slowest answers: ${f.slowestMs
      .slice(0, 6)
      .map((x) => x.toFixed(0))
      .join(', ')} ms.`,
    phases: ['forgot password'],
  }
}

/** Indistinguishable by both tests: Mann–Whitney p ≥ 0.05, and the CI of the medians' difference contains 0. */
export function indistinguishable(c: Comparison): boolean {
  const ci = c.medianDifference
  return c.mannWhitney.p >= 0.05 && ci.low <= 0 && ci.high >= 0
}

function describeComparison(label: string, c: Comparison): string {
  const ci = c.medianDifference
  return `${label}: medians ${ms(c.existing.p50)} vs ${ms(c.unknown.p50)} (n = ${c.existing.n} / ${c.unknown.n}); difference ${signed(ci.estimate)}, ${(ci.level * 100).toFixed(0)} % bootstrap CI [${signed(ci.low)}, ${signed(ci.high)}]; Mann–Whitney U p = ${c.mannWhitney.p.toFixed(3)}`
}

export function enumerationRow(f: BenchResults['forgotPassword']): Draft {
  const tests = [
    { label: 'the answer', c: f.answer },
    { label: `GET ${f.followUp.path} sent at once after it`, c: f.followUp },
  ]
  const failed = tests.filter((t) => !indistinguishable(t.c))
  return {
    measure: 'Forgot password: existing vs unknown username, the answer and the request after it',
    result: tests.map((t) => describeComparison(t.label, t.c)).join('; '),
    comparedWith: `each other, interleaved at random: back to back, then each request followed at once by GET ${f.followUp.path} and a ${f.followUp.pauseMs} ms pause`,
    target: 'no measurable difference in either (p ≥ 0.05 and CI contains 0, both tests)',
    check:
      failed.length === 0
        ? { met: true, by: '' }
        : {
            met: false,
            by: `${failed.map((t) => t.label).join(' and ')}: a difference of ${failed.map((t) => signed(t.c.medianDifference.estimate)).join(', ')} is measurable`,
          },
    why: 'The mail worker shares the thread that answers requests: work it does for existing usernames only, or right after their requests, delays the requests that meet it. It starts its rounds on a fixed beat and rehearses the emails it does not send (SECURITY.md; bench/INVESTIGATION.md §3).',
    phases: ['forgot password'],
  }
}

export function outboxRow(o: BenchResults['outbox'], smtp: BenchResults['diagnostics']['smtp']): Draft {
  return {
    measure: `Outbox: reset request → message at the SMTP receiver, ${o.rate}/s, p95`,
    result: `${ms(o.delivery.p95)} (p50 ${ms(o.delivery.p50)}, max ${ms(o.delivery.max)}; ${o.delivered}/${o.requests} delivered)`,
    comparedWith: `the HTTP answer to the same requests: p95 ${ms(o.answer.p95)}`,
    target: '< 500 ms',
    check:
      o.undelivered > 0 ? { met: false, by: `${o.undelivered} of ${o.requests} messages never arrived` } : below(o.delivery.p95, 500, ms),
    why: `One message to this receiver takes ${ms(smtp.perConnection.p50)} over a new SMTP connection (p50) and ${ms(smtp.pooled.p50)} over a kept one; the worker starts a round at most every 100 ms (its beat) and keeps four connections (bench/INVESTIGATION.md §4).`,
    phases: ['outbox'],
  }
}

export function searchRows(search: BenchResults['search']): Draft[] {
  return Object.entries(search.categories).map(([name, s]) => {
    const range = search.matchRanges[name]
    return {
      measure: `User search p95, ${describeCategory(name)}${range ? ` (${range.min}–${range.max} matches)` : ''}, ${search.users.toLocaleString('en')} users`,
      result: `${ms(s.p95)} (p50 ${ms(s.p50)}, n = ${s.n}, ${s.queries} different queries such as "${s.examples[0] ?? ''}")`,
      comparedWith: `GET /api/session (same token check and JSON, no search): p95 ${ms(search.apiBaseline.p95)}`,
      target: '< 20 ms',
      check: s.failures > 0 ? { met: false, by: `${s.failures} requests failed` } : below(s.p95, 20, ms),
      why: `Slowest here: ${s.slowest
        .slice(0, 3)
        .map((x) => `"${x.q}" ${ms(x.ms)}${x.matches === null ? '' : ` (${x.matches} matches)`}`)
        .join(', ')}. What each kind of query costs and why: bench/INVESTIGATION.md §5.`,
      phases: ['search', 'api baseline'],
    }
  })
}

function describeCategory(name: string): string {
  const names: Record<string, string> = {
    prefix: 'prefix (1–2 characters)',
    'substring-rare': 'substring, rare (≥ 3 characters)',
    'substring-common': 'substring, common (≥ 3 characters)',
    'substring-very-common': 'substring, very common (≥ 3 characters)',
    email: 'email address',
  }
  return names[name] ?? name
}

export function footprintRows(r: BenchResults): Draft[] {
  const fp = r.footprint
  const est = r.diagnostics.estimator
  const estimatorMiB = est.afterFirst.rssMiB - est.before.rssMiB
  const settle = `${r.run.plan.idleSettleMs / 1000} s`
  const afterJudged = fp.idle.rssAfterFirstPasswordMiB
  const judgedGrowth = afterJudged === undefined ? undefined : afterJudged - fp.idle.idleRssMiB
  const sourceMaps = fp.deployed.nodeFlags.includes('--enable-source-maps')
  const rendererKiB = fp.renderer.gzipBytes / 1024
  return [
    {
      measure: `Cold start to first answer (GET /health), seeded database, median of ${fp.restarts.length}`,
      result: `${ms(fp.coldStartMs)} (each: ${fp.restarts.map((x) => x.coldStartMs.toFixed(0)).join(', ')} ms; empty data folder with migrations: ${ms(fp.firstStart.coldStartMs)})`,
      comparedWith: `a bare Node HTTP server on this machine: ${ms(fp.bareNode.coldStartMs)}`,
      target: '< 1 s',
      check: below(fp.coldStartMs, 1000, ms),
      why: `Before its first answer the server loads and compiles its ${fileSize(r.run.bundle.path)} bundle, opens and migrates the database and does its start-up work; building the password-strength estimator alone takes ${ms(est.firstAssessmentMs)} (separate process, after ${ms(est.importMs)} to load its module), which a build that warms it at start pays before answering. See bench/INVESTIGATION.md §6.`,
      phases: ['footprint: restart'],
    },
    {
      measure: `Idle RSS of the server (${r.run.serverCommand}, seeded database, after ${settle} without requests)`,
      result: `${mib(fp.idle.idleRssMiB)} (each second: ${fp.idle.rssSeries.join(', ')}; once it has judged a password: ${afterJudged === undefined ? '?' : mib(afterJudged)}; after the load, ${settle} idle: ${mib(fp.afterLoad.rssMiB)}, peak ${mib(fp.afterLoad.peakRssMiB)})`,
      comparedWith: `a bare Node HTTP server, same wait: ${mib(fp.bareNode.idleRssMiB)}`,
      target: '< 100 MiB',
      check: below(fp.idle.idleRssMiB, 100, mib),
      why:
        judgedGrowth !== undefined && judgedGrowth > estimatorMiB / 2
          ? `The password-strength estimator already loads on first use (+${mib(judgedGrowth)} once the server judged a password); the rest is the server's code and data: a bare Node HTTP server idles at ${mib(fp.bareNode.idleRssMiB)}. See bench/INVESTIGATION.md §6.`
          : `The password-strength estimator is loaded at start: judging the first password added only ${judgedGrowth === undefined ? '?' : mib(judgedGrowth)}, while in a separate process the estimator holds +${mib(estimatorMiB)} RSS (heap ${mib(est.before.heapUsedMiB)} → ${mib(est.afterFirst.heapUsedMiB)}). Fix: load its dictionaries when a password is first judged (bench/INVESTIGATION.md §6).`,
      phases: ['footprint: idle'],
    },
    {
      measure: `Idle RSS as deployed (\`${fp.deployed.command}\`, deploy/textup.service)`,
      result: `${mib(fp.deployed.idleRssMiB)} (cold start ${ms(fp.deployed.coldStartMs)})`,
      comparedWith: `as run above${fp.deployed.nodeFlags.length ? `, without ${fp.deployed.nodeFlags.join(' ')}` : ' (the same command, a second start)'}: ${mib(fp.idle.idleRssMiB)}`,
      target: '< 100 MiB',
      check: below(fp.deployed.idleRssMiB, 100, mib),
      why: sourceMaps
        ? `${mib(fp.deployed.idleRssMiB - fp.idle.idleRssMiB)} more than without --enable-source-maps, which reads and parses the bundle's ${fileSize(`${r.run.bundle.path}.map`)} source map at start and keeps it. Fix: run without it and map stack traces with the shipped .map when needed (bench/INVESTIGATION.md §6).`
        : 'As above.',
      phases: ['footprint: as deployed'],
    },
    {
      measure: 'Console renderer bundle, gzipped (dist/renderer/assets/*.js)',
      result: `${rendererKiB.toFixed(1)} KiB (${fp.renderer.files.map((x) => `${x.name}: ${(x.bytes / 1024).toFixed(0)} KiB raw`).join(', ')})`,
      comparedWith: 'zlib gzip, default level',
      target: '< 250 KiB',
      check: below(rendererKiB, 250, (x) => `${x.toFixed(1)} KiB`),
      why: 'The renderer bundle grew past the budget: see the largest modules with a Vite bundle report.',
      phases: [],
    },
  ]
}

function fileSize(file: string): string {
  const full = path.resolve(ROOT, file)
  return existsSync(full) ? `${(statSync(full).size / 1024 / 1024).toFixed(1)} MB` : 'missing'
}
