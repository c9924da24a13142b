// Password hashing with argon2id, never on the thread that answers requests: on low-priority
// hashing threads of our own (hash-threads.ts) in the server, or on libuv's pool through
// @node-rs/argon2's asynchronous calls (the CLI, the console's embedded server).
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import { randomBytes } from 'node:crypto'
import { HashThreads } from './hash-threads'
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

  private readonly threads: HashThreads | undefined

  constructor(parameters: Config['argon2'], where: 'low-priority-threads' | 'libuv' = 'libuv') {
    this.options = { algorithm: ARGON2ID, ...parameters }
    this.parameterText = `$argon2id$v=19$m=${parameters.memoryCost},t=${parameters.timeCost},p=${parameters.parallelism}$`
    this.threads = where === 'low-priority-threads' ? new HashThreads() : undefined
  }

  hash(password: string): Promise<string> {
    const normalized = normalizePassword(password)
    if (!this.threads) return hash(normalized, this.options)
    return this.threads.run({ op: 'hash', password: normalized, options: this.options }) as Promise<string>
  }

  private check(storedHash: string, normalized: string): Promise<boolean> {
    if (!this.threads) return verify(storedHash, normalized)
    return this.threads.run({ op: 'verify', hash: storedHash, password: normalized }) as Promise<boolean>
  }

  /** Stops the hashing threads, if any. */
  close(): Promise<void> {
    return this.threads?.close() ?? Promise.resolve()
  }

  async verify(storedHash: string, password: string): Promise<VerifyResult> {
    let ok: boolean
    try {
      ok = await this.check(storedHash, normalizePassword(password))
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
    await this.check(await this.dummyHash, normalizePassword(password))
  }
}
