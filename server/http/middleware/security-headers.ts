// Security headers on every response, errors and 404s included.
import type { Middleware } from 'koa'

// No inline script or style anywhere: every script and stylesheet is a file under /assets.
export const CONTENT_SECURITY_POLICY = [
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

export function securityHeaders(https: boolean): Middleware {
  return async (ctx, next) => {
    try {
      await next()
    } finally {
      ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      ctx.set('X-Content-Type-Options', 'nosniff')
      ctx.set('X-Frame-Options', 'DENY')
      // No page of TextUp is worth telling another site about; reset pages must never leak their URL.
      ctx.set('Referrer-Policy', 'no-referrer')
      ctx.set('Cross-Origin-Opener-Policy', 'same-origin')
      ctx.set('Cross-Origin-Resource-Policy', 'same-origin')
      ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()')
      if (https) ctx.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
      // Pages carry personal data and CSRF tokens: never stored by browsers or shared caches.
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store')
    }
  }
}
