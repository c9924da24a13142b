// A small pool of password-hashing threads (hash-worker.mjs), as many as the machine has cores,
// running at the lowest CPU priority. During a storm of sign-ins the hashing uses every idle
// cycle, yet the thread that answers requests gets a core as soon as it has work: pages stay fast.
// (@node-rs/argon2's own asynchronous calls run on libuv's pool at normal priority instead.)
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

export type HashJob = { op: 'hash'; password: string; options: object } | { op: 'verify'; hash: string; password: string }

interface Pending {
  job: HashJob
  resolve: (result: unknown) => void
  reject: (error: Error) => void
}

export class HashThreads {
  private readonly idle: Worker[] = []
  private readonly busy = new Map<Worker, Pending>()
  private readonly queue: Pending[] = []
  private closed = false

  constructor(private readonly size = availableParallelism()) {}

  run(job: HashJob): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The password hashing threads are closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject })
      this.dispatch()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const workers = [...this.idle, ...this.busy.keys()]
    this.idle.length = 0
    for (const pending of [...this.busy.values(), ...this.queue.splice(0)])
      pending.reject(new Error('The password hashing threads are closed'))
    this.busy.clear()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined)
      if (!worker) return
      const pending = this.queue.shift()!
      this.busy.set(worker, pending)
      worker.postMessage(pending.job)
    }
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./hash-worker.mjs', import.meta.url))
    // Idle hashing threads must not keep a finished process (a CLI command, a test) alive.
    worker.unref()
    worker.on('message', (message: { result?: unknown; error?: string }) => {
      const pending = this.busy.get(worker)
      this.busy.delete(worker)
      if (!this.closed) this.idle.push(worker)
      if (message.error !== undefined) pending?.reject(new Error(message.error))
      else pending?.resolve(message.result)
      this.dispatch()
    })
    const lost = (error: Error) => {
      const pending = this.busy.get(worker)
      this.busy.delete(worker)
      const index = this.idle.indexOf(worker)
      if (index >= 0) this.idle.splice(index, 1)
      pending?.reject(error)
      if (!this.closed) this.dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`A password hashing thread stopped (exit code ${code})`)))
    return worker
  }
}
