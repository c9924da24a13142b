// `npm run bench`: measures TextUp against the limits of the machine it runs on, all in one run.
//
// A real server (the production bundle, dist/server/main.js) runs as its own process on a temporary
// data folder, delivering to a real SMTP server on 127.0.0.1; the load comes from other processes
// (bench/load/worker.ts: autocannon, or a timed HTTP loop where each request's sample is needed).
// Every figure is compared with something measured in the same run on the same machine. Results go
// to bench/results.json and bench/results.md, and the table replaces the Performance section of
// README.md. bench/README.md describes each measure; bench/INVESTIGATION.md explains the misses.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes, randomInt } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import SQLite from 'better-sqlite3'
import { PasswordHasher } from '../server/accounts/passwords'
import { loadConfig } from '../server/config'
import { databasePath } from '../server/db/sqlite'
import type { Argon2RawResult, ForgotPasswordResult, LoadProcessHealth, LoadResult, OutboxResult, ProbeResult, SearchResult, SignInResult } from './load/tasks'
import { commitLatency } from './lib/disk'
import { HttpClient } from './lib/http'
import { startLoad, type LoadRun } from './lib/load-process'
import { compareThreadTimes, describeMachine, processCpuSeconds, processMemory, threadTimes } from './lib/machine'
import { PhaseClock } from './lib/phase'
import { QuietWaiter } from './lib/quiet'
import { buildReport, updateReadme, type BenchResults, type FootprintRun } from './lib/report'
import { generatePeople, seedDatabase, unknownUsernames, type SeededUser } from './lib/seed'
import { startServerProcess, type ServerProcess } from './lib/server-process'
import { smtpSendCost } from './lib/smtp-cost'
import { SmtpSink } from './lib/smtp-sink'
import { bootstrapMedianDifference, mannWhitneyU, median, seededRandom, shuffled, summarize } from './lib/stats'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/**
 * BENCH_SERVER_BUNDLE runs another build of the server (a candidate fix built in a scratch copy);
 * BENCH_RESULTS_DIR then keeps its results apart and leaves README.md alone.
 */
const BUNDLE = path.resolve(process.env.BENCH_SERVER_BUNDLE ?? path.join(ROOT, 'dist/server/main.js'))
const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(ROOT, 'bench'))
const UPDATE_README = process.env.BENCH_RESULTS_DIR === undefined
const RENDERER_ASSETS = path.join(ROOT, 'dist/renderer/assets')
const CORES = os.availableParallelism()

/** BENCH_SCALE=0.3 shortens every timed load (for trying the benchmark out); results record it. */
const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1
const seconds = (s: number) => Math.max(1, Math.round(s * SCALE))
const count = (n: number) => Math.max(20, Math.round(n * SCALE))

const PLAN = {
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

/** The throttles are per username and per client address; all load comes from 127.0.0.1, so they are raised. */
const THROTTLE_OVERRIDES = {
  SIGN_IN_LIMIT_PER_ACCOUNT: '1000',
  SIGN_IN_LIMIT_PER_ADDRESS: '100000',
  RESET_LIMIT_PER_ACCOUNT: '1000',
  RESET_LIMIT_PER_ADDRESS: '100000',
}

function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

function ensureBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist/server/main.js')) || !existsSync(RENDERER_ASSETS)) {
    log('dist/ is incomplete: running npm run build')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  }
  if (!existsSync(BUNDLE)) throw new Error(`No server bundle at ${BUNDLE}`)
}

/**
 * A copy of the bundle (with its source map and the pages' assets) that the server runs from, so
 * a rebuild of dist/ by someone else during the run cannot change or remove it. Native modules come
 * from the repository's node_modules, as for dist/server/main.js itself.
 */
function snapshotBundle(workDir: string): { bundle: string; cwd: string; sha256: string; builtAt: string; source: string; staleness: string[] } {
  const app = path.join(workDir, 'app')
  const serverDir = path.join(app, 'dist', 'server')
  mkdirSync(path.dirname(serverDir), { recursive: true })
  // The whole folder: the bundle loads files beside it (the hashing threads' entry).
  cpSync(path.dirname(BUNDLE), serverDir, { recursive: true })
  cpSync(path.resolve(path.dirname(BUNDLE), '../assets'), path.join(app, 'dist', 'assets'), { recursive: true })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir')
  // Where the bundle's package.json says "type": "module": without it Node would first try the
  // bundle as CommonJS, fail, and compile it again as a module (50 MB more memory, measured).
  cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'))
  const content = readFileSync(BUNDLE)
  const builtAt = statSync(BUNDLE).mtime
  return {
    bundle: path.join(serverDir, path.basename(BUNDLE)),
    cwd: app,
    sha256: createHash('sha256').update(content).digest('hex'),
    builtAt: builtAt.toISOString(),
    source: path.relative(ROOT, BUNDLE),
    staleness: process.env.BENCH_SERVER_BUNDLE === undefined ? sourcesNewerThan(builtAt) : [],
  }
}

/** Whether the server's sources changed after the bundle was built (then the figures are of an older server). */
function sourcesNewerThan(builtAt: Date): string[] {
  const notes: string[] = []
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
    const lastCommit = Number(git('log', '-1', '--format=%ct', '--', 'server', 'src-shared'))
    if (lastCommit * 1000 > builtAt.getTime()) notes.push(`the last commit to server/ or src-shared/ (${new Date(lastCommit * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC) is newer than the bundle`)
    const changed = git('status', '--porcelain', '--', 'server', 'src-shared').split('\n').filter(Boolean).length
    if (changed > 0) notes.push(`${changed} ${changed === 1 ? 'file' : 'files'} under server/ or src-shared/ ${changed === 1 ? 'has' : 'have'} uncommitted changes`)
  } catch {
    notes.push('git could not say whether the sources changed since the build')
  }
  return notes
}

/** The node flags of the deployed command (deploy/textup.service's ExecStart), e.g. --enable-source-maps. */
function deployedCommand(): { command: string; nodeFlags: string[] } {
  try {
    const unit = readFileSync(path.join(ROOT, 'deploy/textup.service'), 'utf8')
    const command = /^ExecStart=(.+)$/m.exec(unit)?.[1]?.trim() ?? ''
    const words = command.split(/\s+/)
    const script = words.findIndex((w) => w.endsWith('.js'))
    return { command, nodeFlags: words.slice(1, script < 0 ? undefined : script).filter((w) => w.startsWith('--')) }
  } catch {
    return { command: '(deploy/textup.service not found)', nodeFlags: [] }
  }
}

function rendererBundle(): { files: Array<{ name: string; bytes: number; gzipBytes: number }>; gzipBytes: number } {
  const files = readdirSync(RENDERER_ASSETS)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const content = readFileSync(path.join(RENDERER_ASSETS, name))
      return { name, bytes: content.length, gzipBytes: gzipSync(content).length }
    })
  return { files, gzipBytes: files.reduce((total, f) => total + f.gzipBytes, 0) }
}

/** Builds the search queries from the seeded people, classed by how many accounts each matches. */
function searchQueries(people: SeededUser[], random: () => number) {
  const haystacks = people.map((p) => `${p.username}\n${p.displayName}\n${p.email}`.toLowerCase())
  const matches = (q: string) => {
    const needle = q.toLowerCase()
    let n = 0
    for (const h of haystacks) if (h.includes(needle)) n++
    return n
  }
  const pickPerson = () => people[Math.floor(random() * people.length)]!
  const substring = (text: string, min: number, max: number) => {
    const length = min + Math.floor(random() * (max - min + 1))
    const start = Math.floor(random() * Math.max(1, text.length - length + 1))
    return text.slice(start, start + length)
  }
  const wanted = PLAN.queriesPerCategory
  const prefix = new Set<string>()
  while (prefix.size < wanted) prefix.add(pickPerson().username.slice(0, 1 + Math.floor(random() * 2)))
  const rare = new Map<string, number>()
  const common = new Map<string, number>()
  const veryCommon = new Map<string, number>()
  for (let tries = 0; tries < 5000 && (rare.size < wanted || common.size < wanted || veryCommon.size < wanted); tries++) {
    const person = pickPerson()
    const field = [person.username, person.displayName, person.email][Math.floor(random() * 3)]!
    const q = random() < 0.5 ? substring(field, 3, 4) : substring(field, 5, 8)
    if (q.length < 3 || q !== q.trim() || rare.has(q) || common.has(q) || veryCommon.has(q)) continue
    const n = matches(q)
    if (n <= 20 && rare.size < wanted) rare.set(q, n)
    else if (n >= 200 && n <= 2000 && common.size < wanted) common.set(q, n)
    else if (n > 2000 && veryCommon.size < wanted) veryCommon.set(q, n)
  }
  const email = new Set<string>()
  while (email.size < wanted) email.add(pickPerson().email)
  const range = (m: Map<string, number>) => ({ min: Math.min(...m.values()), max: Math.max(...m.values()) })
  return {
    categories: [
      { name: 'prefix', queries: [...prefix] },
      { name: 'substring-rare', queries: [...rare.keys()] },
      { name: 'substring-common', queries: [...common.keys()] },
      { name: 'substring-very-common', queries: [...veryCommon.keys()] },
      { name: 'email', queries: [...email] },
    ],
    matches: Object.fromEntries([...rare, ...common, ...veryCommon]),
    matchRanges: { 'substring-rare': range(rare), 'substring-common': range(common), 'substring-very-common': range(veryCommon) },
  }
}

function readDatabase<T>(dataDir: string, read: (db: SQLite.Database) => T): T {
  const db = new SQLite(databasePath(dataDir), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`)
  ensureBuilt()
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'textup-bench-'))
  const app = snapshotBundle(workDir)
  const renderer = rendererBundle()
  const phases = new PhaseClock()
  const quiet = new QuietWaiter(PLAN.quietBudgetSeconds * 1000)
  const dataDir = path.join(workDir, 'data')
  const seed = randomInt(2 ** 31)
  const random = seededRandom(seed)
  const sink = await SmtpSink.start()
  let server: ServerProcess | undefined
  const loads: Array<{ stop(): Promise<void> }> = []
  const serverEnv = { DATA_DIR: dataDir, SMTP_URL: sink.url, LOG_LEVEL: 'warn', ...THROTTLE_OVERRIDES }
  log(`server: node ${app.source} (sha256 ${app.sha256.slice(0, 12)}, built ${app.builtAt}), run from a copy in ${workDir}`)
  log(`throttles raised for the load tests (all load comes from 127.0.0.1): ${Object.entries(THROTTLE_OVERRIDES).map(([k, v]) => `${k}=${v}`).join(' ')}`)

  /**
   * Starts a server and times its first answer; with settleMs, then lets it sit idle, reading its
   * memory every second (V8 gives memory back some seconds after the start's burst of allocation),
   * and reports the last reading as its idle RSS. Then stops it.
   */
  const footprint = (
    name: string,
    args: string[],
    env: Record<string, string>,
    settleMs: number,
    nodeFlags: string[] = [],
    afterIdle?: (url: string) => Promise<void>,
  ): Promise<FootprintRun> =>
    phases.run(name, () => undefined, async (addCpu) => {
      const s = await startServerProcess({ args, cwd: app.cwd, env, nodeFlags })
      const rssSeries: number[] = []
      for (let waited = 0; waited < settleMs; waited += 1000) {
        await sleep(1000)
        rssSeries.push(Math.round(processMemory(s.pid).rssMiB * 10) / 10)
      }
      const memory = processMemory(s.pid)
      let rssAfterFirstPasswordMiB: number | undefined
      if (afterIdle) {
        await afterIdle(s.url)
        await sleep(1000)
        rssAfterFirstPasswordMiB = processMemory(s.pid).rssMiB
      }
      addCpu(processCpuSeconds(s.pid))
      const stopped = await s.stop()
      return { coldStartMs: s.coldStartMs, idleRssMiB: memory.rssMiB, peakRssMiB: memory.peakRssMiB, rssSeries, rssAfterFirstPasswordMiB, stopMs: stopped.ms, exitCode: stopped.code }
    })

  /**
   * Has the server judge one password (an admin creating an account with a guessable one: refused
   * with 422, nothing created), to see what the password-strength estimator adds once it is used.
   */
  const judgeOnePassword = async (url: string, admin: SeededUser, password: string): Promise<void> => {
    const client = new HttpClient(url)
    try {
      const session = await client.request({ method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: admin.username, password }) })
      if (session.status !== 201) throw new Error(`The admin could not sign in: ${session.status}`)
      const { token } = JSON.parse(session.body) as { token: string }
      const weak = 'password1234567890'
      const refused = await client.request({
        method: 'POST',
        path: '/api/users',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ username: 'bench.memory', displayName: 'Bench Memory', email: 'bench.memory@example.org', newPassword: weak, newPasswordConfirmation: weak }),
      })
      if (refused.status !== 422) throw new Error(`A guessable password was answered ${refused.status}, not 422: ${refused.body.slice(0, 200)}`)
    } finally {
      client.close()
    }
  }

  /** Runs one measured slice of a prepared load process, in a phase of its own. */
  const measured = <R extends LoadResult>(name: string, serverPid: () => number, run: () => Promise<LoadRun<R>>) =>
    phases.run(name, serverPid, async (addCpu) => {
      const done = await run()
      addCpu(done.health.cpuSeconds)
      return done
    })

  try {
    // Diagnostics that explain the figures below, measured on this machine in this run. ------------------
    const diskDir = path.join(workDir, 'disk')
    mkdirSync(diskDir)
    await quiet.wait('diagnostics')
    const commits = { full: commitLatency(diskDir, 'FULL', PLAN.commitSamples), normal: commitLatency(diskDir, 'NORMAL', PLAN.commitSamples) }
    log(`SQLite commit on this disk: synchronous=FULL p50 ${commits.full.p50.toFixed(2)} ms p99 ${commits.full.p99.toFixed(2)} ms; NORMAL p99 ${commits.normal.p99.toFixed(2)} ms`)
    const smtp = await smtpSendCost(sink.url, 10)
    log(`one email to the receiver with nodemailer: new connection p50 ${smtp.perConnection.p50.toFixed(1)} ms, pooled connection p50 ${smtp.pooled.p50.toFixed(1)} ms`)
    const estimatorRun = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(ROOT, 'bench/probes/estimator-cost.ts')], { cwd: ROOT, encoding: 'utf8' })
    const estimator = JSON.parse(estimatorRun.stdout.trim().split('\n').at(-1) ?? '{}') as BenchResults['diagnostics']['estimator']

    // Footprint: a bare Node HTTP server as the floor, then TextUp on an empty data folder. -------------------
    const bareServer = "import http from 'node:http'; http.createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"
    await quiet.wait('footprint: bare node')
    const bare = await footprint('footprint: bare node', ['--input-type=module', '-e', bareServer], {}, PLAN.idleSettleMs)
    log(`bare Node HTTP server: first answer after ${bare.coldStartMs.toFixed(0)} ms, idle RSS ${bare.idleRssMiB.toFixed(1)} MiB`)
    await quiet.wait('footprint: first start')
    const fresh = await footprint('footprint: first start', [app.bundle], serverEnv, 0)
    log(`TextUp on an empty data folder (migrations run): first answer after ${fresh.coldStartMs.toFixed(0)} ms`)

    // Seed 100,000 accounts in one transaction, with the server's own argon2id parameters. --------------------
    const password = randomBytes(15).toString('base64url')
    const hash = await new PasswordHasher(loadConfig({ ...serverEnv, PORT: '0' }).argon2).hash(password)
    const people = generatePeople(PLAN.users - 1, random)
    const admin: SeededUser = { username: 'bench.admin', displayName: 'Bench Admin', email: 'bench.admin@example.org' }
    const seeded = await phases.run('seed', () => undefined, () => Promise.resolve(seedDatabase(dataDir, admin, people, hash)))
    log(`seeded ${PLAN.users} accounts in ${(seeded.insertMs / 1000).toFixed(1)} s (one transaction; the search index by its triggers), hash ${seeded.hashPrefix}`)
    const order = shuffled(people, random)
    const signInAccounts = order.slice(0, PLAN.signInAccounts).map((p) => p.username)
    const outboxPeople = order.slice(PLAN.signInAccounts, PLAN.signInAccounts + PLAN.outboxRate * PLAN.outboxSeconds)
    const forgotExisting = order.slice(PLAN.signInAccounts + outboxPeople.length, PLAN.signInAccounts + outboxPeople.length + 5000).map((p) => p.username)
    const forgotUnknown = unknownUsernames(5000, new Set(people.map((p) => p.username)), random)
    const queries = searchQueries(people, random)

    // Footprint on the seeded database (the restart an operator sees), then as deployed. ---------------------------
    const restarts: FootprintRun[] = []
    for (let i = 0; i < PLAN.coldStartRepeats; i++) {
      await quiet.wait(`footprint: restart ${i + 1}`)
      restarts.push(await footprint(`footprint: restart ${i + 1}`, [app.bundle], serverEnv, 0))
    }
    log(`TextUp on the seeded database: first answer after ${restarts.map((r) => r.coldStartMs.toFixed(0)).join(', ')} ms`)
    await quiet.wait('footprint: idle')
    const idle = await footprint('footprint: idle', [app.bundle], serverEnv, PLAN.idleSettleMs, [], (url) => judgeOnePassword(url, admin, password))
    log(`  idle RSS ${idle.idleRssMiB.toFixed(1)} MiB after ${PLAN.idleSettleMs / 1000} s (each second: ${idle.rssSeries.join(' ')}); ${idle.rssAfterFirstPasswordMiB?.toFixed(1)} MiB once it has judged a password`)
    const asDeployed = deployedCommand()
    await quiet.wait('footprint: as deployed')
    const deployed = { ...(await footprint('footprint: as deployed', [app.bundle], serverEnv, PLAN.idleSettleMs, asDeployed.nodeFlags)), ...asDeployed }
    log(`as deployed (${asDeployed.command}, deploy/textup.service): first answer after ${deployed.coldStartMs.toFixed(0)} ms, idle RSS ${deployed.idleRssMiB.toFixed(1)} MiB`)

    // The server under load. --------------------------------------------------------------------------------------
    server = await startServerProcess({ args: [app.bundle], cwd: app.cwd, env: serverEnv })
    const live = server
    const serverPid = () => live.pid
    const api = new HttpClient(live.url)
    const adminSignIn = await api.request({ method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: admin.username, password }) })
    if (adminSignIn.status !== 201) throw new Error(`The admin could not sign in: ${adminSignIn.status} ${adminSignIn.body}`)
    const token = (JSON.parse(adminSignIn.body) as { token: string }).token
    api.close()

    // 1. Sign-in throughput against the raw argon2id verify rate, alternating slices. -------------------------------
    log(`sign-in throughput: ${PLAN.throughputSlices} × (raw argon2id ${PLAN.sliceSeconds} s, then POST /login over ${signInAccounts.length} accounts ${PLAN.sliceSeconds} s), concurrency ${PLAN.concurrency}…`)
    const rawLoad = startLoad<Argon2RawResult>({ kind: 'argon2-raw', hash, password, concurrency: PLAN.concurrency, warmupSeconds: PLAN.warmupSeconds, seconds: PLAN.sliceSeconds })
    loads.push(rawLoad)
    await rawLoad.ready
    const signInLoad = startLoad<SignInResult>({ kind: 'sign-in', url: live.url, usernames: signInAccounts, password, connections: PLAN.concurrency, warmupSeconds: PLAN.warmupSeconds, seconds: PLAN.sliceSeconds })
    loads.push(signInLoad)
    await signInLoad.ready
    const rawSlices: Array<LoadRun<Argon2RawResult>> = []
    const signInSlices: Array<LoadRun<SignInResult>> = []
    // Where the server's CPU time goes during sign-ins: its event loop thread, and the others (argon2).
    const signInThreads = { mainNs: 0, otherNs: 0 }
    for (let i = 1; i <= PLAN.throughputSlices; i++) {
      await quiet.wait(`argon2id raw ${i}`)
      rawSlices.push(await measured(`argon2id raw ${i}`, serverPid, () => rawLoad.run()))
      await quiet.wait(`sign-in ${i}`)
      const before = threadTimes(live.pid)
      signInSlices.push(await measured(`sign-in ${i}`, serverPid, () => signInLoad.run()))
      const earlier = new Map(before.map((t) => [t.tid, t.runNs]))
      for (const t of threadTimes(live.pid)) {
        const ran = t.runNs - (earlier.get(t.tid) ?? 0)
        if (t.tid === live.pid) signInThreads.mainNs += ran
        else signInThreads.otherNs += ran
      }
      log(`  slice ${i}: raw ${rawSlices.at(-1)!.result.perSecond.toFixed(1)}/s, server ${signInSlices.at(-1)!.result.perSecond.toFixed(1)}/s`)
    }
    await rawLoad.stop()
    const accountsSignedIn = readDatabase(dataDir, (db) => (db.prepare("select count(distinct user_id) as n from sessions where kind = 'browser'").get() as { n: number }).n)

    // 2. Responsiveness: GET /login alone, then during a sign-in storm. ----------------------------------------------
    log(`GET /login at ${PLAN.probeRate}/s: idle server ${PLAN.idleProbeSeconds} s, then during a sign-in storm ${PLAN.stormSeconds} s…`)
    const idleProbeLoad = startLoad<ProbeResult>({ kind: 'probe', url: live.url, path: '/login', rate: PLAN.probeRate, seconds: PLAN.idleProbeSeconds })
    loads.push(idleProbeLoad)
    await idleProbeLoad.ready
    await quiet.wait('probe: idle')
    const idleProbe = await measured('probe: idle', serverPid, () => idleProbeLoad.run())
    await idleProbeLoad.stop()
    const stormProbeLoad = startLoad<ProbeResult>({ kind: 'probe', url: live.url, path: '/login', rate: PLAN.probeRate, seconds: PLAN.stormSeconds })
    loads.push(stormProbeLoad)
    await stormProbeLoad.ready
    await quiet.wait('probe: sign-in storm')
    const threadsBefore = threadTimes(live.pid)
    const stormStarted = performance.now()
    const storm = await phases.run('probe: sign-in storm', serverPid, async (addCpu) => {
      const [load, probe] = await Promise.all([signInLoad.run(PLAN.stormSeconds), stormProbeLoad.run()])
      addCpu(load.health.cpuSeconds + probe.health.cpuSeconds)
      return { load, probe }
    })
    const stormThreads = compareThreadTimes(threadsBefore, threadTimes(live.pid), live.pid, (performance.now() - stormStarted) / 1000)
    await Promise.all([signInLoad.stop(), stormProbeLoad.stop()])
    log(`  p99 ${summarize(storm.probe.result.latenciesMs).p99.toFixed(1)} ms (idle ${summarize(idleProbe.result.latenciesMs).p99.toFixed(1)} ms); the server's main thread waited ${(stormThreads.mainThread.waitPerSecond * 1000).toFixed(0)} ms/s for a CPU`)

    // 3. Forgot password: existing and unknown usernames, interleaved at random, one request at a time. ---------------
    log(`forgot password, ${PLAN.forgotRequests} requests one at a time…`)
    const mailBefore = sink.arrivals.length
    const forgotLoad = startLoad<ForgotPasswordResult>({ kind: 'forgot-password', url: live.url, existing: forgotExisting, unknown: forgotUnknown, warmupRequests: PLAN.forgotWarmup, requests: PLAN.forgotRequests })
    loads.push(forgotLoad)
    await forgotLoad.ready
    await quiet.wait('forgot password')
    const forgot = await measured('forgot password', serverPid, () => forgotLoad.run())
    await forgotLoad.stop()
    const drainStarted = performance.now()
    const drained = await sink.waitForCount(mailBefore + forgot.result.existingRequestsTotal, 120_000)
    const forgotDrainMs = performance.now() - drainStarted
    // Unknown usernames must bring no email: give stragglers a moment before counting.
    await sleep(500)
    const forgotEmails = sink.arrivals.length - mailBefore
    log(`  ${forgotEmails} emails for ${forgot.result.existingRequestsTotal} existing-username requests (queue drained ${drained ? 'in' : 'NOT within'} ${(forgotDrainMs / 1000).toFixed(1)} s)`)

    // 4. Outbox: reset requests at 50/s; from sending each request to the message's arrival. ---------------------------
    log(`outbox, ${outboxPeople.length} reset requests at ${PLAN.outboxRate}/s…`)
    const outboxBefore = sink.arrivals.length
    const outboxLoad = startLoad<OutboxResult>({ kind: 'outbox', url: live.url, usernames: outboxPeople.map((p) => p.username), rate: PLAN.outboxRate })
    loads.push(outboxLoad)
    await outboxLoad.ready
    await quiet.wait('outbox')
    const outbox = await phases.run('outbox', serverPid, async (addCpu) => {
      const done = await outboxLoad.run()
      await sink.waitForCount(outboxBefore + outboxPeople.length, 90_000)
      addCpu(done.health.cpuSeconds)
      return done
    })
    await outboxLoad.stop()
    const arrivalByEmail = new Map<string, number>()
    for (const arrival of sink.arrivals.slice(outboxBefore)) for (const to of arrival.to) if (!arrivalByEmail.has(to)) arrivalByEmail.set(to, arrival.at)
    const sendByUsername = new Map(outbox.result.sends.map((s) => [s.username, s]))
    const deliveryMs: number[] = []
    let undelivered = 0
    for (const person of outboxPeople) {
      const sent = sendByUsername.get(person.username)
      const arrived = arrivalByEmail.get(person.email.toLowerCase())
      if (sent && arrived !== undefined) deliveryMs.push(arrived - sent.sentAt)
      else undelivered++
    }
    log(`  delivery p95 ${summarize(deliveryMs).p95.toFixed(0)} ms; ${undelivered} not delivered`)

    // 5. User search at 100,000 users, and the API's fixed cost for comparison. ---------------------------------------
    log(`search, ${PLAN.searchRequestsPerCategory} requests per kind of query, one at a time…`)
    const searchLoad = startLoad<SearchResult>({ kind: 'search', url: live.url, token, categories: queries.categories, requestsPerCategory: PLAN.searchRequestsPerCategory, warmupRequests: 50 })
    loads.push(searchLoad)
    await searchLoad.ready
    await quiet.wait('search')
    const search = await measured('search', serverPid, () => searchLoad.run())
    await searchLoad.stop()
    // GET /api/session: the same token check and JSON answer without a search. Measured from this
    // process, whose CPU the phase accounting already counts as the benchmark's.
    const apiBaseline = await phases.run('api baseline', serverPid, async () => {
      const client = new HttpClient(live.url, 1)
      const samples: number[] = []
      for (let i = 0; i < PLAN.searchRequestsPerCategory; i++) {
        const r = await client.request({ path: '/api/session', headers: { authorization: `Bearer ${token}` } })
        if (r.status === 200) samples.push(r.ms)
      }
      client.close()
      return samples
    })

    // 6. Idle memory after all that, then stop. -------------------------------------------------------------------------
    const afterLoadSeries: number[] = []
    for (let waited = 0; waited < PLAN.idleSettleMs; waited += 1000) {
      await sleep(1000)
      afterLoadSeries.push(Math.round(processMemory(live.pid).rssMiB * 10) / 10)
    }
    const afterLoad = { ...processMemory(live.pid), rssSeries: afterLoadSeries }
    const stopped = await live.stop()
    const serverOutput = live.output()
    server = undefined

    const throughput = {
      raw: { verifies: sum(rawSlices.map((s) => s.result.verifies)), seconds: PLAN.sliceSeconds * rawSlices.length },
      server: { successes: sum(signInSlices.map((s) => s.result.successes)), seconds: sum(signInSlices.map((s) => s.result.seconds)) },
    }
    const statusCounts: Record<string, number> = {}
    for (const s of signInSlices) for (const [code, n] of Object.entries(s.result.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n
    const results: BenchResults = {
      machine,
      run: {
        startedAt,
        seconds: (performance.now() - started) / 1000,
        scale: SCALE,
        seed,
        plan: PLAN,
        serverCommand: `node ${app.source}`,
        serverEnvironment: { LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:<receiver>', DATA_DIR: '<temporary folder>', ...THROTTLE_OVERRIDES },
        bundle: { path: app.source, builtAt: app.builtAt, sha256: app.sha256, staleness: app.staleness },
        phases: phases.records,
        quietGates: quiet.gates,
        serverStop: { ms: stopped.ms, exitCode: stopped.code, output: serverOutput.slice(0, 4000) },
      },
      diagnostics: { commits, smtp, estimator, serverThreadsDuringStorm: stormThreads },
      signIn: {
        rawPerSecond: throughput.raw.verifies / throughput.raw.seconds,
        serverPerSecond: throughput.server.successes / throughput.server.seconds,
        slices: rawSlices.map((raw, i) => ({ raw: raw.result.perSecond, server: signInSlices[i]?.result.perSecond ?? Number.NaN })),
        successes: throughput.server.successes,
        seconds: throughput.server.seconds,
        statusCounts,
        errors: sum(signInSlices.map((s) => s.result.errors)),
        latencies: summarize(signInSlices.flatMap((s) => s.result.latenciesMs)),
        loadCpuPerSecond: sum(signInSlices.map((s) => s.health.cpuSeconds)) / throughput.server.seconds,
        cpuPerSignInMs: {
          serverMainThread: signInThreads.mainNs / 1e6 / throughput.server.successes,
          serverOtherThreads: signInThreads.otherNs / 1e6 / throughput.server.successes,
          loadGenerator: (sum(signInSlices.map((s) => s.health.cpuSeconds)) * 1000) / throughput.server.successes,
        },
        rawCpuPerVerifyMs: (sum(rawSlices.map((s) => s.health.cpuSeconds)) * 1000) / throughput.raw.verifies,
        accountsSignedIn,
        duringStorm: { perSecond: storm.load.result.perSecond, successes: storm.load.result.successes, statusCounts: storm.load.result.statusCounts },
      },
      responsiveness: {
        idle: { ...summarize(idleProbe.result.latenciesMs), statusCounts: idleProbe.result.statusCounts, errors: idleProbe.result.errors, probeProcess: idleProbe.health },
        storm: { ...summarize(storm.probe.result.latenciesMs), statusCounts: storm.probe.result.statusCounts, errors: storm.probe.result.errors, probeProcess: storm.probe.health },
      },
      forgotPassword: forgotFigures(forgot.result, forgotEmails, drained, forgotDrainMs, random, forgot.health),
      outbox: {
        requests: outboxPeople.length,
        rate: PLAN.outboxRate,
        sendSeconds: outbox.result.seconds,
        delivered: deliveryMs.length,
        undelivered,
        delivery: summarize(deliveryMs),
        answer: summarize(outbox.result.sends.map((s) => s.ms)),
        nonRedirects: outbox.result.sends.filter((s) => s.status !== 303).length,
        loadProcess: outbox.health,
      },
      search: {
        users: PLAN.users,
        matchRanges: queries.matchRanges,
        categories: Object.fromEntries(
          Object.entries(search.result.categories).map(([name, samples]) => {
            const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5)
            return [
              name,
              {
                ...summarize(samples.map((s) => s.ms)),
                queries: queries.categories.find((c) => c.name === name)?.queries.length ?? 0,
                failures: samples.filter((s) => s.status !== 200).length,
                emptyResults: samples.filter((s) => s.users === 0).length,
                examples: [...new Set(samples.map((s) => s.q))].slice(0, 5),
                slowest: slowest.map((s) => ({ q: s.q, ms: s.ms, matches: queries.matches[s.q] ?? null })),
              },
            ]
          }),
        ),
        apiBaseline: summarize(apiBaseline),
        loadProcess: search.health,
      },
      footprint: {
        bareNode: bare,
        firstStart: fresh,
        restarts,
        coldStartMs: median(restarts.map((r) => r.coldStartMs)),
        idle,
        deployed,
        afterLoad,
        renderer,
      },
    }
    const report = buildReport(results)
    mkdirSync(RESULTS_DIR, { recursive: true })
    writeFileSync(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify({ ...results, table: report.rows }, null, 2)}\n`)
    writeFileSync(path.join(RESULTS_DIR, 'results.md'), report.markdown)
    if (UPDATE_README) updateReadme(path.join(ROOT, 'README.md'), report.readmeSection)
    process.stdout.write(`\n${report.markdown}\n`)
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${path.relative(ROOT, RESULTS_DIR) || '.'}/results.json and results.md${UPDATE_README ? ', README.md (Performance)' : ''}`)
  } finally {
    await Promise.all(loads.map((l) => l.stop().catch(() => undefined)))
    if (server) await server.stop()
    await sink.stop()
    rmSync(workDir, { recursive: true, force: true })
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function forgotFigures(result: ForgotPasswordResult, emails: number, drained: boolean, drainMs: number, random: () => number, load: LoadProcessHealth) {
  const existing = result.samples.filter((s) => s.existing).map((s) => s.ms)
  const unknown = result.samples.filter((s) => !s.existing).map((s) => s.ms)
  return {
    all: summarize(result.samples.map((s) => s.ms)),
    slowestMs: result.samples.map((s) => s.ms).sort((a, b) => b - a).slice(0, 8),
    existing: summarize(existing),
    unknown: summarize(unknown),
    mannWhitney: mannWhitneyU(existing, unknown),
    medianDifference: bootstrapMedianDifference(existing, unknown, random),
    unexpectedStatuses: result.unexpectedStatuses,
    existingRequestsTotal: result.existingRequestsTotal,
    emails,
    drained,
    drainMs,
    loadProcess: load,
  }
}

await main()
