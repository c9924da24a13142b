// `npm run bench -- --baseline <bundle or git ref>`: the key measures of this build and of a baseline,
// in one run, in alternating slices (each slice of one build followed by the same slice of the
// other, their order swapped every round), so that drift in the machine's load touches both alike:
// sign-in throughput against raw argon2id, forgot password p99 and the enumeration row, search p95.
// Prints both side by side and writes bench/out/comparison.md and .json; README.md is left alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { log, SCALE, type Target } from './lib/bench'
import { resolveBaseline } from './lib/baseline'
import { ensureBuilt, ROOT, snapshotBundle, type BundleCopy } from './lib/bundle'
import { describeMachine } from './lib/machine'
import { cell, contentionNote, finish, machineNote, phaseTable } from './lib/report'
import type { BenchResults, Comparison } from './lib/results'
import { enumerationRow, forgotLatencyRow, indistinguishable, ms, searchRows, signInRow, type Draft } from './lib/rows'
import { seedDatabase } from './lib/seed'
import type { ServerProcess } from './lib/server-process'
import { accountsSignedIn, migrate, serverEnvironment, startBench, startTarget } from './lib/targets'
import { measureDiagnostics } from './phases/diagnostics'
import { measureForgotPassword } from './phases/forgot-password'
import { measureSearch } from './phases/search'
import { seedAccounts } from './phases/seed'
import { measureSignInThroughput } from './phases/sign-in'

const OUT = path.join(ROOT, 'bench/out')

interface Figures {
  signIn: BenchResults['signIn']
  forgotPassword: BenchResults['forgotPassword']
  search: BenchResults['search']
}

export async function compare(baselineSpec: string, currentBundle: string): Promise<void> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  log(
    `comparison with ${baselineSpec}: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`,
  )
  ensureBuilt()
  const baseline = resolveBaseline(baselineSpec)
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'textup-bench-'))
  const bench = await startBench()
  const servers: ServerProcess[] = []
  try {
    const builds: Array<{ name: string; app: BundleCopy; label: string }> = [
      { name: 'current', app: snapshotBundle(currentBundle, workDir, 'current'), label: '' },
      { name: 'baseline', app: snapshotBundle(baseline.bundle, workDir, 'baseline'), label: baseline.label },
    ]
    for (const b of builds)
      b.label = `${b.label || b.app.source} (sha256 ${b.app.sha256.slice(0, 12)}, built ${b.app.builtAt.slice(0, 16).replace('T', ' ')} UTC)`
    // Each build creates its own schema (an older build may not know a newer one's migrations); both get the same accounts.
    const envs = builds.map((b) => serverEnvironment(bench, path.join(workDir, `data-${b.name}`)))
    for (const [i, b] of builds.entries()) await migrate(b.app, envs[i]!)
    const data = await seedAccounts(
      bench,
      envs.map((e) => (admin, people, hash) => Promise.resolve(seedDatabase(e.DATA_DIR!, admin, people, hash))),
      envs[0]!,
    )
    const targets: Target[] = []
    for (const [i, b] of builds.entries()) {
      const started = await startTarget(b.name, b.app, envs[i]!, data.admin, data.password)
      servers.push(started.server)
      targets.push(started.target)
    }
    const diagnostics = await measureDiagnostics(bench, workDir)
    const accounts = { usernames: data.signInAccounts, password: data.password, hash: data.hash }
    const signIn = await measureSignInThroughput(bench, targets, accounts)
    const forgot = await measureForgotPassword(bench, targets, { existing: data.forgotExisting, unknown: data.forgotUnknown }, 3)
    const search = await measureSearch(bench, targets, data.queries, 4)
    const figures = targets.map((t): Figures => ({
      signIn: {
        ...signIn.get(t)!,
        accountsSignedIn: accountsSignedIn(t.dataDir),
        duringStorm: { perSecond: Number.NaN, successes: 0, statusCounts: {} },
      },
      forgotPassword: forgot.get(t)!,
      search: search.get(t)!,
    }))
    await Promise.all(servers.splice(0).map((s) => s.stop()))

    const run = {
      startedAt,
      seconds: (performance.now() - started) / 1000,
      scale: SCALE,
      phases: bench.phases.records,
      quietGates: bench.quiet.gates,
    }
    const table = sideBySide(
      figures,
      { concurrency: bench.plan.concurrency, commits: diagnostics.commits, cores: machine.cores, phases: bench.phases.records },
      builds.map((b) => b.label),
    )
    const notes = [machineNote(machine, run), contentionNote(machine, run)].filter(Boolean).join('\n\n')
    const markdown = `# TextUp benchmark: this build against a baseline\n\n${table}\n\n${notes}\n\n${phaseTable(bench.phases.records)}\n`
    mkdirSync(OUT, { recursive: true })
    writeFileSync(
      path.join(OUT, 'comparison.json'),
      `${JSON.stringify({ machine, run: { ...run, seed: bench.seed, plan: bench.plan, builds: builds.map((b) => ({ name: b.name, label: b.label })) }, figures }, null, 2)}\n`,
    )
    writeFileSync(path.join(OUT, 'comparison.md'), markdown)
    process.stdout.write(`\n${markdown}\n`)
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s: bench/out/comparison.md and comparison.json`)
  } finally {
    await Promise.all(bench.loads.map((l) => l.stop().catch(() => undefined)))
    await Promise.all(servers.map((s) => s.stop()))
    await bench.sink.stop()
    rmSync(workDir, { recursive: true, force: true })
    baseline.remove()
  }
}

interface Context {
  concurrency: number
  commits: BenchResults['diagnostics']['commits']
  cores: number
  phases: BenchResults['run']['phases']
}

/** One line per key measure: its target, then each build's figure and whether it meets the target. */
function sideBySide(figures: Figures[], { concurrency, commits, cores, phases }: Context, labels: string[]): string {
  const measures: Array<{ measure: string; target: string; cells: string[] }> = []
  const add = (drafts: Draft[], figure: (d: Draft, f: Figures) => string) => {
    const first = drafts[0]!
    measures.push({
      measure: first.measure,
      target: first.target,
      cells: drafts.map((d, i) => {
        const row = finish(d, phases)
        return `${row.met ? '✅' : '❌'} ${figure(d, figures[i]!)}${row.result.includes('⚠') ? ' ⚠' : ''}`
      }),
    })
  }
  add(
    figures.map((f) => signInRow(f.signIn, concurrency)),
    (_, f) =>
      `${(f.signIn.serverPerSecond / f.signIn.rawPerSecond).toFixed(2)} × raw (${f.signIn.serverPerSecond.toFixed(1)}/s; slices ${f.signIn.slices.map((x) => (x.server / x.raw).toFixed(2)).join(', ')})`,
  )
  add(
    figures.map((f) => forgotLatencyRow(f.forgotPassword, commits, cores)),
    (_, f) => `p99 ${ms(f.forgotPassword.all.p99)} (p50 ${ms(f.forgotPassword.all.p50)})`,
  )
  add(
    figures.map((f) => enumerationRow(f.forgotPassword)),
    (_, f) => `the answer ${difference(f.forgotPassword.answer)}; the request after it ${difference(f.forgotPassword.followUp)}`,
  )
  const searches = figures.map((f) => searchRows(f.search))
  searches[0]!.forEach((_, k) =>
    add(
      searches.map((rows) => rows[k]!),
      (d) => d.result.slice(0, d.result.indexOf(' (')),
    ),
  )
  return [
    `| Measure | Target | This build: ${cell(labels[0]!)} | Baseline: ${cell(labels[1]!)} |`,
    '| --- | --- | --- | --- |',
    ...measures.map((m) => `| ${cell(m.measure)} | ${cell(m.target)} | ${m.cells.map(cell).join(' | ')} |`),
  ].join('\n')
}

function difference(c: Comparison): string {
  const ci = c.medianDifference
  const f = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`
  return `${f(ci.estimate)} ms [${f(ci.low)}, ${f(ci.high)}], p = ${c.mannWhitney.p.toFixed(3)}${indistinguishable(c) ? '' : ' (measurable)'}`
}
