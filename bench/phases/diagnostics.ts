// Phase: what explains the figures, measured on this machine in this run: one SQLite commit on this
// disk, one email to the receiver over a new and over a kept SMTP connection, and what the
// password-strength estimator costs a process.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { log, type Bench } from '../lib/bench'
import { ROOT } from '../lib/bundle'
import { commitLatency } from '../lib/disk'
import type { BenchResults } from '../lib/results'
import { smtpSendCost } from '../lib/smtp-cost'

export async function measureDiagnostics(
  bench: Bench,
  workDir: string,
): Promise<Omit<BenchResults['diagnostics'], 'serverThreadsDuringStorm'>> {
  const diskDir = path.join(workDir, 'disk')
  mkdirSync(diskDir)
  await bench.quiet.wait('diagnostics')
  const commits = {
    full: commitLatency(diskDir, 'FULL', bench.plan.commitSamples),
    normal: commitLatency(diskDir, 'NORMAL', bench.plan.commitSamples),
  }
  log(
    `SQLite commit on this disk: synchronous=FULL p50 ${commits.full.p50.toFixed(2)} ms p99 ${commits.full.p99.toFixed(2)} ms; NORMAL p99 ${commits.normal.p99.toFixed(2)} ms`,
  )
  const smtp = await smtpSendCost(bench.sink.url, 10)
  log(
    `one email to the receiver with nodemailer: new connection p50 ${smtp.perConnection.p50.toFixed(1)} ms, pooled connection p50 ${smtp.pooled.p50.toFixed(1)} ms`,
  )
  const estimatorRun = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(ROOT, 'bench/probes/estimator-cost.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  const estimator = JSON.parse(estimatorRun.stdout.trim().split('\n').at(-1) ?? '{}') as BenchResults['diagnostics']['estimator']
  const codeCheckRun = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/probes/code-check-cost.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  const codeCheck = JSON.parse(codeCheckRun.stdout.trim().split('\n').at(-1) ?? '{}') as NonNullable<
    BenchResults['diagnostics']['codeCheck']
  >
  log(
    `one authenticator code checked (secret opened, three steps compared): ${codeCheck.rightCodeCpuUs?.toFixed(1)} µs of CPU, a wrong one ${codeCheck.wrongCodeCpuUs?.toFixed(1)} µs`,
  )
  return { commits, smtp, estimator, codeCheck }
}
