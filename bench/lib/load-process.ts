// Starts a load process (bench/load/worker.ts) with one task and drives it: ready, then one run per
// call of run() (a measured slice), then stop.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, LoadProcessHealth, LoadResult, LoadTask } from '../load/tasks'

const WORKER = fileURLToPath(new URL('../load/worker.ts', import.meta.url))

export interface LoadRun<R extends LoadResult> {
  result: R
  health: LoadProcessHealth
}

export interface LoadProcess<R extends LoadResult> {
  pid: number
  /** Resolves once the task is prepared (CSRF cookies fetched, warm-up done). */
  ready: Promise<void>
  /** Runs the task once more (for `amount` seconds or requests, see ToWorker) and resolves with what it measured. */
  run(amount?: number): Promise<LoadRun<R>>
  /** Ends the process. */
  stop(): Promise<void>
}

export function startLoad<R extends LoadResult>(task: LoadTask): LoadProcess<R> {
  const child = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  if (child.pid === undefined) throw new Error('The load process did not start')
  let failure: Error | undefined
  const waiting: Array<{ resolve: (message: FromWorker) => void; reject: (error: Error) => void }> = []
  const fail = (error: Error) => {
    failure ??= error
    for (const w of waiting.splice(0)) w.reject(failure)
  }
  child.on('message', (message: FromWorker) => {
    if (message.type === 'failed') return fail(new Error(`The ${task.kind} load failed:\n${message.error}`))
    waiting.shift()?.resolve(message)
  })
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      fail(new Error(`The ${task.kind} load process exited (code ${code})`))
      resolve()
    }),
  )
  const next = () =>
    new Promise<FromWorker>((resolve, reject) => {
      if (failure) reject(failure)
      else waiting.push({ resolve, reject })
    })
  const ready = next().then((message) => {
    if (message.type !== 'ready') throw new Error(`The ${task.kind} load said ${message.type} before ready`)
  })
  child.send({ type: 'task', task })
  return {
    pid: child.pid,
    ready,
    async run(amount) {
      const done = next()
      child.send({ type: 'go', amount })
      const message = await done
      if (message.type !== 'done') throw new Error(`The ${task.kind} load said ${message.type} instead of done`)
      return { result: message.result as R, health: message.health }
    },
    async stop() {
      if (child.connected) child.send({ type: 'stop' })
      await exited
    },
  }
}
