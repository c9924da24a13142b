// The build a comparison measures against: a server bundle given by its path (another checkout's
// dist/server/main.js), or a git ref, checked out into a temporary worktree and built there with this
// repository's node_modules. The worktree is removed afterwards.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { log } from './bench'
import { ROOT } from './bundle'

export interface Baseline {
  /** Its dist/server/main.js. */
  bundle: string
  /** What it is, in words: the path, or the ref and its commit. */
  label: string
  /** Removes what was made for it (the temporary worktree). */
  remove(): void
}

export function resolveBaseline(spec: string): Baseline {
  const file = path.resolve(spec)
  if (existsSync(file) && statSync(file).isFile()) return { bundle: file, label: file, remove: () => undefined }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  let commit: string
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${spec}^{commit}`)
  } catch {
    throw new Error(`--baseline ${spec}: neither a server bundle (dist/server/main.js) nor a git ref of this repository`)
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), 'textup-baseline-'))
  const checkout = path.join(folder, 'checkout')
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', checkout)
    } catch {
      // Not added, or already gone: the folder below goes anyway, and `git worktree prune` forgets it.
    }
    rmSync(folder, { recursive: true, force: true })
  }
  try {
    log(`baseline: ${spec} (${commit.slice(0, 12)}), checked out in ${checkout} and built there…`)
    git('worktree', 'add', '--detach', checkout, commit)
    symlinkSync(realpathSync(path.join(ROOT, 'node_modules')), path.join(checkout, 'node_modules'), 'dir')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: checkout, stdio: 'inherit' })
  } catch (error) {
    remove()
    throw error
  }
  return { bundle: path.join(checkout, 'dist/server/main.js'), label: `${spec} (${commit.slice(0, 12)})`, remove }
}
