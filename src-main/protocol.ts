// The console's pages are served over a custom app:// scheme, not file://: a standard, secure
// origin of their own (so the CSP and the sender checks have an origin to hold on to), and no
// access to the rest of the file system. Every response carries the console's CSP.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'console'
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** The renderer talks to nothing but the main process: no network, no inline code. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
  } catch {
    return false
  }
}

/** Answers an app:// request from the renderer folder; anything outside it is a 404. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff' }
  if (!isAppUrl(requestUrl)) return new Response('Not found', { status: 404, headers })
  let decoded: string
  try {
    decoded = decodeURIComponent(new URL(requestUrl).pathname)
  } catch {
    // A malformed escape (app://console/%E0%A4%A) is a missing file, not a failed request.
    return new Response('Not found', { status: 404, headers })
  }
  const relative = decoded.replace(/^\/+/, '') || 'index.html'
  const file = path.resolve(rendererDir, relative)
  if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404, headers })
  try {
    const body = await readFile(file)
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' },
    })
  } catch {
    return new Response('Not found', { status: 404, headers })
  }
}
