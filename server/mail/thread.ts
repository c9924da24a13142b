// Runs the mail worker in a thread of its own, with its own database connection.
//
// Why: the worker's work depends on the account a forgot-password request named (an email to
// build and send, or nothing). On the thread that answers requests, that work would delay the
// next answers, and an attacker timing a request sent right after their own could tell whether a
// username exists. In its own thread it shares nothing with the answers but the database.
import { Worker } from 'node:worker_threads'
import type { Config } from '../config'
import { writeLogLine, type Logger } from '../log'
import type { MailWorker } from './worker'

/** What the thread needs to know; plain data, since it crosses to another thread. */
export interface MailThreadData {
  config: Omit<Config, 'publicUrl'> & { publicUrl: string | undefined }
  publicUrl: string
  /** The level of the server's logger, which the thread's lines end up in. */
  logLevel: string
}

export type MailThreadMessage = 'wake' | 'stop'

export function startMailThread(config: Config, publicUrl: URL, log: Logger): MailWorker {
  // From the sources the entry is TypeScript, run through tsx; in a bundle it is a file beside it.
  const fromSources = /\.ts$/.test(new URL(import.meta.url).pathname)
  const entry = new URL(fromSources ? './thread-entry.ts' : './mail-worker.js', import.meta.url)
  const workerData: MailThreadData = { config: { ...config, publicUrl: config.publicUrl?.href }, publicUrl: publicUrl.href, logLevel: log.level }
  let stopping = false

  const spawn = (): Worker => {
    const thread = fromSources
      ? new Worker(new URL('./thread-bootstrap.mjs', import.meta.url), { workerData: { ...workerData, entry: entry.href } })
      : new Worker(entry, { workerData })
    thread.on('message', (message: { log?: string }) => {
      if (typeof message.log === 'string') writeLogLine(log, message.log)
    })
    thread.on('error', (error) => {
      log.error({ event: 'mail_thread_failed', err: error }, 'The mail worker thread failed; restarting it')
    })
    thread.on('exit', (code) => {
      // Anything but a requested stop is a crash: start again (the outbox keeps the work).
      if (!stopping) {
        log.error({ event: 'mail_thread_exited', code }, 'The mail worker thread stopped unexpectedly; restarting it')
        setTimeout(() => {
          if (!stopping) current = spawn()
        }, 1000).unref()
      }
    })
    return thread
  }
  let current = spawn()

  return {
    wake: () => current.postMessage('wake' satisfies MailThreadMessage),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true
        current.once('exit', () => resolve())
        current.postMessage('stop' satisfies MailThreadMessage)
      }),
  }
}

