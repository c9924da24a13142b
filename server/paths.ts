// Where the server finds the files it serves, relative to its own code: ../dist/assets from the
// sources (server/paths.ts, run by tsx) and ../assets from a bundle (dist/server/main.js).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const CANDIDATES = ['../dist/assets/', '../assets/']

/** Built browser assets (npm run build:assets writes them to dist/assets). */
export function defaultAssetsDir(moduleUrl: string = import.meta.url): string {
  const dirs = CANDIDATES.map((candidate) => fileURLToPath(new URL(candidate, moduleUrl)))
  return dirs.find((dir) => existsSync(dir)) ?? dirs[0]!
}
