// The stylesheet and enhancement script of the browser pages, built by scripts/build-assets.ts
// (with brotli and gzip copies) and served from memory. Their URLs carry a content hash, so
// browsers may cache them for good.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Middleware } from 'koa'

const FILES = {
  'site.css': 'text/css; charset=utf-8',
  'pages.js': 'text/javascript; charset=utf-8',
  'strength.js': 'text/javascript; charset=utf-8',
  'passkeys.js': 'text/javascript; charset=utf-8',
} as const

type Encoding = 'br' | 'gzip' | 'identity'

interface Asset {
  type: string
  version: string
  bodies: Partial<Record<Encoding, Buffer>>
}

export interface Assets {
  urls: { css: string; js: string; strength: string; passkeys: string }
  serve: Middleware
}

export function loadAssets(directory: string): Assets {
  const files = new Map<string, Asset>()
  for (const [name, type] of Object.entries(FILES)) {
    const file = path.join(directory, name)
    if (!existsSync(file)) throw new Error(`The browser assets are missing from ${directory}. Build them with: npm run build:assets`)
    const identity = readFileSync(file)
    const optional = (suffix: string) => (existsSync(`${file}${suffix}`) ? readFileSync(`${file}${suffix}`) : undefined)
    files.set(name, {
      type,
      version: createHash('sha256').update(identity).digest('hex').slice(0, 12),
      bodies: { identity, br: optional('.br'), gzip: optional('.gz') },
    })
  }
  const url = (name: keyof typeof FILES) => `/assets/${name}?v=${files.get(name)?.version}`
  return {
    urls: { css: url('site.css'), js: url('pages.js'), strength: url('strength.js'), passkeys: url('passkeys.js') },
    serve: async (ctx, next) => {
      const file = ctx.path.startsWith('/assets/') ? files.get(ctx.path.slice('/assets/'.length)) : undefined
      if (!file || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
        await next()
        return
      }
      const available = (['br', 'gzip'] as const).filter((encoding) => file.bodies[encoding])
      const encoding = (ctx.acceptsEncodings(...available, 'identity') || 'identity') as Encoding
      ctx.vary('Accept-Encoding')
      ctx.type = file.type
      ctx.set('Cache-Control', ctx.query.v === file.version ? 'public, max-age=31536000, immutable' : 'no-cache')
      if (encoding !== 'identity') ctx.set('Content-Encoding', encoding)
      ctx.body = file.bodies[encoding] ?? file.bodies.identity
    },
  }
}
