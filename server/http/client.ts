// Who sent a request, as sessions and audit events record it: client address (behind TRUST_PROXY, the forwarded one) and user agent.
import type { Context } from 'koa'
import type { Client } from '../context'

export function clientOf(ctx: Context): Client {
  return { address: ctx.ip || null, userAgent: ctx.get('user-agent') || null }
}
