// `npm run audit`: the production dependencies (what ships in the server and the console) must
// have no high or critical advisory. Where npm's advisory service cannot be reached — this
// project's development machines allow only package downloads from the registry — the check says
// plainly that it did not run, instead of passing as if it had.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable?: unknown }>
  metadata?: { vulnerabilities?: Record<string, number> }
  statusCode?: number
  message?: string
}

async function main(): Promise<number> {
  let output: string
  try {
    ;({ stdout: output } = await run('npm', ['audit', '--omit=dev', '--json'], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }))
  } catch (error) {
    // npm audit exits non-zero both when it finds advisories and when it cannot ask for them.
    output = (error as { stdout?: string }).stdout ?? ''
  }
  let report: AuditReport
  try {
    report = JSON.parse(output) as AuditReport
  } catch {
    console.error('npm audit did not answer with a report; the dependency audit failed to run.')
    return 1
  }
  if (!report.metadata) {
    console.warn(
      `DEPENDENCY AUDIT NOT RUN: npm's advisory service is not reachable from this machine (${report.message ?? 'no answer'}).\n` +
        "Run `npm run audit` where the registry's audit endpoint is reachable; see SECURITY.md.",
    )
    return 0
  }
  const counts = report.metadata.vulnerabilities ?? {}
  const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
  console.log(
    `npm audit --omit=dev: ${Object.entries(counts)
      .map(([level, n]) => `${n} ${level}`)
      .join(', ')}`,
  )
  for (const [name, v] of serious) console.error(`  ${v.severity.toUpperCase()}: ${name}${v.fixAvailable ? ' (a fix is available)' : ''}`)
  return serious.length === 0 ? 0 : 1
}

process.exit(await main())
