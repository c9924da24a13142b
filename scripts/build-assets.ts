// Builds the browser pages' assets into dist/assets: the enhancement scripts (bundled, minified)
// and the stylesheet (bundled with its imports), each also compressed ahead of time (brotli, gzip) so the server never
// compresses on the fly (pages with secrets must not be compressed: BREACH). `npm run server` and
// the tests run it first.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist/assets')

await mkdir(out, { recursive: true })
await build({
  entryPoints: {
    pages: path.join(root, 'server/browser/pages.ts'),
    strength: path.join(root, 'server/browser/strength.ts'),
    passkeys: path.join(root, 'server/browser/passkeys.ts'),
  },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
})
// One stylesheet file (the CSP forbids inline styles): site.css with what it @imports, such as the
// strength meter's rules, which the console shares (src-shared/strength-meter.css).
await build({
  entryPoints: { site: path.join(root, 'server/browser/site.css') },
  outdir: out,
  bundle: true,
  minify: true,
  logLevel: 'warning',
})

for (const name of ['pages.js', 'strength.js', 'passkeys.js', 'site.css']) {
  const body = await readFile(path.join(out, name))
  await writeFile(path.join(out, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
  await writeFile(path.join(out, `${name}.gz`), gzipSync(body, { level: 9 }))
}
