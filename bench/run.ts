// `npm run bench`: measures TextUp against the limits of the machine it runs on, all in one run.
//
// A real server (the production bundle, dist/server/main.js) runs as its own process on a temporary
// data folder, delivering to a real SMTP server on 127.0.0.1; the load comes from other processes
// (bench/load/worker.ts). Every figure is compared with something measured in the same run on the
// same machine. Results go to bench/results.json and bench/results.md, and the table replaces the
// Performance section of README.md. Each phase is a function of its own in bench/phases/.
// `npm run bench -- --db postgres` runs the server on a throwaway PostgreSQL cluster of the
// benchmark's own; `--db both` runs SQLite then PostgreSQL on the same accounts and prints their tables
// side by side. `npm run bench -- --baseline <bundle or git ref>` compares the key measures with
// another build instead (bench/compare.ts). bench/README.md describes each measure; bench/INVESTIGATION.md the misses.
import { randomInt } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { median } from '../lib/stats'
import { compare } from './compare'
import { log, SCALE, THROTTLE_OVERRIDES, type Bench, type Target } from './lib/bench'
import { DEFAULT_BUNDLE, ensureBuilt, rendererBundle, ROOT, snapshotBundle } from './lib/bundle'
import { describeMachine, processMemory } from './lib/machine'
import { openBenchDatabase, REQUESTS_DONE, withCost, ENGINE_NAMES, type BenchDatabase } from './lib/database'
import { sideBySide } from './lib/engines-report'
import { buildReport, updateReadme, type Report } from './lib/report'
import type { BenchResults, Engine } from './lib/results'
import type { ServerProcess } from './lib/server-process'
import { serverEnvironment, startBench, startTarget } from './lib/targets'
import { measureDiagnostics } from './phases/diagnostics'
import { measureForgotPassword } from './phases/forgot-password'
import { measureFreshFootprint, measureSeededFootprint } from './phases/footprint'
import { measureLargeSearch } from './phases/large-search'
import { measureOutbox } from './phases/outbox'
import { measureSearch } from './phases/search'
import { seedAccounts } from './phases/seed'
import { measureResponsiveness, measureSignInThroughput } from './phases/sign-in'

/**
 * BENCH_SERVER_BUNDLE runs another build of the server (a candidate fix built in a scratch copy);
 * BENCH_RESULTS_DIR then keeps its results apart and leaves README.md alone.
 */
const BUNDLE = path.resolve(process.env.BENCH_SERVER_BUNDLE ?? DEFAULT_BUNDLE)
const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(ROOT, 'bench'))
const UPDATE_README = process.env.BENCH_RESULTS_DIR === undefined

interface EngineRun {
  results: BenchResults
  report: Report
}

/** The full run on one engine; seed makes the accounts and queries (the same seed, the same data). */
async function fullRun(engine: Engine, seed: number): Promise<EngineRun> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`,
  )
  ensureBuilt()
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'textup-bench-'))
  const app = snapshotBundle(BUNDLE, workDir, 'app')
  const bench = await startBench(seed)
  const dataDir = path.join(workDir, 'data')
  let db: BenchDatabase | undefined
  let server: ServerProcess | undefined
  log(`server: node ${app.source} (sha256 ${app.sha256.slice(0, 12)}, built ${app.builtAt}), run from a copy in ${workDir}`)
  log(
    `throttles raised for the load tests (all load comes from 127.0.0.1): ${Object.entries(THROTTLE_OVERRIDES)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  )
  try {
    db = await openBenchDatabase(engine, dataDir)
    const database = db
    log(`database: ${database.description}`)
    const serverEnv = { ...serverEnvironment(bench, dataDir), ...database.env }
    const diagnostics = await measureDiagnostics(bench, workDir)
    const { bare, fresh } = await measureFreshFootprint(bench, app, serverEnv)
    const data = await seedAccounts(bench, [database.seed], serverEnv)
    const seededFootprint = await measureSeededFootprint(bench, app, serverEnv, data.admin, data.password)

    const current = await startTarget('current', app, serverEnv, data.admin, data.password)
    server = current.server
    const live = current.target
    const accounts = { usernames: data.signInAccounts, password: data.password, hash: data.hash }
    const signIns = await withCost(database, REQUESTS_DONE.signIns, async () =>
      (await measureSignInThroughput(bench, [live], accounts)).get(live)!,
    )
    const throughput = signIns.outcome
    const signedIn = await database.accountsSignedIn()
    const storm = await measureResponsiveness(bench, live, accounts)
    const forgotPassword = (
      await measureForgotPassword(bench, [live], { existing: data.forgotExisting, unknown: data.forgotUnknown }, 1)
    ).get(live)!
    const resets = await withCost(database, REQUESTS_DONE.resets, () => measureOutbox(bench, live, data.outboxPeople))
    const outbox = resets.outcome
    const search = (await measureSearch(bench, [live], data.queries, 1)).get(live)!
    const afterLoad = await idleMemory(bench, live)
    const stopped = await server.stop()
    const serverOutput = server.output()
    server = undefined
    const searchLarge = await measureLargeSearch(bench, database, app, serverEnv, data)

    const results: BenchResults = {
      machine,
      database: { engine, description: database.description, perSignIn: signIns.cost, perReset: resets.cost },
      run: {
        startedAt,
        seconds: (performance.now() - started) / 1000,
        scale: SCALE,
        seed: bench.seed,
        plan: bench.plan,
        serverCommand: `node ${app.source}`,
        serverEnvironment: {
          LOG_LEVEL: 'warn',
          SMTP_URL: 'smtp://127.0.0.1:<receiver>',
          DATA_DIR: '<temporary folder>',
          ...(engine === 'postgres' ? { DATABASE_URL: 'postgres://<throwaway cluster on 127.0.0.1>/textup_bench' } : {}),
          ...THROTTLE_OVERRIDES,
        },
        bundle: { path: app.source, builtAt: app.builtAt, sha256: app.sha256, staleness: app.staleness },
        phases: bench.phases.records,
        quietGates: bench.quiet.gates,
        serverStop: { ms: stopped.ms, exitCode: stopped.code, output: serverOutput.slice(0, 4000) },
      },
      diagnostics: { ...diagnostics, serverThreadsDuringStorm: storm.stormThreads },
      signIn: { ...throughput, accountsSignedIn: signedIn, duringStorm: storm.duringStorm },
      responsiveness: storm.responsiveness,
      forgotPassword,
      outbox,
      search,
      searchLarge,
      footprint: {
        bareNode: bare,
        firstStart: fresh,
        restarts: seededFootprint.restarts,
        coldStartMs: median(seededFootprint.restarts.map((r) => r.coldStartMs)),
        idle: seededFootprint.idle,
        deployed: seededFootprint.deployed,
        afterLoad,
        renderer: rendererBundle(),
      },
    }
    const report = buildReport(results)
    const name = engine === 'sqlite' ? 'results' : `results-${engine}`
    mkdirSync(RESULTS_DIR, { recursive: true })
    writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ ...results, table: report.rows }, null, 2)}\n`)
    writeFileSync(path.join(RESULTS_DIR, `${name}.md`), report.markdown)
    process.stdout.write(`\n${report.markdown}\n`)
    log(
      `${ENGINE_NAMES[engine]} done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${path.relative(ROOT, RESULTS_DIR) || '.'}/${name}.json and ${name}.md`,
    )
    return { results, report }
  } finally {
    await Promise.all(bench.loads.map((l) => l.stop().catch(() => undefined)))
    if (server) await server.stop()
    await bench.sink.stop()
    // The throwaway cluster goes whatever happened.
    await db?.close()
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** One engine or both (the same accounts and queries); with both, the two tables side by side. */
async function benchEngines(engines: Engine[]): Promise<void> {
  const seed = randomInt(2 ** 31)
  const runs: EngineRun[] = []
  for (const engine of engines) runs.push(await fullRun(engine, seed))
  if (runs.length === 1) {
    if (UPDATE_README && engines[0] === 'sqlite') updateReadme(path.join(ROOT, 'README.md'), runs[0]!.report.readmeSection)
    return
  }
  const both = sideBySide(runs.map((r) => ({ engine: r.results.database.engine, results: r.results, report: r.report })))
  writeFileSync(path.join(RESULTS_DIR, 'results-engines.md'), both.markdown)
  if (UPDATE_README) updateReadme(path.join(ROOT, 'README.md'), both.readmeSection)
  process.stdout.write(`\n${both.markdown}\n`)
  log(`both engines: ${path.relative(ROOT, RESULTS_DIR) || '.'}/results-engines.md${UPDATE_README ? ', README.md (Performance)' : ''}`)
}

/** The server's memory after all the load, read each second while it sits idle. */
async function idleMemory(bench: Bench, target: Target): Promise<BenchResults['footprint']['afterLoad']> {
  const rssSeries: number[] = []
  for (let waited = 0; waited < bench.plan.idleSettleMs; waited += 1000) {
    await sleep(1000)
    rssSeries.push(Math.round(processMemory(target.pid).rssMiB * 10) / 10)
  }
  return { ...processMemory(target.pid), rssSeries }
}

const { values } = parseArgs({ options: { baseline: { type: 'string' }, db: { type: 'string', default: 'sqlite' } } })
const ENGINES: Record<string, Engine[]> = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] }
const engines = ENGINES[values.db ?? 'sqlite']
if (!engines) throw new Error(`--db ${values.db}: expected sqlite, postgres or both`)
await (values.baseline === undefined ? benchEngines(engines) : compare(values.baseline, BUNDLE))
