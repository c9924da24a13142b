// app://console: the console's files, each with the CSP and nosniff, and nothing else. Requests
// that try to leave the renderer folder (dot segments, encoded slashes, absolute paths, other
// hosts) get a 404 like any missing file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APP_START_URL, CONSOLE_CSP, isAppUrl, serveAppRequest } from '../../src-main/protocol'

let root: string
let rendererDir: string
const SECRET = 'the secret beside the renderer folder'

beforeEach(async () => {
  // renderer/ with a page and an asset, and files outside it that must stay out of reach.
  root = await mkdtemp(path.join(tmpdir(), 'textup-protocol-'))
  rendererDir = path.join(root, 'renderer')
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true })
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>TextUp Admin</title>')
  await writeFile(path.join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("console")')
  await writeFile(path.join(rendererDir, 'assets', 'index-abc123.css'), 'body{}')
  await writeFile(path.join(rendererDir, 'assets', 'blob.bin'), 'data')
  await writeFile(path.join(root, 'secret.txt'), SECRET)
  await mkdir(path.join(root, 'renderer-other'))
  await writeFile(path.join(root, 'renderer-other', 'index.html'), SECRET)
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

function directives(response: Response): Map<string, string> {
  const csp = response.headers.get('content-security-policy') ?? ''
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/)
        return [name, values.join(' ')]
      }),
  )
}

function expectConsoleHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
}

describe('serving the console', () => {
  it('serves index.html with a CSP that allows only its own scripts and styles and no network', async () => {
    const response = await serveAppRequest(rendererDir, APP_START_URL)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('<title>TextUp Admin</title>')
    expectConsoleHeaders(response)
    const csp = directives(response)
    expect(csp.get('default-src')).toBe("'none'")
    expect(csp.get('script-src')).toBe("'self'")
    expect(csp.get('style-src')).toBe("'self'")
    expect(csp.get('connect-src')).toBe("'none'")
    expect(csp.get('object-src')).toBe("'none'")
    expect(csp.get('base-uri')).toBe("'none'")
    expect(csp.get('form-action')).toBe("'none'")
    expect(csp.get('frame-ancestors')).toBe("'none'")
    expect(CONSOLE_CSP).not.toContain('unsafe-inline')
    expect(CONSOLE_CSP).not.toContain('unsafe-eval')
    expect(CONSOLE_CSP).not.toMatch(/https?:|\*/)
  })

  it('serves the root as index.html', async () => {
    const response = await serveAppRequest(rendererDir, 'app://console/')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('TextUp Admin')
  })

  it.each([
    ['assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log("console")'],
    ['assets/index-abc123.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/blob.bin', 'application/octet-stream', 'data'],
  ])('serves %s as %s, with the CSP', async (file, type, body) => {
    const response = await serveAppRequest(rendererDir, `app://console/${file}?v=1#x`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(await response.text()).toBe(body)
    expectConsoleHeaders(response)
  })
})

describe('requests outside the console', () => {
  it.each([
    'app://console/missing.js',
    'app://console/assets/',
    'app://console/../secret.txt',
    'app://console/assets/../../secret.txt',
    'app://console/%2e%2e/secret.txt',
    'app://console/%2E%2E/%2e%2E/secret.txt',
    'app://console/..%2fsecret.txt',
    'app://console/..%2Fsecret.txt',
    'app://console/assets%2f..%2f..%2fsecret.txt',
    'app://console/..%5csecret.txt',
    'app://console/%2e%2e%5csecret.txt',
    'app://console/..%2frenderer-other%2findex.html',
    'app://console/%2F..%2Fsecret.txt',
    'app://console//..//secret.txt',
    'app://console/secret.txt%00.html',
    'app://console/%E0%A4%A',
    'app://console/%',
  ])('%s is a 404 with the CSP', async (url) => {
    const response = await serveAppRequest(rendererDir, url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain(SECRET)
    expectConsoleHeaders(response)
  })

  it('absolute paths, encoded or not, are read inside the renderer folder', async () => {
    const secret = path.join(root, 'secret.txt')
    for (const url of [`app://console/${secret}`, `app://console//${secret}`, `app://console/${encodeURIComponent(secret)}`]) {
      const response = await serveAppRequest(rendererDir, url)
      expect(response.status, url).toBe(404)
      expect(await response.text()).not.toContain(SECRET)
    }
  })

  it.each([
    'app://evil/index.html',
    'app://console.evil/index.html',
    'app://console:8080/index.html',
    'app://user@evil/index.html',
    'app:index.html',
    'file:///index.html',
    'https://console/index.html',
    'not a url',
  ])('%s (another host or scheme) is a 404', async (url) => {
    const response = await serveAppRequest(rendererDir, url)
    expect(response.status).toBe(404)
    expectConsoleHeaders(response)
  })

  it('isAppUrl accepts only app://console', () => {
    expect(isAppUrl('app://console/index.html')).toBe(true)
    expect(isAppUrl('app://console')).toBe(true)
    expect(isAppUrl('app://evil/index.html')).toBe(false)
    expect(isAppUrl('app://console.evil/')).toBe(false)
    expect(isAppUrl('https://console/')).toBe(false)
    expect(isAppUrl('')).toBe(false)
  })
})
