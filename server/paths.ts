// Where the server finds the files it serves, relative to this module.
import { fileURLToPath } from 'node:url'

/** Built browser assets (npm run build:assets writes them here). */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../dist/assets/', import.meta.url))
