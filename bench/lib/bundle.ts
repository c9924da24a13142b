// The builds the benchmark measures: dist/ built when missing, a copy of a server bundle to run from
// (so a rebuild during the run changes nothing), whether the sources changed after the build, the
// deployed command's node flags, and the console's renderer bundle.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { log } from './bench'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const DEFAULT_BUNDLE = path.join(ROOT, 'dist/server/main.js')
const RENDERER_ASSETS = path.join(ROOT, 'dist/renderer/assets')

export interface BundleCopy {
  /** The copy's main.js, to run with node. */
  bundle: string
  /** The folder to run it in (its package.json says "type": "module"). */
  cwd: string
  sha256: string
  builtAt: string
  /** The bundle's path, relative to the repository when inside it. */
  source: string
  /** Why its figures may be of an older server than the sources (empty: none known). */
  staleness: string[]
}

export function ensureBuilt(): void {
  if (!existsSync(DEFAULT_BUNDLE) || !existsSync(RENDERER_ASSETS)) {
    log('dist/ is incomplete: running npm run build')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  }
}

/**
 * A copy of a bundle (with its source map and the pages' assets) that a server runs from, in
 * workDir/name. Native modules come from this repository's node_modules, as for dist/server/main.js.
 */
export function snapshotBundle(bundlePath: string, workDir: string, name: string): BundleCopy {
  if (!existsSync(bundlePath)) throw new Error(`No server bundle at ${bundlePath}`)
  const app = path.join(workDir, name)
  const serverDir = path.join(app, 'dist', 'server')
  mkdirSync(path.dirname(serverDir), { recursive: true })
  // The whole folder: the bundle loads files beside it (the hashing threads' entry).
  cpSync(path.dirname(bundlePath), serverDir, { recursive: true })
  cpSync(path.resolve(path.dirname(bundlePath), '../assets'), path.join(app, 'dist', 'assets'), { recursive: true })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir')
  // Where the bundle's package.json says "type": "module": without it Node would first try the
  // bundle as CommonJS, fail, and compile it again as a module (50 MB more memory, measured).
  cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'))
  const builtAt = statSync(bundlePath).mtime
  const inRepository = !path.relative(ROOT, bundlePath).startsWith('..')
  return {
    bundle: path.join(serverDir, path.basename(bundlePath)),
    cwd: app,
    sha256: createHash('sha256').update(readFileSync(bundlePath)).digest('hex'),
    builtAt: builtAt.toISOString(),
    source: inRepository ? path.relative(ROOT, bundlePath) : bundlePath,
    staleness: path.resolve(bundlePath) === DEFAULT_BUNDLE ? sourcesNewerThan(builtAt) : [],
  }
}

/** Whether the server's sources changed after the bundle was built (then the figures are of an older server). */
function sourcesNewerThan(builtAt: Date): string[] {
  const notes: string[] = []
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
    const lastCommit = Number(git('log', '-1', '--format=%ct', '--', 'server', 'src-shared'))
    if (lastCommit * 1000 > builtAt.getTime())
      notes.push(
        `the last commit to server/ or src-shared/ (${new Date(lastCommit * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC) is newer than the bundle`,
      )
    const changed = git('status', '--porcelain', '--', 'server', 'src-shared').split('\n').filter(Boolean).length
    if (changed > 0)
      notes.push(
        `${changed} ${changed === 1 ? 'file' : 'files'} under server/ or src-shared/ ${changed === 1 ? 'has' : 'have'} uncommitted changes`,
      )
  } catch {
    notes.push('git could not say whether the sources changed since the build')
  }
  return notes
}

/** The node flags of the deployed command (deploy/textup.service's ExecStart), e.g. --enable-source-maps. */
export function deployedCommand(): { command: string; nodeFlags: string[] } {
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

export function rendererBundle(): { files: Array<{ name: string; bytes: number; gzipBytes: number }>; gzipBytes: number } {
  const files = readdirSync(RENDERER_ASSETS)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const content = readFileSync(path.join(RENDERER_ASSETS, name))
      return { name, bytes: content.length, gzipBytes: gzipSync(content).length }
    })
  return { files, gzipBytes: files.reduce((total, f) => total + f.gzipBytes, 0) }
}
