// `npm run scan:electron`: Electronegativity's static scan of the console's own main-process,
// preload and renderer-entry code. Every finding fails the check unless it is suppressed in
// scripts/electronegativity-suppressions.json with a reason; a suppression that no longer matches
// anything fails too, so the list stays honest.
//
// The scan reads a bundle of our code only (dependencies left out: the scanner cannot parse some of
// them, and they are not ours to judge here), the preload bundle and the renderer's index.html.
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { z } from 'zod'

const root = fileURLToPath(new URL('..', import.meta.url))
const scanDir = path.join(root, 'dist', 'scan')
const report = path.join(root, 'dist', 'electronegativity.sarif')

const suppressionsSchema = z.array(
  z.strictObject({
    check: z.string().min(1),
    /** Matched against the flagged code sample, so a suppression covers one place, not a whole check. */
    sample: z.string().min(1),
    reason: z.string().min(20, { message: 'say why, in a sentence' }),
  }),
)

interface Finding {
  check: string
  severity: string
  file: string
  location: string
  sample: string
  description: string
}

async function main(): Promise<number> {
  await rm(scanDir, { recursive: true, force: true })
  await mkdir(scanDir, { recursive: true })
  await build({
    entryPoints: [path.join(root, 'src-main/main.ts')],
    outfile: path.join(scanDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
  await build({
    entryPoints: [path.join(root, 'src-main/preload.ts')],
    outfile: path.join(scanDir, 'preload.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  })
  await copyFile(path.join(root, 'src-renderer/index.html'), path.join(scanDir, 'index.html'))

  const electronVersion = (JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
    .version
  const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js')
  // It also tries to download its translations and Electron's release list (only used for upgrade
  // checks); the preload keeps a failed download from ending the scan on Node 24.
  const preload = path.join(root, 'scripts/electronegativity-preload.mjs')
  execFileSync(
    process.execPath,
    ['--import', pathToFileURL(preload).href, cli, '-i', scanDir, '-e', electronVersion, '-o', report, '-v', 'false'],
    { stdio: 'ignore' },
  )

  const findings = await readFindings(report)
  const suppressions = suppressionsSchema.parse(
    JSON.parse(await readFile(path.join(root, 'scripts/electronegativity-suppressions.json'), 'utf8')),
  )
  const unexplained = findings.filter((f) => !suppressions.some((s) => s.check === f.check && f.sample.includes(s.sample)))
  const stale = suppressions.filter((s) => !findings.some((f) => s.check === f.check && f.sample.includes(s.sample)))

  console.log(
    `Electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${findings.length - unexplained.length} suppressed with a reason.`,
  )
  for (const f of unexplained)
    console.error(
      `  UNEXPLAINED ${f.check} (${f.severity}) ${path.relative(root, f.file)}:${f.location}\n    ${f.sample}\n    ${f.description}`,
    )
  for (const s of stale) console.error(`  STALE suppression of ${s.check} for "${s.sample}": it no longer matches a finding; remove it.`)
  return unexplained.length === 0 && stale.length === 0 ? 0 : 1
}

const sarifSchema = z.object({
  runs: z.array(
    z.object({
      results: z.array(
        z.object({
          ruleId: z.string(),
          level: z.string().optional(),
          message: z.object({ text: z.string() }),
          locations: z.array(
            z.object({
              physicalLocation: z.object({
                artifactLocation: z.object({ uri: z.string() }),
                region: z.object({ startLine: z.number(), startColumn: z.number(), charLength: z.number() }),
              }),
            }),
          ),
        }),
      ),
    }),
  ),
})

/** The scanner's SARIF report, each finding with the code it points at (read from the scanned file). */
async function readFindings(file: string): Promise<Finding[]> {
  const sarif = sarifSchema.parse(JSON.parse(await readFile(file, 'utf8')))
  const findings: Finding[] = []
  for (const result of sarif.runs.flatMap((run) => run.results)) {
    const where = result.locations[0]?.physicalLocation
    if (!where) continue
    const lines = (await readFile(where.artifactLocation.uri, 'utf8')).split('\n')
    const line = lines[where.region.startLine - 1] ?? ''
    findings.push({
      check: result.ruleId,
      severity: result.level ?? '',
      file: where.artifactLocation.uri,
      location: `${where.region.startLine}:${where.region.startColumn}`,
      sample: line.slice(where.region.startColumn - 1, where.region.startColumn - 1 + where.region.charLength),
      description: result.message.text,
    })
  }
  return findings
}

process.exit(await main())
