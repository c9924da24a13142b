// Cross-site request forgery protection for the HTML forms. Every form carries a token that is an
// HMAC, under the server's secret (kept in the database, so every server process agrees), of
// something only this browser holds. Signed in, that is the session and nothing else: a new session
// means new tokens, and no token made before sign-in counts. Before sign-in (the sign-in, forgot
// password and reset forms) it is an anonymous cookie whose value the server issued — a random
// nonce with its own HMAC — so a value planted by a sibling subdomain or made up by an attacker is
// ignored and replaced, never signed. Requests the browser marks as coming from another site are
// refused before the token is checked.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import { newToken, TOKEN_PATTERN } from '../../accounts/secrets'
import type { CookieJar } from '../cookies'
import type { HttpState } from '../state'

type FormContext = Context & { state: HttpState }

export class Csrf {
  /** The anonymous cookie issued while answering a request: its pages' forms all use that one. */
  private readonly issuedNow = new WeakMap<Context, string>()

  constructor(
    private readonly secret: Buffer,
    private readonly cookies: CookieJar,
  ) {}

  /** The token to put in this browser's forms. Gives an anonymous visitor a cookie if they have no valid one. */
  tokenFor(ctx: FormContext): string {
    if (ctx.state.session) {
      // The anonymous cookie of before sign-in has no use any more: dropped, so its tokens die with it.
      if (this.cookies.get(ctx, 'csrf') !== undefined) this.cookies.clear(ctx, 'csrf')
      return this.sessionToken(ctx.state.session.tokenHash)
    }
    return this.sign(`anonymous:${this.anonymousCookie(ctx)}`)
  }

  /** Whether a submitted form really comes from a page TextUp gave this browser, in its current state. */
  verify(ctx: FormContext, submitted: unknown): boolean {
    const site = ctx.get('sec-fetch-site')
    if (site === 'cross-site' || site === 'same-site') return false
    if (typeof submitted !== 'string' || submitted.length === 0 || submitted.length > 200) return false
    let expected: string
    if (ctx.state.session) {
      expected = this.sessionToken(ctx.state.session.tokenHash)
    } else {
      const cookie = this.issuedCookie(ctx)
      if (!cookie) return false
      expected = this.sign(`anonymous:${cookie}`)
    }
    return sameText(expected, submitted)
  }

  private sessionToken(sessionTokenHash: string): string {
    return this.sign(`session:${sessionTokenHash}`)
  }

  /** This browser's anonymous cookie if the server issued it, else a fresh one, set on the answer. */
  private anonymousCookie(ctx: FormContext): string {
    const current = this.issuedNow.get(ctx) ?? this.issuedCookie(ctx)
    if (current) return current
    const nonce = newToken()
    const value = `${nonce}.${this.sign(`cookie:${nonce}`)}`
    this.cookies.set(ctx, 'csrf', value)
    this.issuedNow.set(ctx, value)
    return value
  }

  /** The anonymous cookie the browser sent, when its HMAC shows the server issued it. */
  private issuedCookie(ctx: FormContext): string | undefined {
    const value = this.cookies.get(ctx, 'csrf')
    const [nonce, mac, ...rest] = value?.split('.') ?? []
    if (!value || !nonce || !mac || rest.length > 0 || !TOKEN_PATTERN.test(nonce)) return undefined
    return sameText(this.sign(`cookie:${nonce}`), mac) ? value : undefined
  }

  private sign(binding: string): string {
    return createHmac('sha256', this.secret).update(binding).digest('base64url')
  }
}

function sameText(expected: string, given: string): boolean {
  const wanted = Buffer.from(expected)
  const actual = Buffer.from(given)
  return wanted.length === actual.length && timingSafeEqual(wanted, actual)
}
