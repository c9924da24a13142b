// Structured logs: one JSON line per event. Secrets never reach a log line; the redaction below is
// a safety net for fields that must never be logged even by mistake.
import { pino, type Logger } from 'pino'
import type { Config } from './config'

export type { Logger }

export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'textup' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'newPassword',
        '*.newPassword',
        'adminPassword',
        '*.adminPassword',
        'link',
        '*.link',
      ],
      censor: '[redacted]',
    },
  })
}
