// The report's parts about the database engine: what PostgreSQL spent per sign-in and per reset, and
// the sign-in rate at which one database core rather than argon2 becomes the limit, with the
// arithmetic; and, for `--db both`, the two engines' tables side by side.
import { ENGINE_NAMES, type Engine } from './database'
import { cell, type Report } from './report'
import type { BenchResults, RequestCost } from './results'

const ms = (x: number) => `${x.toFixed(2)} ms`

function cost(c: RequestCost): string {
  return `${c.statementsPerRequest.toFixed(1)} statements (BEGIN and COMMIT included), ${c.commitsPerRequest.toFixed(2)} commits and ${ms(c.cpuMsPerRequest)} of PostgreSQL CPU (n = ${c.requests}, counted in the database)`
}

/** PostgreSQL's cost per request and the sign-in rate one database core can carry; empty for SQLite (it runs in the server's process). */
export function databaseNote(r: BenchResults): string {
  const { perSignIn, perReset, description } = r.database
  if (!perSignIn) return ''
  const argon2Ms = r.signIn.rawCpuPerVerifyMs
  const dbRate = 1000 / perSignIn.cpuMsPerRequest
  const argon2PerCore = 1000 / argon2Ms
  const cores = dbRate / argon2PerCore
  return [
    `Database cost on ${description}, from its own statistics (pg_stat_statements, pg_stat_database) and the CPU time of its processes (/proc), over the sign-in slices and the outbox phase:`,
    `per sign-in (its GET /login included) ${cost(perSignIn)}${perReset ? `; per reset request (the answer, the token and the email's outbox row, claimed and marked sent) ${cost(perReset)}` : ''},`,
    `less what it does without requests, measured over 3 idle seconds just before (${perSignIn.idlePerSecond.statements.toFixed(1)} statements and ${ms(perSignIn.idlePerSecond.cpuMs)} of CPU a second: the mail worker's beat and PostgreSQL's own processes).`,
    `One database core therefore carries 1000 ms / ${ms(perSignIn.cpuMsPerRequest)} = **${dbRate.toFixed(0)} sign-ins/s**.`,
    `argon2id costs ${ms(argon2Ms)} of CPU per verify (raw, this run), so one core verifies 1000 / ${argon2Ms.toFixed(2)} = ${argon2PerCore.toFixed(1)}/s, and the database core becomes the limit`,
    `once ${dbRate.toFixed(0)} / ${argon2PerCore.toFixed(1)} ≈ **${cores.toFixed(0)} cores** hash passwords (this machine: ${r.machine.cores}, raw argon2id ${r.signIn.rawPerSecond.toFixed(1)}/s).`,
  ].join(' ')
}

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
    return `| ${cell(row.measure)} | ${results.join(' | ')} | ${cell(row.target)} |`
  })
  const table = [header, `| --- | ${runs.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n')
  const notes = runs.map((r) => `**${ENGINE_NAMES[r.engine]}.** ${r.report.notes}`).join('\n\n')
  const minutes = Math.ceil(runs.reduce((a, r) => a + r.results.run.seconds, 0) / 60)
  const readmeSection = `${table}\n\n${notes}\n\nRun \`npm run bench -- --db both\` (about ${minutes} minutes) to measure again; each engine's full table, with what each figure is compared with and why a target is missed, in [bench/results.md](bench/results.md) and [bench/results-postgres.md](bench/results-postgres.md), causes and fixes of the misses in [bench/INVESTIGATION.md](bench/INVESTIGATION.md).`
  return { markdown: `# TextUp benchmark results on both engines\n\n${table}\n\n${notes}\n`, readmeSection }
}
