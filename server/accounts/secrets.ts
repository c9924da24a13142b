// Random tokens for sessions and reset links, and the one way they are stored: a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto'

/** 256 bits from the operating system's CSPRNG, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Shape of every token newToken makes: anything else is rejected before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/
