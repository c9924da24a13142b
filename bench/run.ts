// `npm run bench`: measures TextUp against the limits of the machine it runs on, all in one run.
//
// A real server (the production bundle, dist/server/main.js) runs as its own process on a temporary
// data folder, delivering to a real SMTP server on 127.0.0.1; the load comes from other processes
// (bench/load/worker.ts). Every figure is compared with something measured in the same run on the
// same machine. Results go to bench/results.json and bench/results.md, and the table replaces the
// Performance section of README.md. Each phase is a function of its own in bench/phases/.
// `npm run bench -- --baseline <bundle or git ref>` compares the key measures with another build
// instead (bench/compare.ts). bench/README.md describes each measure; bench/INVESTIGATION.md the misses.
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
import { buildReport, updateReadme } from './lib/report'
import type { BenchResults } from './lib/results'
import type { ServerProcess } from './lib/server-process'
import { accountsSignedIn, serverEnvironment, startBench, startTarget } from './lib/targets'
import { measureDiagnostics } from './phases/diagnostics'
import { measureForgotPassword } from './phases/forgot-password'
import { measureFreshFootprint, measureSeededFootprint } from './phases/footprint'
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

async function fullRun(): Promise<void> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`,
  )
  ensureBuilt()
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'textup-bench-'))
  const app = snapshotBundle(BUNDLE, workDir, 'app')
  const bench = await startBench()
  const dataDir = path.join(workDir, 'data')
  const serverEnv = serverEnvironment(bench, dataDir)
  let server: ServerProcess | undefined
  log(`server: node ${app.source} (sha256 ${app.sha256.slice(0, 12)}, built ${app.builtAt}), run from a copy in ${workDir}`)
  log(
    `throttles raised for the load tests (all load comes from 127.0.0.1): ${Object.entries(THROTTLE_OVERRIDES)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  )
  try {
    const diagnostics = await measureDiagnostics(bench, workDir)
    const { bare, fresh } = await measureFreshFootprint(bench, app, serverEnv)
    const data = await seedAccounts(bench, [dataDir], serverEnv)
    const seededFootprint = await measureSeededFootprint(bench, app, serverEnv, data.admin, data.password)

    const current = await startTarget('current', app, serverEnv, data.admin, data.password)
    server = current.server
    const live = current.target
    const accounts = { usernames: data.signInAccounts, password: data.password, hash: data.hash }
    const throughput = (await measureSignInThroughput(bench, [live], accounts)).get(live)!
    const signedIn = accountsSignedIn(dataDir)
    const storm = await measureResponsiveness(bench, live, accounts)
    const forgotPassword = (
      await measureForgotPassword(bench, [live], { existing: data.forgotExisting, unknown: data.forgotUnknown }, 1)
    ).get(live)!
    const outbox = await measureOutbox(bench, live, data.outboxPeople)
    const search = (await measureSearch(bench, [live], data.queries, 1)).get(live)!
    const afterLoad = await idleMemory(bench, live)
    const stopped = await server.stop()
    const serverOutput = server.output()
    server = undefined

    const results: BenchResults = {
      machine,
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
    mkdirSync(RESULTS_DIR, { recursive: true })
    writeFileSync(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify({ ...results, table: report.rows }, null, 2)}\n`)
    writeFileSync(path.join(RESULTS_DIR, 'results.md'), report.markdown)
    if (UPDATE_README) updateReadme(path.join(ROOT, 'README.md'), report.readmeSection)
    process.stdout.write(`\n${report.markdown}\n`)
    log(
      `done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${path.relative(ROOT, RESULTS_DIR) || '.'}/results.json and results.md${UPDATE_README ? ', README.md (Performance)' : ''}`,
    )
  } finally {
    await Promise.all(bench.loads.map((l) => l.stop().catch(() => undefined)))
    if (server) await server.stop()
    await bench.sink.stop()
    rmSync(workDir, { recursive: true, force: true })
  }
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

const { values } = parseArgs({ options: { baseline: { type: 'string' } } })
await (values.baseline === undefined ? fullRun() : compare(values.baseline, BUNDLE))
