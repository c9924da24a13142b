// electron-builder.yml: valid by electron-builder's own schema, and saying what IT relies on —
// the installers per OS, per-machine Windows installs, macOS hardening and notarization, the
// Electron fuses, and native modules unpacked from the asar archive.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(this: void, config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>
  asarUnpack: string[]
  files: string[]
  win: { target: Array<{ target: string }> }
  nsis: Record<string, unknown>
  msi: Record<string, unknown>
  mac: Record<string, unknown> & { target: Array<{ target: string }> }
  linux: { target: Array<{ target: string }> }
}

async function config(): Promise<Config> {
  return parse(await readFile(`${root}/electron-builder.yml`, 'utf8')) as Config
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration validation", async () => {
    await expect(validateConfiguration(await config(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is really checked: a wrong value or an unknown option is refused', async () => {
    const valid = await config()
    await expect(
      validateConfiguration({ ...valid, electronFuses: { ...valid.electronFuses, runAsNode: 'no' } }, new DebugLogger(false)),
    ).rejects.toThrow(/runAsNode/)
    await expect(validateConfiguration({ ...valid, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(/notAnOption/)
  })

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect arguments, asar integrity, app only from asar, encrypted cookies', async () => {
    expect((await config()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    })
  })

  it('makes the installers IT deploys, per machine on Windows, hardened and notarized on macOS', async () => {
    const c = await config()
    expect(c.win.target.map((t) => t.target)).toEqual(['nsis', 'msi'])
    expect(c.nsis).toMatchObject({ perMachine: true, oneClick: false })
    expect(c.msi).toMatchObject({ perMachine: true })
    expect(c.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip'])
    expect(c.mac).toMatchObject({ hardenedRuntime: true, notarize: true })
    expect(existsSync(`${root}/${String(c.mac.entitlements)}`)).toBe(true)
    expect(c.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb'])
  })

  it('packs the bundles with their native modules unpacked, and leaves source maps out', async () => {
    const c = await config()
    expect(c.asar).toBe(true)
    expect(c.asarUnpack).toContain('**/*.node')
    expect(c.files).toEqual(
      expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'dist/assets/**', '!dist/**/*.map', 'package.json']),
    )
  })
})
