// Turns a run's results into the results table (bench/lib/rows.ts makes each row), with the machine,
// the server and how busy other processes kept the CPUs, for bench/results.md and README.md.
import { readFileSync, writeFileSync } from 'node:fs'
import type { PhaseRecord } from './phase'
import { databaseNote } from './database-note'
import type { BenchResults } from './results'
import {
  enumerationRow,
  footprintRows,
  forgotLatencyRow,
  outboxRow,
  pct,
  responsivenessRow,
  searchRows,
  signInRow,
  type Draft,
} from './rows'

export interface Row {
  measure: string
  result: string
  comparedWith: string
  target: string
  met: boolean
  /** "met", or by how much it is missed and why. */
  verdict: string
}

/** A draft as a row, with a warning when other processes used more than 10 % of the CPUs during its phases. */
export function finish(draft: Draft, phases: PhaseRecord[]): Row {
  const busiest = Math.max(0, ...phases.filter((p) => draft.phases.some((x) => p.name.startsWith(x))).map((p) => p.otherProcesses))
  const busy = busiest > 0.1 ? ` ⚠ other processes used up to ${pct(busiest)} of the CPUs meanwhile` : ''
  const caveat = busy ? ' (⚠ measured while other processes used the CPUs: not conclusive)' : ''
  const { check } = draft
  return {
    measure: draft.measure,
    result: `${draft.result}${busy}`,
    comparedWith: draft.comparedWith,
    target: draft.target,
    met: check.met,
    verdict: check.met ? `met${caveat}` : `${check.by}${caveat}. ${draft.why}`,
  }
}

export interface Report {
  rows: Row[]
  markdown: string
  readmeSection: string
  /** The notes under the table: machine, server, contention, the database's cost. */
  notes: string
}

export function buildReport(r: BenchResults): Report {
  const drafts = [
    // The issue's target for PostgreSQL (a database on the network path of every sign-in) is 0.85 × raw.
    signInRow(r.signIn, r.run.plan.concurrency, r.database.engine === 'postgres' ? 0.85 : 0.9, r.diagnostics.codeCheck),
    responsivenessRow(r),
    forgotLatencyRow(r.forgotPassword, r.diagnostics.commits, r.machine.cores),
    enumerationRow(r.forgotPassword),
    outboxRow(r.outbox, r.diagnostics.smtp),
    ...searchRows(r.search),
    ...(r.searchLarge ? searchRows(r.searchLarge) : []),
    ...footprintRows(r),
  ]
  const rows = drafts.map((d) => finish(d, r.run.phases))
  const table = [
    `| Measure | Result on ${r.database.description} | Compared with | Target | Met? |`,
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${cell(row.measure)} | ${cell(row.result)} | ${cell(row.comparedWith)} | ${cell(row.target)} | ${row.met ? '✅' : '❌'} ${cell(row.verdict)} |`,
    ),
  ].join('\n')
  const throttles = Object.entries(r.run.serverEnvironment)
    .filter(([k]) => k.includes('LIMIT'))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
  const notes = [
    machineNote(r.machine, r.run),
    `Server: \`${r.run.serverCommand}\` (built ${r.run.bundle.builtAt.slice(0, 16).replace('T', ' ')} UTC, sha256 ${r.run.bundle.sha256.slice(0, 12)}) on a temporary data folder, delivering to an SMTP receiver on 127.0.0.1; load from separate processes. Throttles raised because all load comes from 127.0.0.1: ${throttles}.`,
    contentionNote(r.machine, r.run),
    databaseNote(r),
    r.searchLarge
      ? `The table grew to ${r.searchLarge.users.toLocaleString('en')} accounts for the second set of search rows in ${r.searchLarge.growSeconds.toFixed(0)} s (same queries, drawn from the first ${r.search.users.toLocaleString('en')}).`
      : '',
    r.run.bundle.staleness.length > 0
      ? `⚠ The bundle measured may not be the current sources: ${r.run.bundle.staleness.join('; ')} (npm run build, then run the benchmark again).`
      : '',
  ]
    .filter(Boolean)
    .join('\n\n')
  const readmeSection = `${table}\n\n${notes}\n\nRun \`npm run bench\` (about ${Math.ceil(r.run.seconds / 60)} minutes) to measure again; details in [bench/results.md](bench/results.md), causes and fixes of the misses in [bench/INVESTIGATION.md](bench/INVESTIGATION.md).`
  const markdown = `# TextUp benchmark results\n\n${table}\n\n${notes}\n\n${phaseTable(r.run.phases)}\n`
  return { rows, markdown, readmeSection, notes }
}

type RunNotes = Pick<BenchResults['run'], 'startedAt' | 'seconds' | 'scale' | 'phases' | 'quietGates'>

export function machineNote(m: BenchResults['machine'], run: RunNotes): string {
  return `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.kernel}; run ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${run.seconds.toFixed(0)} s${run.scale !== 1 ? `, durations scaled × ${run.scale}` : ''}.`
}

/** How busy other processes kept the CPUs during the run's phases. */
export function contentionNote(m: BenchResults['machine'], run: RunNotes): string {
  const busiest = [...run.phases].sort((a, b) => b.otherProcesses - a.otherProcesses)[0]
  if (!busiest) return ''
  const waited = run.quietGates.reduce((a, g) => a + g.waitedMs, 0) / 1000
  const load = `Load average ${m.loadAverageAtStart[0]} at the start.`
  return busiest.otherProcesses > 0.1
    ? `The machine is shared: before each measurement the benchmark waited for other processes to quieten (${waited.toFixed(0)} s in all); they still used up to ${pct(busiest.otherProcesses)} of the CPUs during a phase ("${busiest.name}"), and figures measured while they used more than 10 % are marked ⚠. ${load}`
    : `Other processes used at most ${pct(busiest.otherProcesses)} of the CPUs in any phase (the benchmark waited ${waited.toFixed(0)} s in all for them to quieten). ${load}`
}

export function phaseTable(phases: PhaseRecord[]): string {
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

export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ')
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
