// A real SMTP server on 127.0.0.1 (the smtp-server package) that keeps every message it accepts,
// parsed with mailparser, and can be told to refuse mail, hold it unanswered, or stop listening and
// come back on the same port, to simulate a slow or failing mail host.
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  to: string[]
  from: string
  subject: string
  text: string
  html: string
  messageId: string | undefined
  /** Every http(s) link in the plain-text body. */
  links: string[]
  raw: ParsedMail
}

export class SmtpReceiver {
  readonly messages: ReceivedEmail[] = []
  /**
   * Connections reset inside a mail transaction (a sender killed mid-message, in the fault tests):
   * smtp-server reports them as 'error' events, which must not crash the test process.
   */
  readonly connectionErrors: string[] = []
  /** When set, every message is refused with this SMTP reply code (4xx: try later, 5xx: never). */
  refuseWith: number | undefined
  /** How many messages were refused (refuseWith was set when they came). */
  refusals = 0
  port = 0
  private server: SMTPServer | undefined
  private waiters: Array<() => void> = []
  private holding = false
  private heldMessages: Array<() => void> = []

  private constructor() {}

  static async start(): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver()
    await receiver.listen()
    return receiver
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  /** Listens on its port: a free one at first, the same one again after stop() (a mail host back from an outage). */
  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.refuseWith) {
          this.refusals += 1
          stream.resume()
          const error = Object.assign(new Error('Mailbox unavailable (simulated outage)'), { responseCode: this.refuseWith })
          stream.on('end', () => callback(error))
          return
        }
        simpleParser(stream).then(
          (mail) => {
            const finish = () => {
              this.accept(mail)
              callback()
            }
            if (this.holding) this.heldMessages.push(finish)
            else finish()
          },
          (error: Error) => callback(error),
        )
      },
    })
    server.on('error', (error: Error) => this.connectionErrors.push(error.message))
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.server.address() as AddressInfo).port
    this.server = server
  }

  private accept(mail: ParsedMail): void {
    const addresses = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((group) =>
      group.value.map((v) => v.address ?? ''),
    )
    const text = mail.text ?? ''
    this.messages.push({
      to: addresses,
      from: mail.from?.text ?? '',
      subject: mail.subject ?? '',
      text,
      html: typeof mail.html === 'string' ? mail.html : '',
      messageId: mail.messageId,
      links: text.match(/https?:\/\/\S+/g) ?? [],
      raw: mail,
    })
    for (const wake of this.waiters.splice(0)) wake()
  }

  /**
   * From now on, messages are read but not answered until release(): the sender (the server's mail
   * worker) stays busy with its delivery, as with a slow mail server.
   */
  hold(): void {
    this.holding = true
  }

  /** How many messages are waiting for release(). */
  get held(): number {
    return this.heldMessages.length
  }

  /** Accepts every held message and stops holding. */
  release(): void {
    this.holding = false
    for (const finish of this.heldMessages.splice(0)) finish()
  }

  /** Messages sent to an address. */
  to(address: string): ReceivedEmail[] {
    return this.messages.filter((m) => m.to.includes(address))
  }

  /** Waits until `count` messages match, or fails after timeoutMs. */
  async waitFor(match: (m: ReceivedEmail) => boolean, count = 1, timeoutMs = 10_000): Promise<ReceivedEmail[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.filter(match)
      if (found.length >= count) return found
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`Timed out waiting for ${count} email(s); have ${found.length} matching of ${this.messages.length} received`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Accepts the messages it holds, then stops listening: connections to its port are refused. */
  async stop(): Promise<void> {
    this.release()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
