// What checking an authenticator code costs the server's CPU beside the password's argon2: the
// secret opened (AES-256-GCM, with the key the server keeps in its database) and the code compared
// with the three steps around now (HMAC-SHA1 each), exactly as the second step of a sign-in does.
// A wrong code costs the most (every step is tried). Run in its own process; prints one JSON line.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Secret, TOTP } from 'otpauth'
import { loadFactorKeys } from '../../server/accounts/factor-keys'
import { matchingStep } from '../../server/accounts/totp'
import { migrateToLatest } from '../../server/db/database'
import { openSqlite } from '../../server/db/sqlite'

const ROUNDS = 20_000
const dataDir = mkdtempSync(path.join(tmpdir(), 'textup-code-check-'))
const db = openSqlite(dataDir)
try {
  await migrateToLatest(db)
  const keys = await loadFactorKeys(db)
  const owner = 'totp:00000000-0000-4000-8000-000000000000'
  const sealed = keys.seal(randomBytes(20), owner)
  const now = new Date()
  const check = (code: string) => {
    const bytes = keys.open(sealed, owner)!
    return matchingStep(new Secret({ buffer: new Uint8Array(bytes).buffer }), code, now)
  }
  const secret = new Secret({ buffer: new Uint8Array(keys.open(sealed, owner)!).buffer })
  const right = TOTP.generate({ secret, algorithm: 'SHA1', digits: 6, period: 30, timestamp: now.getTime() })
  if (check(right) === undefined) throw new Error('The right code was not accepted')
  const time = (code: string) => {
    for (let i = 0; i < 1000; i++) check(code)
    const started = process.cpuUsage()
    for (let i = 0; i < ROUNDS; i++) check(code)
    const used = process.cpuUsage(started)
    return (used.user + used.system) / ROUNDS
  }
  console.log(
    JSON.stringify({ rounds: ROUNDS, rightCodeCpuUs: time(right), wrongCodeCpuUs: time(right === '123456' ? '654321' : '123456') }),
  )
} finally {
  await db.destroy()
  rmSync(dataDir, { recursive: true, force: true })
}
