// Structured logs: one JSON line per event. Secrets never reach a log line; the redaction below is
// a safety net for fields that must never be logged even by mistake.
import { pino, type Logger } from 'pino'
import type { Config } from './config'

export type { Logger }

/** Where log lines go: stdout, unless a destination is given (the mail thread hands its lines to the server's log). */
export function createLogger(level: Config['logLevel'], destination?: { write(line: string): void }): Logger {
  const options = {
    level,
    base: { service: 'textup' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'newPassword', '*.newPassword', 'adminPassword', '*.adminPassword', 'link', '*.link'],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}

/** Writes a line another logger produced (the mail thread's) to this logger's destination, as it is. */
export function writeLogLine(log: Logger, line: string): void {
  ;(log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]?.write(line)
}
