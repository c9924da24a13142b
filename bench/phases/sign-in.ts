// Phase: sign-ins. Throughput against the raw argon2id verify rate of the same hash in a separate
// process, in alternating slices; then GET /login at a fixed rate on the idle server and during a
// sign-in storm, with where the server's threads spent their time.
import { summarize } from '../../lib/stats'
import { inTurn, log, measured, prepareLoad, sum, type Bench, type Target } from '../lib/bench'
import type { LoadRun } from '../lib/load-process'
import { compareThreadTimes, threadTimes } from '../lib/machine'
import type { BenchResults } from '../lib/results'
import type { Argon2RawResult, ProbeResult, SignInResult } from '../load/tasks'

export interface SignInAccounts {
  usernames: string[]
  password: string
  hash: string
}

type Throughput = Omit<BenchResults['signIn'], 'accountsSignedIn' | 'duringStorm'>

/**
 * Raw argon2id, then each target's sign-ins, in turn, `plan.throughputSlices` times, so that drift in
 * the machine's load touches each alike. Figures per target, each against the same raw rate.
 */
export async function measureSignInThroughput(bench: Bench, targets: Target[], accounts: SignInAccounts): Promise<Map<Target, Throughput>> {
  const { plan } = bench
  const names = targets.map((t) => t.name).join(' and ')
  log(
    `sign-in throughput: ${plan.throughputSlices} × (raw argon2id ${plan.sliceSeconds} s, then POST /login (${names}, in turn) over ${accounts.usernames.length} accounts ${plan.sliceSeconds} s), concurrency ${plan.concurrency}…`,
  )
  const raw = await prepareLoad<Argon2RawResult>(bench, {
    kind: 'argon2-raw',
    hash: accounts.hash,
    password: accounts.password,
    concurrency: plan.concurrency,
    warmupSeconds: plan.warmupSeconds,
    seconds: plan.sliceSeconds,
  })
  const loads = await Promise.all(targets.map((t) => prepareSignIn(bench, t, accounts, plan.sliceSeconds)))
  const rawSlices: Array<LoadRun<Argon2RawResult>> = []
  const slices = targets.map(() => [] as Array<LoadRun<SignInResult>>)
  // Where each server's CPU time goes during sign-ins: its event loop thread, and the others (argon2).
  const threads = targets.map(() => ({ mainNs: 0, otherNs: 0 }))
  for (let i = 1; i <= plan.throughputSlices; i++) {
    rawSlices.push(await measured(bench, `argon2id raw ${i}`, targets[0]!.pid, () => raw.run()))
    for (const target of inTurn(targets, i)) {
      const t = targets.indexOf(target)
      const before = threadTimes(target.pid)
      slices[t]!.push(
        await measured(bench, `sign-in ${i}${targets.length > 1 ? ` (${target.name})` : ''}`, target.pid, () => loads[t]!.run()),
      )
      const earlier = new Map(before.map((x) => [x.tid, x.runNs]))
      for (const x of threadTimes(target.pid)) {
        const ran = x.runNs - (earlier.get(x.tid) ?? 0)
        if (x.tid === target.pid) threads[t]!.mainNs += ran
        else threads[t]!.otherNs += ran
      }
    }
    log(
      `  slice ${i}: raw ${rawSlices.at(-1)!.result.perSecond.toFixed(1)}/s, ${targets.map((t, n) => `${t.name} ${slices[n]!.at(-1)!.result.perSecond.toFixed(1)}/s`).join(', ')}`,
    )
  }
  await Promise.all([raw.stop(), ...loads.map((l) => l.stop())])
  return new Map(targets.map((t, n) => [t, throughputFigures(rawSlices, slices[n]!, threads[n]!, plan.sliceSeconds)]))
}

function prepareSignIn(bench: Bench, target: Target, accounts: SignInAccounts, seconds: number) {
  const { plan } = bench
  return prepareLoad<SignInResult>(bench, {
    kind: 'sign-in',
    url: target.url,
    usernames: accounts.usernames,
    password: accounts.password,
    connections: plan.concurrency,
    warmupSeconds: plan.warmupSeconds,
    seconds,
  })
}

function throughputFigures(
  rawSlices: Array<LoadRun<Argon2RawResult>>,
  signInSlices: Array<LoadRun<SignInResult>>,
  threads: { mainNs: number; otherNs: number },
  sliceSeconds: number,
): Throughput {
  const raw = { verifies: sum(rawSlices.map((s) => s.result.verifies)), seconds: sliceSeconds * rawSlices.length }
  const successes = sum(signInSlices.map((s) => s.result.successes))
  const seconds = sum(signInSlices.map((s) => s.result.seconds))
  const statusCounts: Record<string, number> = {}
  for (const s of signInSlices)
    for (const [code, n] of Object.entries(s.result.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n
  const loadCpuSeconds = sum(signInSlices.map((s) => s.health.cpuSeconds))
  return {
    rawPerSecond: raw.verifies / raw.seconds,
    serverPerSecond: successes / seconds,
    slices: rawSlices.map((r, i) => ({ raw: r.result.perSecond, server: signInSlices[i]?.result.perSecond ?? Number.NaN })),
    successes,
    seconds,
    statusCounts,
    errors: sum(signInSlices.map((s) => s.result.errors)),
    latencies: summarize(signInSlices.flatMap((s) => s.result.latenciesMs)),
    loadCpuPerSecond: loadCpuSeconds / seconds,
    cpuPerSignInMs: {
      serverMainThread: threads.mainNs / 1e6 / successes,
      serverOtherThreads: threads.otherNs / 1e6 / successes,
      loadGenerator: (loadCpuSeconds * 1000) / successes,
    },
    rawCpuPerVerifyMs: (sum(rawSlices.map((s) => s.health.cpuSeconds)) * 1000) / raw.verifies,
  }
}

/** GET /login at a fixed rate (open loop): on the idle server, then during a sign-in storm. */
export async function measureResponsiveness(bench: Bench, target: Target, accounts: SignInAccounts) {
  const { plan } = bench
  log(`GET /login at ${plan.probeRate}/s: idle server ${plan.idleProbeSeconds} s, then during a sign-in storm ${plan.stormSeconds} s…`)
  const idleProbeLoad = await prepareLoad<ProbeResult>(bench, {
    kind: 'probe',
    url: target.url,
    path: '/login',
    rate: plan.probeRate,
    seconds: plan.idleProbeSeconds,
  })
  const idleProbe = await measured(bench, 'probe: idle', target.pid, () => idleProbeLoad.run())
  await idleProbeLoad.stop()
  const signInLoad = await prepareSignIn(bench, target, accounts, plan.stormSeconds)
  const stormProbeLoad = await prepareLoad<ProbeResult>(bench, {
    kind: 'probe',
    url: target.url,
    path: '/login',
    rate: plan.probeRate,
    seconds: plan.stormSeconds,
  })
  await bench.quiet.wait('probe: sign-in storm')
  const threadsBefore = threadTimes(target.pid)
  const stormStarted = performance.now()
  const storm = await bench.phases.run(
    'probe: sign-in storm',
    () => target.pid,
    async (addCpu) => {
      const [load, probe] = await Promise.all([signInLoad.run(), stormProbeLoad.run()])
      addCpu(load.health.cpuSeconds + probe.health.cpuSeconds)
      return { load, probe }
    },
  )
  const stormThreads = compareThreadTimes(threadsBefore, threadTimes(target.pid), target.pid, (performance.now() - stormStarted) / 1000)
  await Promise.all([signInLoad.stop(), stormProbeLoad.stop()])
  log(
    `  p99 ${summarize(storm.probe.result.latenciesMs).p99.toFixed(1)} ms (idle ${summarize(idleProbe.result.latenciesMs).p99.toFixed(1)} ms); the server's main thread waited ${(stormThreads.mainThread.waitPerSecond * 1000).toFixed(0)} ms/s for a CPU`,
  )
  const probeFigures = (p: LoadRun<ProbeResult>) => ({
    ...summarize(p.result.latenciesMs),
    statusCounts: p.result.statusCounts,
    errors: p.result.errors,
    probeProcess: p.health,
  })
  return {
    responsiveness: { idle: probeFigures(idleProbe), storm: probeFigures(storm.probe) },
    duringStorm: {
      perSecond: storm.load.result.perSecond,
      successes: storm.load.result.successes,
      statusCounts: storm.load.result.statusCounts,
    },
    stormThreads,
  }
}
