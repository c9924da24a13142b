// The machine configuration IT deploys: no file means the defaults; a valid file sets (and can
// lock) the server; anything wrong is ignored with a sentence naming the file, and then the console
// does not start a server of its own.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadMachineConfig, machineConfigPath } from '../../src-main/machine-config'
import { translator } from '../../src-shared/i18n/translator'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'textup-machine-config-'))
  file = path.join(dir, 'console.json')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function configWith(text: string) {
  await writeFile(file, text)
  return loadMachineConfig(file, translator('en'))
}

describe('loadMachineConfig', () => {
  it('without a file: the defaults (any server, embedded server allowed)', async () => {
    expect(await loadMachineConfig(file, translator('en'))).toEqual({
      serverUrl: undefined,
      serverLocked: false,
      allowEmbeddedServer: true,
      problems: [],
    })
  })

  it('with the server and allowServerChange false: that server, locked', async () => {
    expect(await configWith(JSON.stringify({ serverUrl: 'https://accounts.example.org/', allowServerChange: false }))).toEqual({
      serverUrl: 'https://accounts.example.org',
      serverLocked: true,
      allowEmbeddedServer: true,
      problems: [],
    })
  })

  it('with only the server: suggested, not locked', async () => {
    expect(await configWith(JSON.stringify({ serverUrl: 'accounts.example.org' }))).toMatchObject({
      serverUrl: 'https://accounts.example.org',
      serverLocked: false,
      problems: [],
    })
  })

  it('can forbid the embedded server', async () => {
    expect(await configWith(JSON.stringify({ allowEmbeddedServer: false }))).toEqual({
      serverUrl: undefined,
      serverLocked: false,
      allowEmbeddedServer: false,
      problems: [],
    })
  })

  it('reads a file saved with a byte-order mark (as Windows Notepad saves UTF-8)', async () => {
    expect(
      await configWith(`\uFEFF${JSON.stringify({ serverUrl: 'https://accounts.example.org', allowServerChange: false })}`),
    ).toMatchObject({
      serverUrl: 'https://accounts.example.org',
      serverLocked: true,
      problems: [],
    })
  })

  it.each([
    ['invalid JSON', '{ "serverUrl": "https://accounts.example.org", }', 'it is not valid JSON'],
    ['an empty file', '', 'it is not valid JSON'],
    ['an unknown setting', JSON.stringify({ serverURL: 'https://accounts.example.org' }), 'unknown setting serverURL'],
    ['a serverUrl that is not text', JSON.stringify({ serverUrl: 42 }), 'serverUrl must be text'],
    [
      'allowServerChange that is not true or false',
      JSON.stringify({ serverUrl: 'https://accounts.example.org', allowServerChange: 'no' }),
      'allowServerChange must be true or false',
    ],
    [
      'allowEmbeddedServer that is not true or false',
      JSON.stringify({ allowEmbeddedServer: 0 }),
      'allowEmbeddedServer must be true or false',
    ],
    ['a JSON array', '[]', 'is invalid'],
    ['http:// to another computer', JSON.stringify({ serverUrl: 'http://accounts.example.org' }), 'passwords must not travel unencrypted'],
    ['a server address with a path', JSON.stringify({ serverUrl: 'https://accounts.example.org/admin' }), 'without a path'],
    [
      'allowServerChange false without a server',
      JSON.stringify({ allowServerChange: false }),
      'allowServerChange is false but no serverUrl is given',
    ],
  ])('with %s: fails closed (no server allowed, no embedded server), with a problem naming the file', async (_case, text, why) => {
    const config = await configWith(text)
    // The file may have been meant to lock the server address: without knowing which, none is allowed.
    expect(config.serverUrl).toBeUndefined()
    expect(config.serverLocked).toBe(true)
    expect(config.allowEmbeddedServer).toBe(false)
    expect(config.problems).toHaveLength(1)
    expect(config.problems[0]).toContain(`The machine configuration ${file} is invalid:`)
    expect(config.problems[0]).toContain(why)
    expect(config.problems[0]).toContain('Signing in is disabled until your IT department corrects it.')
  })

  it('a file that cannot be read is a problem too', async () => {
    await mkdir(file)
    const config = await loadMachineConfig(file, translator('en'))
    expect(config.allowEmbeddedServer).toBe(false)
    expect(config.serverLocked).toBe(true)
    expect(config.problems[0]).toContain(`The machine configuration ${file} is invalid: it cannot be read`)
  })

  it('http:// to this computer is accepted', async () => {
    expect(await configWith(JSON.stringify({ serverUrl: 'http://127.0.0.1:8080' }))).toMatchObject({
      serverUrl: 'http://127.0.0.1:8080',
      problems: [],
    })
  })
})

describe('machineConfigPath', () => {
  it('is one documented place per OS', () => {
    expect(machineConfigPath('linux')).toBe('/etc/textup/console.json')
    expect(machineConfigPath('freebsd')).toBe('/etc/textup/console.json')
    expect(machineConfigPath('darwin')).toBe('/Library/Application Support/TextUp/console.json')
    expect(machineConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\TextUp\\console.json')
    expect(machineConfigPath('win32', {})).toBe('C:\\ProgramData\\TextUp\\console.json')
  })
})
