// The report's note about the database: what PostgreSQL spent per sign-in and per reset, and the
// sign-in rate at which one database core rather than argon2 becomes the limit, with the arithmetic.
import type { BenchResults, RequestCost } from './results'

const ms = (x: number) => `${x.toFixed(2)} ms`

function cost(c: RequestCost): string {
  return `${c.statementsPerRequest.toFixed(1)} statements (BEGIN and COMMIT included), ${c.commitsPerRequest.toFixed(2)} explicit COMMITs and ${ms(c.cpuMsPerRequest)} of PostgreSQL CPU (n = ${c.requests}, counted in the database)`
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
    `Database cost on ${description}, from its own statistics (pg_stat_statements) and the CPU time of its processes (/proc), over the sign-in slices and the outbox phase:`,
    `per sign-in (its GET /login included) ${cost(perSignIn)}${perReset ? `; per reset request (the answer, the token and the email's outbox row, claimed and marked sent) ${cost(perReset)}` : ''},`,
    `less what it does without requests, measured over 3 idle seconds just before (${perSignIn.idlePerSecond.statements.toFixed(1)} statements and ${ms(perSignIn.idlePerSecond.cpuMs)} of CPU a second: the mail worker's beat and PostgreSQL's own processes).`,
    `One database core therefore carries 1000 ms / ${ms(perSignIn.cpuMsPerRequest)} = **${dbRate.toFixed(0)} sign-ins/s**.`,
    `argon2id costs ${ms(argon2Ms)} of CPU per verify (raw, this run), so one core verifies 1000 / ${argon2Ms.toFixed(2)} = ${argon2PerCore.toFixed(1)}/s, and the database core becomes the limit`,
    `once ${dbRate.toFixed(0)} / ${argon2PerCore.toFixed(1)} ≈ **${cores.toFixed(0)} cores** hash passwords (this machine: ${r.machine.cores}, raw argon2id ${r.signIn.rawPerSecond.toFixed(1)}/s).`,
  ].join(' ')
}
