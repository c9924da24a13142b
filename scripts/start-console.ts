// `npm start`: builds the bundles and starts the desktop console with Electron.
// Native modules must match Electron's Node ABI, not the system Node's: they are copied into
// dist/node_modules and rebuilt there for Electron, where the bundles find them first, so the
// repository's own node_modules keep working for the server and the tests.
import { spawn } from 'node:child_process'
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ELECTRON_MISSING, electronBinary } from './electron-binary'
import { KEYTAR_MISSING, keytarInstalled } from './keytar'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = path.join(root, 'dist')
/** Native modules (each loads nothing but its own files at run time). */
const NATIVE = ['better-sqlite3', 'keytar']

const binary = electronBinary()
if (!binary) {
  console.error(ELECTRON_MISSING)
  process.exit(1)
}
if (!keytarInstalled()) {
  console.error(KEYTAR_MISSING)
  process.exit(1)
}

await import('./build')
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  version: string
  dependencies: Record<string, string>
  optionalDependencies: Record<string, string>
}
const electronVersion = (JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
  .version
await writeFile(
  path.join(dist, 'package.json'),
  JSON.stringify(
    {
      name: 'textup-console',
      version: pkg.version,
      type: 'module',
      main: 'main/main.js',
      dependencies: { 'better-sqlite3': pkg.dependencies['better-sqlite3'], keytar: pkg.optionalDependencies.keytar },
    },
    null,
    2,
  ),
)
await mkdir(path.join(dist, 'node_modules'), { recursive: true })
for (const name of NATIVE) await cp(path.join(root, 'node_modules', name), path.join(dist, 'node_modules', name), { recursive: true })
const { rebuild } = await import('@electron/rebuild')
await rebuild({ buildPath: dist, electronVersion, force: true, onlyModules: ['better-sqlite3', 'keytar'] })

const child = spawn(binary, [dist], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
