// The server's keys for second factors, kept in the database beside its other secrets (settings),
// so every server process shares them: one encrypts authenticator (TOTP) secrets at rest, one keys
// the hashes of recovery codes.
//
// TOTP secrets are encrypted with AES-256-GCM. Each ciphertext names the key that made it
// ("k1.<iv>.<ciphertext+tag>"), so a new key can be added later and old secrets still read until
// they are re-encrypted. The ciphertext is bound to its owner (the associated data names the
// account), so a secret copied into another person's row does not open. What this protects: the
// secrets in an export, a log or a copy of the factor table alone. It cannot protect against
// someone with the whole database (the key is in it too); that needs a key kept apart from the
// database, which a later key id can bring.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { DB } from '../db/database'
import { loadSecret } from '../settings'

/** The key new secrets are sealed with. */
const CURRENT_KEY_ID = 'k1'
const SEALED_SHAPE = /^(k[0-9]+)\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/

export interface FactorKeys {
  /** Encrypts a secret for one purpose and owner (such as "totp:<user id>"). */
  seal(secret: Buffer, boundTo: string): string
  /** The secret, or undefined if it was not sealed by a key of ours for this purpose and owner. */
  open(sealed: string, boundTo: string): Buffer | undefined
  /** Keys the hashes of recovery codes (accounts/recovery-codes.ts). */
  recoveryCodeKey: Buffer
}

export async function loadFactorKeys(db: DB): Promise<FactorKeys> {
  const keys = new Map<string, Buffer>([[CURRENT_KEY_ID, await loadSecret(db, `totp_key_${CURRENT_KEY_ID}`)]])
  return {
    seal(secret, boundTo) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', keys.get(CURRENT_KEY_ID)!, iv)
      cipher.setAAD(Buffer.from(boundTo, 'utf8'))
      const sealed = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()])
      return `${CURRENT_KEY_ID}.${iv.toString('base64url')}.${sealed.toString('base64url')}`
    },
    open(sealed, boundTo) {
      const match = SEALED_SHAPE.exec(sealed)
      const key = match?.[1] ? keys.get(match[1]) : undefined
      if (!match?.[2] || !match[3] || !key) return undefined
      const body = Buffer.from(match[3], 'base64url')
      if (body.length <= 16) return undefined
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(match[2], 'base64url'))
        decipher.setAAD(Buffer.from(boundTo, 'utf8'))
        decipher.setAuthTag(body.subarray(body.length - 16))
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()])
      } catch {
        // Tampered with, or sealed for someone else.
        return undefined
      }
    },
    recoveryCodeKey: await loadSecret(db, 'recovery_code_key'),
  }
}
