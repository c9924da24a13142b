// Device tokens ("device cookies", OWASP's answer to lockout by guessing): a browser or console that
// has signed in to an account before holds a token bound to that account, and its attempts count
// against an allowance of its own. The per-account limit then applies only to devices the account
// has never signed in from, so an attacker who knows a username can lock out their own guesses,
// not the owner. A token is a random nonce with an HMAC over the username and the nonce under a
// server secret kept in the database: any server process can check it, and none has to store it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { usernameKey } from '../../src-shared/accounts'

const TOKEN_SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/

function mac(secret: Buffer, username: string, nonce: string): Buffer {
  return createHmac('sha256', secret)
    .update(`device\n${usernameKey(username)}\n${nonce}`)
    .digest()
}

/** A new device token for this account, to give the client after a successful sign-in. */
export function issueDeviceToken(secret: Buffer, username: string): string {
  const nonce = randomBytes(16).toString('base64url')
  return `${nonce}.${mac(secret, username, nonce).toString('base64url')}`
}

/**
 * The device a token names, if the server issued it for this account; undefined for anything else
 * (no token, a token of another account, a forged or damaged one).
 */
export function deviceOf(secret: Buffer, token: unknown, username: string): string | undefined {
  if (typeof token !== 'string') return undefined
  const match = TOKEN_SHAPE.exec(token)
  if (!match?.[1] || !match[2]) return undefined
  const expected = mac(secret, username, match[1])
  const given = Buffer.from(match[2], 'base64url')
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1] : undefined
}
