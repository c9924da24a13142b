// One password-hashing thread of HashThreads (hash-threads.ts): argon2id, one job at a time, at
// the lowest CPU priority. Plain JavaScript so that it runs as it is, from the sources and beside
// the server bundle (dist/server/hash-worker.mjs), without a TypeScript loader.
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { hashSync, verifySync } from '@node-rs/argon2'

// On Linux a thread has its own priority: lowering it leaves the thread that answers requests a
// core whenever it has work. Elsewhere this would lower the whole process, so it is left alone.
if (process.platform === 'linux') {
  try {
    setPriority(19)
  } catch {
    // Not allowed here: hashing still works, at normal priority.
  }
}

parentPort.on('message', ({ op, password, hash, options }) => {
  try {
    const result = op === 'hash' ? hashSync(password, options) : verifySync(hash, password)
    parentPort.postMessage({ result })
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) })
  }
})
