// Builds the console's renderer (dist/renderer) when it is missing or older than its sources, so
// `npx playwright test` works on its own after a fresh clone. Vite takes a few seconds.
import { execFileSync } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SOURCES = ['src-renderer', 'src-shared', 'vite.config.ts', 'package-lock.json']

async function newestChange(entry: string): Promise<number> {
  const info = await stat(entry)
  if (!info.isDirectory()) return info.mtimeMs
  const children = await readdir(entry)
  const times = await Promise.all(children.map((child) => newestChange(path.join(entry, child))))
  return Math.max(info.mtimeMs, ...times)
}

export default async function setup(): Promise<void> {
  const built = await stat(path.join(root, 'dist/renderer/index.html')).then(
    (info) => info.mtimeMs,
    () => 0,
  )
  const sources = Math.max(...(await Promise.all(SOURCES.map((source) => newestChange(path.join(root, source))))))
  if (built > sources) return
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
}
