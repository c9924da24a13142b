// Builds the browser assets once before the tests, as `npm run server` does before starting.
import { execFileSync } from 'node:child_process'

export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-assets.ts'], { stdio: 'inherit' })
}
