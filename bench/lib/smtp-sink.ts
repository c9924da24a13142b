// A real SMTP server on 127.0.0.1 that records when each message arrived and for whom. Unlike the
// tests' SmtpReceiver it does not parse messages (mailparser costs CPU the server under test would
// then lack) and it stamps the arrival as soon as the DATA stream ends, before the reply is sent.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { epochMs } from './http'

export interface Arrival {
  to: string[]
  /** Milliseconds since the Unix epoch, comparable with epochMs() in another process. */
  at: number
  bytes: number
  subject: string
}

export class SmtpSink {
  readonly arrivals: Arrival[] = []
  private waiters: Array<() => void> = []

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    const holder: { sink?: SmtpSink } = {}
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Every delivery opens its own connection (nodemailer without a pool): allow plenty.
      maxClients: 1000,
      // Not this machine's DNS server's speed: the benchmark measures TextUp. (smtp-server's
      // 100 ms pause before greeting a new connection, its check for early talkers, cannot be
      // turned off and is kept: many mail servers pause likewise, and TLS costs more still.)
      disableReverseLookup: true,
      onData(stream, session, callback) {
        const head: Buffer[] = []
        let bytes = 0
        stream.on('data', (chunk: Buffer) => {
          if (bytes < 4096) head.push(chunk)
          bytes += chunk.length
        })
        stream.on('end', () => {
          const at = epochMs()
          const headers = Buffer.concat(head).toString('utf8')
          const subject = /^Subject: (.*)$/im.exec(headers)?.[1]?.trim() ?? ''
          holder.sink?.record({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), at, bytes, subject })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    holder.sink = new SmtpSink(server, (server.server.address() as AddressInfo).port)
    return holder.sink
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  private record(arrival: Arrival): void {
    this.arrivals.push(arrival)
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Resolves true once `count` messages in all have arrived, false after `timeoutMs` without. */
  async waitForCount(count: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (this.arrivals.length < count) {
      const left = deadline - Date.now()
      if (left <= 0) return false
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return true
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
