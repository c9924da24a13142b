// Turns the measurements into the results table: each measure with what it is compared against,
// its target, and whether it is met or by how much it is missed and why (the cause, with the
// diagnostic figures measured in the same run; bench/INVESTIGATION.md has the full analysis).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadProcessHealth } from '../load/tasks'
import type { MachineDescription, MemoryReading, ThreadGroupUse } from './machine'
import type { PhaseRecord } from './phase'
import type { QuietGate } from './quiet'
import type { BootstrapInterval, MannWhitneyResult, Summary } from './stats'

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

type WithStatus = Summary & { statusCounts: Record<string, number>; errors: number; probeProcess: LoadProcessHealth }

export interface BenchResults {
  machine: MachineDescription
  run: {
    startedAt: string
    seconds: number
    scale: number
    seed: number
    plan: Record<string, number>
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
    estimator: { importMs: number; firstAssessmentMs: number; before: { rssMiB: number; heapUsedMiB: number }; afterFirst: { rssMiB: number; heapUsedMiB: number } }
    serverThreadsDuringStorm: Record<'mainThread' | 'otherThreads', ThreadGroupUse>
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
    existing: Summary
    unknown: Summary
    mannWhitney: MannWhitneyResult
    medianDifference: BootstrapInterval
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
      Summary & { queries: number; failures: number; emptyResults: number; examples: string[]; slowest: Array<{ q: string; ms: number; matches: number | null }> }
    >
    apiBaseline: Summary
    loadProcess: LoadProcessHealth
  }
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

export interface Row {
  measure: string
  result: string
  comparedWith: string
  target: string
  met: boolean
  /** "met", or by how much it is missed and why. */
  verdict: string
}

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`)
const mib = (x: number) => `${x.toFixed(1)} MiB`
const pct = (x: number) => `${(x * 100).toFixed(0)} %`

/** Below a ceiling: met, or missed by how much (absolute and as a multiple of the target). */
function below(value: number, limit: number, format: (x: number) => string): { met: boolean; by: string } {
  const times = value / limit
  return value < limit ? { met: true, by: '' } : { met: false, by: `missed by ${format(value - limit)} (${times.toFixed(times < 1.1 ? 2 : 1)}× the target)` }
}

export function buildReport(r: BenchResults): { rows: Row[]; markdown: string; readmeSection: string } {
  const d = r.diagnostics
  const rows: Row[] = []
  /** The busiest of a measure's phases, as a warning in its result when others used the CPUs meanwhile. */
  const contention = (prefixes: string[]) => {
    const busiest = Math.max(0, ...r.run.phases.filter((p) => prefixes.some((x) => p.name.startsWith(x))).map((p) => p.otherProcesses))
    return busiest > 0.1 ? ` ⚠ other processes used up to ${pct(busiest)} of the CPUs meanwhile` : ''
  }
  const add = (row: Omit<Row, 'verdict' | 'met'>, check: { met: boolean; by: string }, why: string, phasePrefixes: string[]) => {
    const busy = contention(phasePrefixes)
    const caveat = busy ? ' (⚠ measured while other processes used the CPUs: not conclusive)' : ''
    rows.push({ ...row, result: `${row.result}${busy}`, met: check.met, verdict: check.met ? `met${caveat}` : `${check.by}${caveat}. ${why}` })
  }

  // 1. Sign-in throughput against raw argon2id.
  const si = r.signIn
  const ratio = si.serverPerSecond / si.rawPerSecond
  const cpu = si.cpuPerSignInMs
  add(
    {
      measure: `Sign-in throughput (POST /login, ${r.run.plan.concurrency} connections, ${si.accountsSignedIn} accounts)`,
      result: `${si.serverPerSecond.toFixed(1)}/s = ${ratio.toFixed(2)} × raw (${si.successes} sign-ins in ${si.seconds.toFixed(1)} s, ${failures(si.statusCounts)}; slices ${si.slices.map((x) => (x.server / x.raw).toFixed(2)).join(', ')})`,
      comparedWith: `raw argon2id verify, same parameters, separate process, concurrency ${r.run.plan.concurrency}, in alternating slices: ${si.rawPerSecond.toFixed(1)}/s`,
      target: '≥ 0.90 × raw',
    },
    ratio >= 0.9 ? { met: true, by: '' } : { met: false, by: `missed by ${(0.9 - ratio).toFixed(2)} × raw` },
    `The cores are saturated, so CPU time spent beside argon2 is taken from it: per sign-in the server's other threads (argon2) used ${ms(cpu.serverOtherThreads)} (raw: ${ms(si.rawCpuPerVerifyMs)} per verify), its event loop thread ${ms(cpu.serverMainThread)}, the load generator ${ms(cpu.loadGenerator)}; ≥ 0.9 leaves ${ms(si.rawCpuPerVerifyMs / 0.9 - si.rawCpuPerVerifyMs)} for all but argon2. Where the event loop's time goes and how to cut it: bench/INVESTIGATION.md §1.`,
    ['argon2id raw', 'sign-in '],
  )

  // 2. Responsiveness during the sign-in storm.
  const storm = r.responsiveness.storm
  const main = d.serverThreadsDuringStorm.mainThread
  add(
    {
      measure: `GET /login p99 during the sign-in storm (${r.run.plan.probeRate}/s, open loop)`,
      result: `${ms(storm.p99)} (p50 ${ms(storm.p50)}, max ${ms(storm.max)}, n = ${storm.n}); sign-ins meanwhile ${si.duringStorm.perSecond.toFixed(1)}/s`,
      comparedWith: `same probe, idle server: p99 ${ms(r.responsiveness.idle.p99)} (p50 ${ms(r.responsiveness.idle.p50)})`,
      target: '< 25 ms',
    },
    below(storm.p99, 25, ms),
    `The event loop thread was runnable but waiting for a core ${(main.waitPerSecond * 1000).toFixed(0)} ms in every second (schedstat) while the server's other threads (argon2) used ${d.serverThreadsDuringStorm.otherThreads.cpuPerSecond.toFixed(2)} of the ${r.machine.cores} cores; the probe process's own event-loop delay p99 was ${ms(storm.probeProcess.eventLoopDelayP99Ms)}. Cause and fix (hashing threads at the lowest priority): bench/INVESTIGATION.md §2.`,
    ['probe: '],
  )

  // 3. Forgot password latency and the existing/unknown difference.
  const f = r.forgotPassword
  add(
    {
      measure: 'Forgot password p99 (POST /forgot-password, one at a time)',
      result: `p99 ${ms(f.all.p99)}, p50 ${ms(f.all.p50)} (n = ${f.all.n}, ${f.unexpectedStatuses} unexpected answers)`,
      comparedWith: `one SQLite commit on this disk, synchronous=FULL: p50 ${ms(d.commits.full.p50)}, p99 ${ms(d.commits.full.p99)} (NORMAL: p99 ${ms(d.commits.normal.p99)})`,
      target: 'p99 < 10 ms',
    },
    below(f.all.p99, 10, ms),
    `Each request's INSERT is a commit with an fsync on the event loop (p99 ${ms(d.commits.full.p99)} on this disk), and the mail worker's steps for the requests before (each a commit or an SMTP exchange, yielding to requests in between: bench/INVESTIGATION.md §3) run on the same thread. The tail is also the client's: the load process's own event-loop delay reached p99 ${ms(f.loadProcess.eventLoopDelayP99Ms)} in the same phase, with three processes (server, load, SMTP receiver) on ${r.machine.cores} cores. Slowest answers: ${f.slowestMs.slice(0, 6).map((x) => x.toFixed(0)).join(', ')} ms.`,
    ['forgot password'],
  )
  const ci = f.medianDifference
  const differs = f.mannWhitney.p < 0.05 && (ci.low > 0 || ci.high < 0)
  add(
    {
      measure: 'Forgot password: existing vs unknown username',
      result: `medians ${ms(f.existing.p50)} vs ${ms(f.unknown.p50)} (n = ${f.existing.n} / ${f.unknown.n}); difference ${signed(ci.estimate)}, ${(ci.level * 100).toFixed(0)} % bootstrap CI [${signed(ci.low)}, ${signed(ci.high)}]; Mann–Whitney U p = ${f.mannWhitney.p.toFixed(3)}`,
      comparedWith: 'each other, interleaved at random in one sequence',
      target: 'no measurable difference (p ≥ 0.05 and CI contains 0)',
    },
    differs ? { met: false, by: `a difference of ${signed(ci.estimate)} is measurable` } : { met: true, by: '' },
    'Existing usernames make the worker prepare and send an email after the answer; its SQLite work delays the next request, whatever that request is for.',
    ['forgot password'],
  )

  // 4. Outbox delivery.
  const o = r.outbox
  add(
    {
      measure: `Outbox: reset request → message at the SMTP receiver, ${o.rate}/s, p95`,
      result: `${ms(o.delivery.p95)} (p50 ${ms(o.delivery.p50)}, max ${ms(o.delivery.max)}; ${o.delivered}/${o.requests} delivered)`,
      comparedWith: `the HTTP answer to the same requests: p95 ${ms(o.answer.p95)}`,
      target: '< 500 ms',
    },
    o.undelivered > 0 ? { met: false, by: `${o.undelivered} of ${o.requests} messages never arrived` } : below(o.delivery.p95, 500, ms),
    `One message to this receiver takes ${ms(d.smtp.perConnection.p50)} over a new SMTP connection (p50) and ${ms(d.smtp.pooled.p50)} over a kept one: a worker that opens a connection per message and sends one at a time delivers at most ${(1000 / d.smtp.perConnection.p50).toFixed(0)} messages/s, fewer than the ${o.rate}/s requested, and the queue grows as long as the load lasts. Fix (pooled connections): bench/INVESTIGATION.md §4.`,
    ['outbox'],
  )

  // 5. Search.
  for (const [name, s] of Object.entries(r.search.categories)) {
    const range = r.search.matchRanges[name]
    add(
      {
        measure: `User search p95, ${describeCategory(name)}${range ? ` (${range.min}–${range.max} matches)` : ''}, ${r.search.users.toLocaleString('en')} users`,
        result: `${ms(s.p95)} (p50 ${ms(s.p50)}, n = ${s.n}, ${s.queries} different queries such as "${s.examples[0] ?? ''}")`,
        comparedWith: `GET /api/session (same token check and JSON, no search): p95 ${ms(r.search.apiBaseline.p95)}`,
        target: '< 20 ms',
      },
      s.failures > 0 ? { met: false, by: `${s.failures} requests failed` } : below(s.p95, 20, ms),
      searchWhy(name, s.slowest),
      ['search', 'api baseline'],
    )
  }

  // 6. Footprint.
  const fp = r.footprint
  const est = d.estimator
  const estimatorMiB = est.afterFirst.rssMiB - est.before.rssMiB
  add(
    {
      measure: `Cold start to first answer (GET /health), seeded database, median of ${fp.restarts.length}`,
      result: `${ms(fp.coldStartMs)} (each: ${fp.restarts.map((x) => x.coldStartMs.toFixed(0)).join(', ')} ms; empty data folder with migrations: ${ms(fp.firstStart.coldStartMs)})`,
      comparedWith: `a bare Node HTTP server on this machine: ${ms(fp.bareNode.coldStartMs)}`,
      target: '< 1 s',
    },
    below(fp.coldStartMs, 1000, ms),
    `Before its first answer the server loads and compiles its ${bundleSize(r.run.bundle.path)} bundle, opens and migrates the database and does its start-up work; building the password-strength estimator alone takes ${ms(est.firstAssessmentMs)} (separate process, after ${ms(est.importMs)} to load its module), which a build that warms it at start pays before answering. See bench/INVESTIGATION.md §6.`,
    ['footprint: restart'],
  )
  const settle = `${(r.run.plan.idleSettleMs ?? 0) / 1000} s`
  const afterJudged = fp.idle.rssAfterFirstPasswordMiB
  const judgedGrowth = afterJudged === undefined ? undefined : afterJudged - fp.idle.idleRssMiB
  const estimatorCause =
    judgedGrowth !== undefined && judgedGrowth > estimatorMiB / 2
      ? `The password-strength estimator already loads on first use (+${mib(judgedGrowth)} once the server judged a password); the rest is the server's code and data: a bare Node HTTP server idles at ${mib(fp.bareNode.idleRssMiB)}. See bench/INVESTIGATION.md §6 (a minified bundle).`
      : `The password-strength estimator is loaded at start: judging the first password added only ${judgedGrowth === undefined ? '?' : mib(judgedGrowth)}, while in a separate process the estimator holds +${mib(estimatorMiB)} RSS (heap ${mib(est.before.heapUsedMiB)} → ${mib(est.afterFirst.heapUsedMiB)}). Fix: load its dictionaries when a password is first judged (bench/INVESTIGATION.md §6).`
  add(
    {
      measure: `Idle RSS of the server (${r.run.serverCommand}, seeded database, after ${settle} without requests)`,
      result: `${mib(fp.idle.idleRssMiB)} (each second: ${fp.idle.rssSeries.join(', ')}; once it has judged a password: ${afterJudged === undefined ? '?' : mib(afterJudged)}; after the load, ${settle} idle: ${mib(fp.afterLoad.rssMiB)}, peak ${mib(fp.afterLoad.peakRssMiB)})`,
      comparedWith: `a bare Node HTTP server, same wait: ${mib(fp.bareNode.idleRssMiB)}`,
      target: '< 100 MiB',
    },
    below(fp.idle.idleRssMiB, 100, mib),
    estimatorCause,
    ['footprint: idle'],
  )
  const sourceMaps = fp.deployed.nodeFlags.includes('--enable-source-maps')
  add(
    {
      measure: `Idle RSS as deployed (\`${fp.deployed.command}\`, deploy/textup.service)`,
      result: `${mib(fp.deployed.idleRssMiB)} (cold start ${ms(fp.deployed.coldStartMs)})`,
      comparedWith: `as run above${fp.deployed.nodeFlags.length ? `, without ${fp.deployed.nodeFlags.join(' ')}` : ' (the same command, a second start)'}: ${mib(fp.idle.idleRssMiB)}`,
      target: '< 100 MiB',
    },
    below(fp.deployed.idleRssMiB, 100, mib),
    sourceMaps
      ? `${mib(fp.deployed.idleRssMiB - fp.idle.idleRssMiB)} more than without --enable-source-maps, which reads and parses the bundle's ${mapSize(r.run.bundle.path)} source map at start and keeps it. Fix: run without it and map stack traces with the shipped .map when needed (bench/INVESTIGATION.md §6).`
      : 'As above.',
    ['footprint: as deployed'],
  )
  const rendererKiB = fp.renderer.gzipBytes / 1024
  add(
    {
      measure: 'Console renderer bundle, gzipped (dist/renderer/assets/*.js)',
      result: `${rendererKiB.toFixed(1)} KiB (${fp.renderer.files.map((x) => `${x.name}: ${(x.bytes / 1024).toFixed(0)} KiB raw`).join(', ')})`,
      comparedWith: 'zlib gzip, default level',
      target: '< 250 KiB',
    },
    below(rendererKiB, 250, (x) => `${x.toFixed(1)} KiB`),
    'The renderer bundle grew past the budget: see the largest modules with a Vite bundle report.',
    [],
  )

  const machineLine = `${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.ramGiB} GiB RAM, Node ${r.machine.node}, ${r.machine.kernel}; run ${r.run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.run.seconds.toFixed(0)} s${r.run.scale !== 1 ? `, durations scaled × ${r.run.scale}` : ''}`
  const busiest = [...r.run.phases].sort((a, b) => b.otherProcesses - a.otherProcesses)[0]
  const waited = r.run.quietGates.reduce((a, g) => a + g.waitedMs, 0) / 1000
  const contentionNote = !busiest
    ? ''
    : busiest.otherProcesses > 0.1
      ? `The machine is shared: before each measurement the benchmark waited for other processes to quieten (${waited.toFixed(0)} s in all); they still used up to ${pct(busiest.otherProcesses)} of the CPUs during a phase ("${busiest.name}"), and figures measured while they used more than 10 % are marked ⚠. Load average ${r.machine.loadAverageAtStart[0]} at the start.`
      : `Other processes used at most ${pct(busiest.otherProcesses)} of the CPUs in any phase (the benchmark waited ${waited.toFixed(0)} s in all for them to quieten). Load average ${r.machine.loadAverageAtStart[0]} at the start.`
  const throttles = Object.entries(r.run.serverEnvironment)
    .filter(([k]) => k.includes('LIMIT'))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
  const table = [
    '| Measure | Result | Compared with | Target | Met? |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${cell(row.measure)} | ${cell(row.result)} | ${cell(row.comparedWith)} | ${cell(row.target)} | ${row.met ? '✅' : '❌'} ${cell(row.verdict)} |`),
  ].join('\n')
  const notes = [
    `Machine: ${machineLine}.`,
    `Server: \`${r.run.serverCommand}\` (built ${r.run.bundle.builtAt.slice(0, 16).replace('T', ' ')} UTC, sha256 ${r.run.bundle.sha256.slice(0, 12)}) on a temporary data folder, delivering to an SMTP receiver on 127.0.0.1; load from separate processes. Throttles raised because all load comes from 127.0.0.1: ${throttles}.`,
    contentionNote,
    r.run.bundle.staleness.length > 0 ? `⚠ The bundle measured may not be the current sources: ${r.run.bundle.staleness.join('; ')} (npm run build, then run the benchmark again).` : '',
  ]
    .filter(Boolean)
    .join('\n\n')
  const readmeSection = `${table}\n\n${notes}\n\nRun \`npm run bench\` (about ${Math.ceil(r.run.seconds / 60)} minutes) to measure again; details in [bench/results.md](bench/results.md), causes and fixes of the misses in [bench/INVESTIGATION.md](bench/INVESTIGATION.md).`
  const markdown = `# TextUp benchmark results\n\n${table}\n\n${notes}\n\n${phaseTable(r.run.phases)}\n`
  return { rows, markdown, readmeSection }
}

function phaseTable(phases: PhaseRecord[]): string {
  return [
    '## Phases and who used the CPUs',
    '',
    '| Phase | Seconds | Machine busy | Other processes | Server CPU-s | Load CPU-s | Load average (1 min) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...phases.map(
      (p) =>
        `| ${p.name} | ${p.seconds.toFixed(1)} | ${pct(p.machineBusy)} | ${pct(p.otherProcesses)} | ${p.serverCpuSeconds.toFixed(1)} | ${p.loadCpuSeconds.toFixed(1)} | ${p.loadAverage1m.toFixed(2)} |`,
    ),
  ].join('\n')
}

/** Why a kind of search is slow: the cause found for it (bench/INVESTIGATION.md), with this run's slowest queries. */
function searchWhy(name: string, slowest: Array<{ q: string; ms: number; matches: number | null }>): string {
  const examples = slowest
    .slice(0, 3)
    .map((x) => `"${x.q}" ${ms(x.ms)}${x.matches === null ? '' : ` (${x.matches} matches)`}`)
    .join(', ')
  const causes: Record<string, string> = {
    prefix:
      'The query gives SQLite two lower bounds on username_key (the page cursor, > \'\', and the prefix, >= \'m\'); it starts the index range at the cursor and filters the rows before the prefix one by one, so late letters walk most of the index. Fix: one lower bound, the larger of the two.',
    email:
      'A whole address is looked up in the trigram index as one phrase, and its domain\'s trigrams ("example.org") are in most rows: SQLite reads their long lists, twice (the density count, then the match). Fix: look up the part before the "@" and check the whole text on the rows found.',
    'substring-very-common':
      'Above 2,000 matches the search walks usernames in order and tests each row with LIKE, assuming matches are spread evenly; when they cluster late in the alphabet (a first name\'s letters inside "zoe.koch"), it walks most of the 100,000 rows. Fix: walk at most 3,000 usernames, then ask the index.',
  }
  return `${causes[name] ?? 'See bench/INVESTIGATION.md §5.'} Slowest here: ${examples}. (bench/INVESTIGATION.md §5)`
}

function describeCategory(name: string): string {
  switch (name) {
    case 'prefix':
      return 'prefix (1–2 characters)'
    case 'substring-rare':
      return 'substring, rare (≥ 3 characters)'
    case 'substring-common':
      return 'substring, common (≥ 3 characters)'
    case 'substring-very-common':
      return 'substring, very common (≥ 3 characters)'
    case 'email':
      return 'email address'
    default:
      return name
  }
}

function failures(statusCounts: Record<string, number>): string {
  const other = Object.entries(statusCounts).filter(([status]) => status !== '303')
  return other.length === 0 ? 'no failures' : `other answers: ${other.map(([s, n]) => `${n} × ${s}`).join(', ')}`
}


function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)} ms`
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ')
}

function mapSize(bundlePath: string): string {
  const file = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), `${bundlePath}.map`)
  return existsSync(file) ? `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB` : 'missing'
}

function bundleSize(bundlePath: string): string {
  return `${(statSync(path.resolve(fileURLToPath(new URL('../..', import.meta.url)), bundlePath)).size / 1024 / 1024).toFixed(1)} MB`
}

const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

/** Replaces the README's Performance section between the markers (adding both at the end if absent). */
export function updateReadme(readmePath: string, section: string): void {
  const readme = readFileSync(readmePath, 'utf8')
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  const body = `${START}\n${section}\n${END}`
  const next =
    start >= 0 && end > start
      ? `${readme.slice(0, start)}${body}${readme.slice(end + END.length)}`
      : `${readme.trimEnd()}\n\n## Performance\n\n${body}\n`
  writeFileSync(readmePath, next)
}
