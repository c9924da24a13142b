// Password hashing with argon2id. Hashing and verifying run on libuv's thread pool (the napi
// binding is asynchronous), so the event loop keeps serving while a hash is computed.
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import { randomBytes } from 'node:crypto'
import { normalizePassword } from '../../src-shared/password-policy'
import type { Config } from '../config'

// Algorithm is a const enum, which isolated modules cannot read: its Argon2id member is 2.
const ARGON2ID = 2 as Algorithm.Argon2id

export interface VerifyResult {
  ok: boolean
  /** The stored hash was made with other parameters than today's: store a fresh one. */
  needsRehash: boolean
}

export class PasswordHasher {
  private readonly options
  private readonly parameterText: string
  private dummyHash: Promise<string> | undefined

  constructor(parameters: Config['argon2']) {
    this.options = { algorithm: ARGON2ID, ...parameters }
    this.parameterText = `$argon2id$v=19$m=${parameters.memoryCost},t=${parameters.timeCost},p=${parameters.parallelism}$`
  }

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), this.options)
  }

  async verify(storedHash: string, password: string): Promise<VerifyResult> {
    let ok: boolean
    try {
      ok = await verify(storedHash, normalizePassword(password))
    } catch {
      // A malformed stored hash never matches; it is not the caller's fault.
      ok = false
    }
    return { ok, needsRehash: ok && !storedHash.startsWith(this.parameterText) }
  }

  /**
   * Spends the same time as verifying a real password, for sign-ins to unknown usernames or to
   * accounts without a password, so the answer's timing does not tell whether the account exists.
   */
  async verifyNothing(password: string): Promise<void> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'))
    await verify(await this.dummyHash, normalizePassword(password))
  }
}
