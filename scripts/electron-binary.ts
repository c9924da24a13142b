// Whether the Electron binary is installed, and what to do when it is not. The electron package
// has no install script: its binary comes from Electron's download host (github.com) through
// node_modules/electron/install.js, so on machines that cannot reach it there is no binary to start.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ELECTRON_MISSING = `The Electron binary is not installed on this machine, so the desktop console cannot start here.

Why: npm ci does not download Electron's binary; node_modules/electron/install.js does, from
github.com. It has not been run here, or github.com cannot be reached from this machine.

What to do:
  - On a machine that can reach github.com: run  node node_modules/electron/install.js
    then npm start again.
  - Here, you can still run the server (npm run server) and every test (npm test): the console's
    renderer is tested in Chromium against the real main-process handlers.`

/**
 * The path of the Electron executable, or undefined when it is not installed. Reads what the
 * electron package's installer wrote, rather than require('electron'), which would try to
 * download the binary on the spot.
 */
export function electronBinary(): string | undefined {
  const packageDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url))
  const pathFile = path.join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}
