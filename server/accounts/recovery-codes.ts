// Recovery codes: ten single-use codes a person keeps on paper, for when their authenticator or
// passkey is not at hand. Shown once, stored as keyed hashes, used up by a conditional update.
//
// Why a keyed hash (HMAC-SHA256 under a server secret) and not argon2id: a code is 16 characters
// from a 32-letter alphabet, 80 random bits, far beyond what any amount of hashing is there to
// protect (argon2 exists for the few bits of a human-chosen password). A fast hash lets the server
// find the code with one indexed lookup and use it up with one conditional write, where argon2
// would cost ~12 ms per stored code at every attempt — ten of them, on a path anyone who knows a
// password can hit. The key keeps a stolen table from being checked offline at all; the owner's id
// in the hash keeps a code from counting for anyone else.
import { createHmac, randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export const RECOVERY_CODE_COUNT = 10
/** Crockford's base32: no i, l, o or u, which are read as 1, 1, 0 and v (or rude words). */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const LENGTH = 16
const TYPED_SHAPE = /^[0-9a-z]{16}$/

function newCode(): string {
  const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)])
  return [0, 4, 8, 12].map((at) => characters.slice(at, at + 4).join('')).join('-')
}

/** A code as typed (any case, with or without dashes and spaces, I/L for 1, O for 0), or undefined if it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | undefined {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0')
  if (!TYPED_SHAPE.test(plain) || [...plain].some((character) => !ALPHABET.includes(character))) return undefined
  return plain
}

function codeHash(key: Buffer, userId: string, normalized: string): string {
  return createHmac('sha256', key).update(`recovery-code\n${userId}\n${normalized}`).digest('hex')
}

/** New codes for the person, replacing every earlier one (used or not). Returns the codes to show, once. */
export async function replaceRecoveryCodes(trx: Kysely<Database>, key: Buffer, userId: string, now: Date): Promise<string[]> {
  await deleteRecoveryCodes(trx, userId)
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode)
  await trx
    .insertInto('recovery_codes')
    .values(
      codes.map((code) => ({
        user_id: userId,
        code_hash: codeHash(key, userId, normalizeRecoveryCode(code)!),
        created_at: now.toISOString(),
        used_at: null,
      })),
    )
    .execute()
  return codes
}

/** Uses up the code if it is one of the person's and unused: of two uses at once, exactly one succeeds. */
export async function useRecoveryCode(trx: Kysely<Database>, key: Buffer, userId: string, typed: string, now: Date): Promise<boolean> {
  const normalized = normalizeRecoveryCode(typed)
  if (!normalized) return false
  const used = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash(key, userId, normalized))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(used.numUpdatedRows) === 1
}

export async function deleteRecoveryCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('recovery_codes').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
