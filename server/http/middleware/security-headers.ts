// Security headers on every response, errors and 404s included.
import type { Middleware } from 'koa'

// No inline script or style anywhere: every script and stylesheet is a file under /assets.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  // Implied by default-src 'none', and spelled out as ASVS 5 (3.4.3) asks.
  "object-src 'none'",
].join('; ')

/**
 * The headers every answer carries: Koa's (the middleware below) and the ones the server writes
 * itself for requests Node cannot parse (server.ts). HSTS only where users come over https.
 */
export function securityHeaderValues(https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // No page of TextUp is worth telling another site about; reset pages must never leak their URL.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
    // Pages carry personal data and CSRF tokens: never stored by browsers or shared caches (unless
    // the response says otherwise: the assets, whose URLs change with their content).
    'Cache-Control': 'no-store',
  }
}

export function securityHeaders(https: boolean): Middleware {
  const headers = Object.entries(securityHeaderValues(https))
  return async (ctx, next) => {
    try {
      await next()
    } finally {
      for (const [name, value] of headers) {
        if (name !== 'Cache-Control' || !ctx.response.get(name)) ctx.set(name, value)
      }
    }
  }
}
