// The pages' stylesheet and scripts: each in the encoding the browser accepts (the compressed copy
// holds exactly the same bytes), cached for good only under the URL of its current content, and
// nothing but GET and HEAD.
import { createHash } from 'node:crypto'
import { request, type IncomingHttpHeaders } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'

const start = useTestServers()

interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** The answer's bytes as they came over the wire (fetch would undo the compression). */
function raw(url: string, method: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('page assets', () => {
  it('serves each asset the page links to, compressed when accepted, with the same bytes every way', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    // The account page has every asset: its change-password form shows the strength meter.
    const page = await (await signedInBrowser(t, 'ann')).get('/account')
    const links = [...new Set([...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!))]
    expect(links.map((link) => link.split('?')[0]).sort()).toEqual(['/assets/pages.js', '/assets/site.css', '/assets/strength.js'])

    for (const link of links) {
      const plain = await raw(`${t.url}${link}`, 'GET', { 'accept-encoding': 'identity' })
      expect(plain.status, link).toBe(200)
      expect(plain.headers['content-encoding'], link).toBeUndefined()
      expect(Number(plain.headers['content-length']), link).toBe(plain.body.length)
      expect(plain.headers['content-type'], link).toMatch(link.includes('.css') ? /^text\/css/ : /^text\/javascript/)
      expect(plain.headers['cache-control'], link).toBe('public, max-age=31536000, immutable')
      expect(plain.headers.vary, link).toMatch(/Accept-Encoding/i)
      // The version in the URL is the content's own hash.
      const version = new URL(link, t.url).searchParams.get('v')
      expect(createHash('sha256').update(plain.body).digest('hex').startsWith(version!), link).toBe(true)

      const brotli = await raw(`${t.url}${link}`, 'GET', { 'accept-encoding': 'br' })
      expect(brotli.headers['content-encoding'], link).toBe('br')
      expect(Number(brotli.headers['content-length']), link).toBe(brotli.body.length)
      expect(brotliDecompressSync(brotli.body).equals(plain.body), link).toBe(true)

      const gzip = await raw(`${t.url}${link}`, 'GET', { 'accept-encoding': 'gzip' })
      expect(gzip.headers['content-encoding'], link).toBe('gzip')
      expect(gunzipSync(gzip.body).equals(plain.body), link).toBe(true)

      const head = await raw(`${t.url}${link}`, 'HEAD', { 'accept-encoding': 'identity' })
      expect(head.status, link).toBe(200)
      expect(head.headers['content-length'], link).toBe(plain.headers['content-length'])
      expect(head.body.length, link).toBe(0)
    }
  })

  it('lets browsers cache an asset for good only under its current version', async () => {
    const t = await start()
    for (const url of ['/assets/site.css', '/assets/site.css?v=000000000000']) {
      const answer = await raw(`${t.url}${url}`, 'GET', {})
      expect(answer.status, url).toBe(200)
      expect(answer.headers['cache-control'], url).toBe('no-cache')
    }
  })

  it('answers nothing but GET and HEAD, and nothing outside its list', async () => {
    const t = await start()
    for (const [method, url] of [
      ['POST', '/assets/site.css'],
      ['DELETE', '/assets/pages.js'],
      ['GET', '/assets/strength.js.br'],
      ['GET', '/assets/missing.js'],
      ['GET', '/assets/'],
    ] as const) {
      const answer = await raw(`${t.url}${url}`, method, {})
      expect(answer.status, `${method} ${url}`).toBeGreaterThanOrEqual(400)
      expect(answer.status, `${method} ${url}`).toBeLessThan(500)
    }
  })
})
