// `npm run build`: production bundles of everything that runs outside the repository.
//   dist/assets     the browser pages' stylesheet and enhancement script (scripts/build-assets.ts)
//   dist/renderer   the console's renderer (Vite)
//   dist/main       the console's main process (main.js, ESM) and preload (preload.cjs, CommonJS:
//                   sandboxed preloads cannot load modules)
//   dist/server     the server and its operator CLI, for `npm run start:prod` and the container image
// Native modules (better-sqlite3, keytar, @node-rs/argon2) stay outside the bundles: they are
// loaded from node_modules (and, in the packaged console, rebuilt for Electron and unpacked).
import { execFileSync } from 'node:child_process'
import { copyFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from 'esbuild'
import { build as viteBuild } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = path.join(root, 'dist')
export const NATIVE_MODULES = ['better-sqlite3', 'keytar', '@node-rs/argon2']

const nodeBundle: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['electron', ...NATIVE_MODULES],
  sourcemap: 'linked',
  // Smaller bundles load faster and take less memory; names are kept so stack traces stay readable
  // (and the .map files beside the bundles map them back to the sources when needed).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Production builds of the dependencies that ship two (React's server renderer: the development
  // one checks and warns at every render), and only those in the bundle.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Modules imported on first use (the password-strength dictionaries) go into chunks of their own,
  // so a server that has not judged a password yet neither loads nor keeps their source. Chunks sit
  // beside their entry points: code that finds files relative to import.meta.url (the hashing
  // threads' entry, the pages' assets) finds them from any chunk.
  splitting: true,
  // Bundled CommonJS dependencies call require() for Node's own modules; give ESM a require.
  banner: {
    js: "import { createRequire as __textupCreateRequire } from 'node:module'; const require = __textupCreateRequire(import.meta.url);",
  },
}

async function main(): Promise<void> {
  await rm(dist, { recursive: true, force: true })
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-assets.ts'), path.join(dist, 'assets')], {
    stdio: 'inherit',
  })
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' })
  await build({ ...nodeBundle, entryPoints: { main: path.join(root, 'src-main/main.ts') }, outdir: path.join(dist, 'main') })
  await build({
    entryPoints: [path.join(root, 'src-main/preload.ts')],
    outfile: path.join(dist, 'main', 'preload.cjs'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    legalComments: 'none',
    logLevel: 'warning',
  })
  await build({
    ...nodeBundle,
    entryPoints: { main: path.join(root, 'server/main.ts'), cli: path.join(root, 'server/cli.ts') },
    outdir: path.join(dist, 'server'),
  })
  // The hashing threads' code runs as it is, beside the server bundle (see server/accounts/hash-threads.ts).
  await copyFile(path.join(root, 'server/accounts/hash-worker.mjs'), path.join(dist, 'server', 'hash-worker.mjs'))
}

await main()
