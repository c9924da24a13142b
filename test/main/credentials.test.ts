// What the console remembers between starts. The token store runs against the real keytar and a
// real Secret Service (`npm test` starts gnome-keyring in a private D-Bus session): without one
// these tests fail, they are not skipped. Preferences are a small JSON file that never holds a
// secret and survives damage.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE, keychainAccount, PreferencesFile, TokenStore, type Keychain } from '../../src-main/credentials'
import { systemKeychain } from './system-keychain'

describe('TokenStore on the system keychain', () => {
  // Each test its own server addresses, removed afterwards whatever happened.
  let servers: string[]
  let keychain: Keychain | undefined
  beforeEach(async () => {
    servers = [`https://t-${randomUUID()}.example.org`, `https://t-${randomUUID()}.example.org`]
    keychain = undefined
    keychain = await systemKeychain()
  })
  afterEach(async () => {
    for (const server of servers)
      for (const user of ['eric', 'ann']) await keychain?.deletePassword(KEYCHAIN_SERVICE, keychainAccount(server, user))
  })

  it('saves, loads and forgets a token', async () => {
    const [server = ''] = servers
    const tokens = new TokenStore(keychain!)
    expect(await tokens.load(server, 'eric')).toBeNull()
    await tokens.save(server, 'eric', 'token-1')
    expect(await tokens.load(server, 'eric')).toBe('token-1')
    // Saved where any keytar client finds it: the console's service, the server and the username.
    expect(await keychain!.getPassword('TextUp Console', `${server} eric`)).toBe('token-1')
    await tokens.save(server, 'eric', 'token-2')
    expect(await tokens.load(server, 'eric')).toBe('token-2')
    await tokens.forget(server, 'eric')
    expect(await tokens.load(server, 'eric')).toBeNull()
    // Forgetting what is not there is fine (signing out twice).
    await tokens.forget(server, 'eric')
  })

  it('keeps one token per server and username; usernames are not case-sensitive', async () => {
    const [first = '', second = ''] = servers
    const tokens = new TokenStore(keychain!)
    await tokens.save(first, 'Eric', 'eric-on-first')
    await tokens.save(second, 'eric', 'eric-on-second')
    await tokens.save(first, 'ann', 'ann-on-first')
    expect(await tokens.load(first, 'eric')).toBe('eric-on-first')
    expect(await tokens.load(first, 'ERIC')).toBe('eric-on-first')
    expect(await tokens.load(second, 'eric')).toBe('eric-on-second')
    expect(await tokens.load(first, 'ann')).toBe('ann-on-first')
    expect(await tokens.load(second, 'ann')).toBeNull()
    await tokens.forget(first, 'eric')
    expect(await tokens.load(first, 'eric')).toBeNull()
    expect(await tokens.load(second, 'eric')).toBe('eric-on-second')
    expect(await tokens.load(first, 'ann')).toBe('ann-on-first')
  })
})

describe('PreferencesFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'textup-preferences-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads back what it wrote, in a file only its owner can read', async () => {
    const preferences = new PreferencesFile(path.join(dir, 'new-folder'))
    expect(await preferences.read()).toEqual({})
    await preferences.write({ serverUrl: 'https://accounts.example.org', username: 'eric', keepSignedIn: true })
    expect(await preferences.read()).toEqual({ serverUrl: 'https://accounts.example.org', username: 'eric', keepSignedIn: true })
    expect(preferences.file).toBe(path.join(dir, 'new-folder', 'preferences.json'))
    expect((await stat(preferences.file)).mode & 0o777).toBe(0o600)
    expect(await readdir(path.join(dir, 'new-folder'))).toEqual(['preferences.json'])
  })

  it.each([
    ['damaged JSON', '{"serverUrl": "https://accounts.example.org", "user'],
    ['an empty file', ''],
    ['wrong types', JSON.stringify({ serverUrl: 42, keepSignedIn: 'yes' })],
    ['not an object', '"eric"'],
  ])('counts a file with %s as no preferences', async (_case, text) => {
    const preferences = new PreferencesFile(dir)
    await writeFile(preferences.file, text)
    expect(await preferences.read()).toEqual({})
    // And the next write repairs it.
    await preferences.write({ username: 'eric' })
    expect(await preferences.read()).toEqual({ username: 'eric' })
  })

  it('drops anything it does not know, so a token written there by mistake is never read back', async () => {
    const preferences = new PreferencesFile(dir)
    await writeFile(preferences.file, JSON.stringify({ username: 'eric', token: 'secret-token' }))
    expect(await preferences.read()).toEqual({ username: 'eric' })
  })

  it('survives writes at the same moment: the file holds one of them, whole', async () => {
    const preferences = new PreferencesFile(dir)
    const writes = Array.from({ length: 8 }, (_, i) =>
      preferences.write({ serverUrl: `https://server-${i}.example.org`, username: `user${i}`, keepSignedIn: i % 2 === 0 }),
    )
    await Promise.all(writes)
    const saved = await preferences.read()
    const i = Number(saved.username?.slice(4))
    expect(saved).toEqual({ serverUrl: `https://server-${i}.example.org`, username: `user${i}`, keepSignedIn: i % 2 === 0 })
    expect(JSON.parse(await readFile(preferences.file, 'utf8'))).toEqual(saved)
    expect(await readdir(dir)).toEqual(['preferences.json'])
  })
})
