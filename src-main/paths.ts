// Where the console finds its own files at run time. The same rules hold for `npm start` (from
// dist/ in the repository) and for the packaged app (from dist/ inside app.asar): everything the
// main process loads sits beside the main bundle.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder that holds main.js, preload.cjs, renderer/ and assets/ (dist/ in both cases). Run
 * from the sources (src-main/main.ts, as the tests do) the built files are in dist/ beside them,
 * not in the repository's root.
 */
export function distDir(mainModuleUrl: string): string {
  const here = path.dirname(fileURLToPath(mainModuleUrl))
  return path.basename(here) === 'src-main' ? path.resolve(here, '..', 'dist') : path.resolve(here, '..')
}

export function consolePaths(dist: string) {
  return {
    preload: path.join(dist, 'main', 'preload.cjs'),
    renderer: path.join(dist, 'renderer'),
    serverAssets: path.join(dist, 'assets'),
  }
}
