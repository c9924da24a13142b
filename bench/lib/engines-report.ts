// `--db both`: the two engines' tables side by side, one column per engine, with each engine's notes.
import { ENGINE_NAMES } from './database'
import { cell, type Report } from './report'
import type { BenchResults, Engine } from './results'

interface EngineReport {
  engine: Engine
  results: BenchResults
  report: Report
}

/** The engines' tables as one, a column per engine, rows in the same order (the same measures). */
export function sideBySide(runs: EngineReport[]): { markdown: string; readmeSection: string } {
  const first = runs[0]!
  const header = `| Measure | ${runs.map((r) => cell(r.results.database.description)).join(' | ')} | Target |`
  const rows = first.report.rows.map((row, i) => {
    const results = runs.map((r) => {
      const other = r.report.rows[i]
      return other ? `${other.met ? '✅' : '❌'} ${cell(other.result)}` : '—'
    })
    // The targets may differ by engine (sign-in: 0.85 × raw on PostgreSQL).
    const targets = [...new Set(runs.map((r) => r.report.rows[i]?.target ?? row.target))]
    return `| ${cell(row.measure)} | ${results.join(' | ')} | ${cell(targets.join(' / '))} |`
  })
  const table = [header, `| --- | ${runs.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n')
  const notes = runs.map((r) => `**${ENGINE_NAMES[r.engine]}.** ${r.report.notes}`).join('\n\n')
  const minutes = Math.ceil(runs.reduce((a, r) => a + r.results.run.seconds, 0) / 60)
  const readmeSection = `${table}\n\n${notes}\n\nRun \`npm run bench -- --db both\` (about ${minutes} minutes) to measure again; each engine's full table, with what each figure is compared with and why a target is missed, in [bench/results.md](bench/results.md) and [bench/results-postgres.md](bench/results-postgres.md), causes and fixes of the misses in [bench/INVESTIGATION.md](bench/INVESTIGATION.md).`
  return { markdown: `# TextUp benchmark results on both engines\n\n${table}\n\n${notes}\n`, readmeSection }
}
