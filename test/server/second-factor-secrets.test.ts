// The second factor's secrets at rest and its codes: authenticator secrets encrypted (AES-256-GCM,
// bound to their owner, the key named in each), recovery codes kept as keyed hashes, and which codes
// count (a step either side of now, RFC 6238's test vectors, typed the way people type them).
import { Secret } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { normalizeRecoveryCode } from '../../server/accounts/recovery-codes'
import { matchingStep, normalizeTotpCode } from '../../server/accounts/totp'
import { useTestServers } from '../helpers/servers'
import { keptFactor, totpCode } from '../helpers/second-factor'

const start = useTestServers()

describe('authenticator secrets at rest', () => {
  it('are stored encrypted, never as the secret the QR code carries, and open only for their owner', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', secondFactor: true })
    const bob = await t.createUser({ username: 'bob', secondFactor: true })
    const { db, factorKeys } = t.server.context
    const rows = await db.selectFrom('totp_factors').selectAll().orderBy('user_id').execute()
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.secret).toMatch(/^k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
      expect(row.confirmed_at).not.toBeNull()
    }
    const annRow = rows.find((row) => row.user_id === ann.id)!
    const opened = factorKeys.open(annRow.secret, `totp:${ann.id}`)
    expect(opened).toBeInstanceOf(Buffer)
    const base32 = new Secret({ buffer: new Uint8Array(opened!).buffer }).base32
    // What the person scanned, and nothing the database holds in the clear.
    const everything =
      JSON.stringify(await db.selectFrom('totp_factors').selectAll().execute()) +
      JSON.stringify(await db.selectFrom('settings').selectAll().execute())
    expect(everything).not.toContain(base32)
    expect(everything).not.toContain(opened!.toString('hex'))
    // Copied into Bob's row, or for another purpose, it does not open; nor when a bit is changed.
    expect(factorKeys.open(annRow.secret, `totp:${bob.id}`)).toBeUndefined()
    expect(factorKeys.open(annRow.secret, `recovery:${ann.id}`)).toBeUndefined()
    // The bit is flipped in the decoded bytes: editing a base64url character can be a no-op.
    const [keyId, iv, body] = annRow.secret.split('.') as [string, string, string]
    const tampered = Buffer.from(body, 'base64url')
    tampered.writeUInt8(tampered.readUInt8(0) ^ 1, 0)
    const flipped = `${keyId}.${iv}.${tampered.toString('base64url')}`
    expect(flipped).not.toBe(annRow.secret)
    expect(factorKeys.open(flipped, `totp:${ann.id}`)).toBeUndefined()
    // A key this server does not have (a later one, say) is named, not guessed at.
    expect(factorKeys.open(annRow.secret.replace(/^k1\./, 'k2.'), `totp:${ann.id}`)).toBeUndefined()
    // Each sealing is new: the same secret never looks the same twice.
    const secret = Buffer.from('12345678901234567890')
    expect(factorKeys.seal(secret, 'totp:x')).not.toBe(factorKeys.seal(secret, 'totp:x'))
    expect(factorKeys.open(factorKeys.seal(secret, 'totp:x'), 'totp:x')).toEqual(secret)
  })

  it('the key is made once and shared by every server on the database', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', secondFactor: true })
    const keys = await t.server.context.db
      .selectFrom('settings')
      .select('key')
      .where('key', 'in', ['totp_key_k1', 'recovery_code_key'])
      .execute()
    expect(keys.map((row) => row.key).sort()).toEqual(['recovery_code_key', 'totp_key_k1'])
  })

  it('recovery codes are kept as keyed hashes only', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', secondFactor: true })
    const rows = await t.server.context.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', ann.id).execute()
    expect(rows).toHaveLength(10)
    const codes = keptFactor(t, 'ann')!.recoveryCodes
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/)
    expect(new Set(codes).size).toBe(10)
    const stored = JSON.stringify(rows)
    for (const code of codes) {
      expect(stored).not.toContain(code)
      expect(stored).not.toContain(code.replaceAll('-', ''))
    }
    for (const row of rows) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('codes', () => {
  // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", and the last six digits of each code.
  const rfcSecret = new Secret({ buffer: new Uint8Array(Buffer.from('12345678901234567890')).buffer })
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s the code is %s (RFC 6238 test vectors)', (seconds, code) => {
    const at = new Date(seconds * 1000)
    expect(matchingStep(rfcSecret, code, at)).toBe(Math.floor(seconds / 30))
    expect(totpCode(rfcSecret.base32, at)).toBe(code)
  })

  it('count a step either side of now, and no further', () => {
    const now = new Date('2030-01-01T12:00:10Z')
    const step = Math.floor(now.getTime() / 30_000)
    const at = (offset: number) => totpCode(rfcSecret.base32, new Date((step + offset) * 30_000))
    expect(matchingStep(rfcSecret, at(-1), now)).toBe(step - 1)
    expect(matchingStep(rfcSecret, at(0), now)).toBe(step)
    expect(matchingStep(rfcSecret, at(1), now)).toBe(step + 1)
    expect(matchingStep(rfcSecret, at(-2), now)).toBeUndefined()
    expect(matchingStep(rfcSecret, at(2), now)).toBeUndefined()
  })

  it('are read the way people type them', () => {
    expect(normalizeTotpCode(' 287 082 ')).toBe('287082')
    expect(normalizeTotpCode('287-082')).toBe('287082')
    for (const typed of ['28708', '2870822', 'abcdef', '']) expect(normalizeTotpCode(typed)).toBeUndefined()
    expect(normalizeRecoveryCode('ABCD-EFGH-JKMN-PQRS')).toBe('abcdefghjkmnpqrs')
    expect(normalizeRecoveryCode('abcd efgh jkmn pqrs')).toBe('abcdefghjkmnpqrs')
    // Crockford's reading of look-alikes: I and L as 1, O as 0.
    expect(normalizeRecoveryCode('IL0O-aaaa-bbbb-cccc')).toBe('1100aaaabbbbcccc')
    for (const typed of ['abcd-efgh-jkmn', 'abcd-efgh-jkmn-pqrs-tvwx', 'abcd-efgh-jkmn-pqru', ''])
      expect(normalizeRecoveryCode(typed)).toBeUndefined()
  })
})
