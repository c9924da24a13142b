// The production bundles (npm run build) hold everything the packaged console and the deployed
// server load at run time, found through the same path logic they use at run time — and the
// bundled server really runs on its own, hashing threads included.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { minimatch } from 'minimatch'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { defaultAssetsDir } from '../../server/paths'
import { consolePaths, distDir } from '../../src-main/paths'
import { Browser } from '../helpers/browser'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = path.join(root, 'dist')
const PASSWORD = 'plum tractor velvet orbit'

beforeAll(() => {
  // `npm test` builds before the suites run; built here too when this file runs on its own.
  if (
    !['main/main.js', 'main/preload.cjs', 'renderer/index.html', 'server/main.js', 'server/hash-worker.mjs'].every((f) =>
      existsSync(path.join(dist, f)),
    )
  ) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: 'inherit' })
  }
}, 180_000)

/**
 * A bundle and every chunk it loads, statically or on first use (scripts/build.ts splits modules
 * imported on first use into dist/<bundle folder>/chunks), found by following its own imports.
 */
async function bundleFiles(entry: string): Promise<string[]> {
  const files = [path.join(dist, entry)]
  for (const file of files) {
    const code = await readFile(file, 'utf8')
    for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?"(\.\.?\/[^"]+)"/g)) {
      const chunk = path.resolve(path.dirname(file), specifier!)
      if (!files.includes(chunk)) files.push(chunk)
    }
  }
  return files
}

async function bundleCode(entry: string): Promise<string> {
  const parts = await Promise.all((await bundleFiles(entry)).map((file) => readFile(file, 'utf8')))
  return parts.join('\n')
}

/** Whether electron-builder.yml's `files` puts this file (relative to the app) into the package. */
async function packaged(relative: string): Promise<boolean> {
  const { files } = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as { files: string[] }
  let included = false
  for (const pattern of files) {
    if (pattern.startsWith('!')) {
      if (minimatch(relative, pattern.slice(1))) included = false
    } else if (minimatch(relative, pattern)) included = true
  }
  return included
}

describe('the console bundle', () => {
  it('finds its preload, renderer and server assets through its own path logic, and all of them are packaged', async () => {
    const paths = consolePaths(distDir(pathToFileURL(path.join(dist, 'main', 'main.js')).href))
    const html = await readFile(path.join(paths.renderer, 'index.html'), 'utf8')
    const rendererFiles = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => path.join(paths.renderer, m[1]!))
    expect(rendererFiles.length).toBeGreaterThanOrEqual(2)
    const mainFiles = await bundleFiles('main/main.js')
    // The password-strength dictionaries, loaded when the first password is judged.
    expect(mainFiles.length).toBeGreaterThan(1)
    const needed = [
      ...mainFiles,
      paths.preload,
      path.join(paths.renderer, 'index.html'),
      ...rendererFiles,
      ...['site.css', 'pages.js', 'strength.js'].map((name) => path.join(paths.serverAssets, name)),
    ]
    for (const file of needed) {
      expect(existsSync(file), file).toBe(true)
      expect(await packaged(path.relative(root, file)), `${path.relative(root, file)} is in electron-builder.yml's files`).toBe(true)
    }
    expect(await packaged('dist/main/main.js.map')).toBe(false)
  })

  it('carries the migrations and the email templates inside the bundles', async () => {
    for (const bundle of ['main/main.js', 'server/main.js', 'server/cli.js']) {
      const code = await bundleCode(bundle)
      expect(code, bundle).toContain('0001-initial')
      expect(code, bundle).toContain('0002-user-search')
    }
    for (const bundle of ['main/main.js', 'server/main.js']) {
      const code = await bundleCode(bundle)
      expect(code, bundle).toContain('Reset your TextUp password')
      expect(code, bundle).toContain('Your TextUp password was changed')
    }
  })

  it('has a preload that needs nothing but electron (sandboxed preloads cannot load modules)', async () => {
    const preload = await readFile(path.join(dist, 'main', 'preload.cjs'), 'utf8')
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])
    expect(preload).toContain('exposeInMainWorld("textup"')
  })
})

describe('the server bundle', () => {
  it('finds its page assets beside it (dist/assets)', () => {
    expect(defaultAssetsDir(pathToFileURL(path.join(dist, 'server', 'main.js')).href)).toBe(path.join(dist, 'assets') + path.sep)
  })

  it('never loads keytar, which a server-only install may not have (it is an optional dependency for the console)', async () => {
    const loadsKeytar = /(?:from|import\(|require\()\s*"keytar"/
    // The console's bundle does, through the same kind of import, so the pattern is the right one.
    expect(await bundleCode('main/main.js')).toMatch(loadsKeytar)
    for (const bundle of ['server/main.js', 'server/cli.js']) expect(await bundleCode(bundle), bundle).not.toMatch(loadsKeytar)
  })

  it('runs on its own: pages, the CLI, a reset email from its mail worker, a sign-in, and a clean stop', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'textup-bundle-'))
    let server: ChildProcess | undefined
    try {
      const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SMTP_URL: '', PUBLIC_URL: '' }
      // Judging the password loads the strength dictionaries' chunks from beside the bundle.
      execFileSync(
        process.execPath,
        [path.join(dist, 'server', 'cli.js'), 'user', 'create', '--username', 'ann', '--email', 'ann@example.org', '--password-stdin'],
        {
          env,
          input: PASSWORD,
        },
      )
      const child = spawn(process.execPath, [path.join(dist, 'server', 'main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
      server = child
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      const lines = createInterface({ input: child.stdout })
      const events: Array<Record<string, unknown>> = []
      const started = new Promise<string>((resolve) => {
        lines.on('line', (line) => {
          const entry = JSON.parse(line) as Record<string, unknown>
          events.push(entry)
          if (entry.event === 'server_started') resolve(String(entry.url))
        })
      })
      const url = await started

      const browser = new Browser(url)
      const page = await browser.get('/forgot-password')
      expect(page.status).toBe(200)
      for (const asset of [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
        expect((await browser.get(asset)).status, asset).toBe(200)
      }
      expect((await browser.post('/forgot-password', { username: 'ann' })).status).toBe(303)
      const outbox = path.join(dataDir, 'outbox')
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline && !(await readdir(outbox).catch(() => [])).some((f) => f.endsWith('.eml')))
        await new Promise((r) => setTimeout(r, 100))
      const [file] = (await readdir(outbox)).filter((f) => f.endsWith('.eml'))
      expect(await readFile(path.join(outbox, file!), 'utf8')).toContain('Reset your TextUp password')
      // A sign-in goes through the hashing threads.
      const signIn = await browser.get('/login').then(() => browser.post('/login', { username: 'ann', password: PASSWORD }))
      expect(signIn.location).toBe('/account')

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(events.some((e) => e.event === 'server_stopped')).toBe(true)
    } finally {
      if (server?.exitCode === null) server.kill('SIGKILL')
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
