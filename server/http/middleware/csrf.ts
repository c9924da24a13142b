// Cross-site request forgery protection for the HTML forms. Every form carries a token that is an
// HMAC, under a server secret, of something only this browser holds: the session id once signed
// in, else a random anonymous cookie (so sign-in and forgot-password forms are protected too).
// Requests the browser marks as coming from another site are refused before the token is checked.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import { newToken } from '../../accounts/secrets'
import type { CookieJar } from '../cookies'
import type { HttpState } from '../state'

export class Csrf {
  constructor(
    private readonly secret: Buffer,
    private readonly cookies: CookieJar,
  ) {}

  /** The token to put in this browser's forms. Gives an anonymous visitor their cookie if needed. */
  tokenFor(ctx: Context & { state: HttpState }): string {
    if (ctx.state.session) return this.sign(`session:${ctx.state.session.tokenHash}`)
    let anonymous = this.cookies.get(ctx, 'csrf')
    if (!anonymous || anonymous.length > 100) {
      anonymous = newToken()
      this.cookies.set(ctx, 'csrf', anonymous)
    }
    return this.sign(`anonymous:${anonymous}`)
  }

  /** Whether a submitted form really comes from a page TextUp gave this browser. */
  verify(ctx: Context & { state: HttpState }, submitted: unknown): boolean {
    const site = ctx.get('sec-fetch-site')
    if (site === 'cross-site' || site === 'same-site') return false
    if (typeof submitted !== 'string' || submitted.length === 0 || submitted.length > 200) return false
    const candidates: string[] = []
    if (ctx.state.session) candidates.push(this.sign(`session:${ctx.state.session.tokenHash}`))
    const anonymous = this.cookies.get(ctx, 'csrf')
    if (anonymous) candidates.push(this.sign(`anonymous:${anonymous}`))
    const given = Buffer.from(submitted)
    return candidates.some((expected) => {
      const wanted = Buffer.from(expected)
      return wanted.length === given.length && timingSafeEqual(wanted, given)
    })
  }

  private sign(binding: string): string {
    return createHmac('sha256', this.secret).update(binding).digest('base64url')
  }
}
