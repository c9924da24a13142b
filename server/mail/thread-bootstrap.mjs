// Starts the mail worker's thread from the TypeScript sources (npm run server, the tests): a
// worker does not inherit the process's tsx loader, so it registers its own before loading the
// entry. Bundled builds start dist/server/mail-worker.js directly and never use this file.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
