// The first admin of a new installation: one only, however many set-ups run at once and in however
// many server processes, and none once the installation has accounts.
import { describe, expect, it } from 'vitest'
import { createFirstAdmin, needsFirstAdmin } from '../../server/accounts/first-admin'
import { NEW_PASSWORD } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { removeDataDir, tempDataDir } from '../helpers/test-server'

const start = useTestServers()
const CLIENT = { address: '127.0.0.1', userAgent: 'test' }
const admin = (username: string) => ({
  username,
  displayName: username,
  email: `${username}@example.org`,
  password: { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
})

describe('the first admin', () => {
  it('is made once, whatever runs at once across two server processes', async () => {
    const dataDir = await tempDataDir()
    start.afterwards(() => removeDataDir(dataDir))
    const a = await start({ dataDir, smtp: false })
    const b = await start({ dataDir, smtp: false })
    expect(await needsFirstAdmin(a.server.context)).toBe(true)
    const results = await Promise.all(
      ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'].map((name, i) => createFirstAdmin((i % 2 ? a : b).server.context, admin(name), CLIENT)),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && 'reason' in r && r.reason === 'already_set_up')).toHaveLength(5)
    const users = await a.server.context.db.selectFrom('users').select(['role']).execute()
    expect(users).toEqual([{ role: 'admin' }])
    expect(await needsFirstAdmin(b.server.context)).toBe(false)
  })

  it('is refused where accounts exist already, and a refused password leaves the set-up open', async () => {
    const t = await start({ smtp: false })
    const weak = await createFirstAdmin(
      t.server.context,
      { ...admin('ann'), password: { newPassword: 'password', newPasswordConfirmation: 'password' } },
      CLIENT,
    )
    expect(weak.ok).toBe(false)
    expect('errors' in weak && weak.errors.newPassword).toBeTruthy()
    expect(await needsFirstAdmin(t.server.context)).toBe(true)
    await t.createUser({ username: 'made-by-cli' })
    const late = await createFirstAdmin(t.server.context, admin('ann'), CLIENT)
    expect(!late.ok && 'reason' in late && late.reason).toBe('already_set_up')
  })
})
