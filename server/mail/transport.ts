// Where emails go: an SMTP server through nodemailer when SMTP_URL is set; otherwise, for the
// embedded default, each message becomes an .eml file under DATA_DIR/outbox that any mail client
// opens, and the log says where it is.
import { mkdir, writeFile } from 'node:fs/promises'
import { devNull } from 'node:os'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../config'
import type { Logger } from '../log'

export interface MailMessage {
  from: string
  to: string
  subject: string
  text: string
  html: string
  messageId: string
}

export interface MailTransport {
  /** Resolves once the message is accepted; rejects with a MailDeliveryError otherwise. */
  send(message: MailMessage): Promise<void>
  /** Does on this thread what send() does, but keeps and sends nothing (jobs/rehearsal.ts). */
  rehearse(message: MailMessage): Promise<void>
  close(): void
  readonly description: string
}

/** Messages handed to the mail server at the same time; the SMTP pool keeps as many connections. */
export const PARALLEL_SENDS = 4

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** The receiving server refused the message for good (a 5xx reply): retrying will not help. */
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'MailDeliveryError'
  }
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // Timeouts bound how long a hung mail server holds the worker; the worker renews its claim on the
  // message meanwhile (see jobs/mail-worker.ts), so a slow server cannot cause a resend.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Connections are kept and reused: a new SMTP (and TLS) handshake per message would cap
    // delivery at a few messages a second.
    pool: true,
    maxConnections: PARALLEL_SENDS,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    // A kept connection whose server went away without closing it is given up after this long.
    socketTimeout: 15_000,
  })
  const url = new URL(smtpUrl)
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true })
  return {
    description: `SMTP ${url.protocol}//${url.host}`,
    async send(message) {
      try {
        await transporter.sendMail(message)
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode
        const text = error instanceof Error ? error.message : String(error)
        throw new MailDeliveryError(text, typeof code === 'number' && code >= 500 && code < 600)
      }
    },
    async rehearse(message) {
      await builder.sendMail(message)
    },
    close: () => transporter.close(),
  }
}

export function fileTransport(directory: string, log: Logger): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    description: `files in ${directory}`,
    async send(message) {
      try {
        const info = await builder.sendMail(message)
        await mkdir(directory, { recursive: true, mode: 0o700 })
        const stamp = new Date().toISOString().replace(/[:.]/g, '-')
        const file = path.join(directory, `${stamp}-${message.messageId.replace(/[^A-Za-z0-9.-]/g, '')}.eml`)
        // The file holds a working reset link: readable by the server's user only.
        await writeFile(file, info.message as Buffer, { mode: 0o600 })
        log.info({ event: 'email_written', file, to: message.to, subject: message.subject }, 'Email written to a file (no SMTP_URL set)')
      } catch (error) {
        throw new MailDeliveryError(error instanceof Error ? error.message : String(error), false)
      }
    },
    async rehearse(message) {
      const info = await builder.sendMail(message)
      await mkdir(directory, { recursive: true, mode: 0o700 })
      // Written to the null device: the writing costs this thread what it costs send(), and nothing is kept.
      await writeFile(devNull, info.message as Buffer)
    },
    close: () => undefined,
  }
}

/** SMTP when SMTP_URL is set, otherwise .eml files under DATA_DIR/outbox. */
export function createTransport(config: Pick<Config, 'smtpUrl' | 'dataDir'>, log: Logger): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(outboxDirectory(config), log)
}

/** Where emails go, in words for the log (never the SMTP password). */
export function describeTransport(config: Pick<Config, 'smtpUrl' | 'dataDir'>): string {
  if (!config.smtpUrl) return `files in ${outboxDirectory(config)}`
  const url = new URL(config.smtpUrl)
  return `SMTP ${url.protocol}//${url.host}`
}

/** DATA_DIR/outbox: where the .eml files go. */
export function outboxDirectory(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'outbox')
}
