// The cookies TextUp sets. All are HttpOnly and SameSite=Lax. Under an https PUBLIC_URL they are
// also Secure and carry the __Host- prefix, which the browser only accepts from this exact host
// over https with Path=/ — a sibling subdomain cannot plant or overwrite them.
import type { Context } from 'koa'

export type CookieName = 'session' | 'csrf' | 'resetLink' | 'device' | 'challenge' | 'language'

const BASE_NAMES: Record<CookieName, string> = {
  session: 'tu_session',
  csrf: 'tu_csrf',
  resetLink: 'tu_reset',
  /** The device token (accounts/devices.ts) of the last account this browser signed in to. */
  device: 'tu_device',
  /** A sign-in waiting for its second factor (accounts/sign-in-challenges.ts): a few minutes at most. */
  challenge: 'tu_challenge',
  /** The language picked on the pages' language switcher, over the browser's Accept-Language. */
  language: 'tu_lang',
}

export class CookieJar {
  constructor(private readonly https: boolean) {}

  name(cookie: CookieName): string {
    return this.https ? `__Host-${BASE_NAMES[cookie]}` : BASE_NAMES[cookie]
  }

  get(ctx: Context, cookie: CookieName): string | undefined {
    return ctx.cookies.get(this.name(cookie)) || undefined
  }

  /** Sets a cookie; without maxAgeSeconds it lasts until the browser closes. */
  set(ctx: Context, cookie: CookieName, value: string, lifetime: { maxAgeSeconds?: number } = {}): void {
    this.write(ctx, cookie, value, lifetime.maxAgeSeconds === undefined ? {} : { maxAge: lifetime.maxAgeSeconds * 1000 })
  }

  clear(ctx: Context, cookie: CookieName): void {
    this.write(ctx, cookie, '', { expires: new Date(0) })
  }

  private write(ctx: Context, cookie: CookieName, value: string, lifetime: { maxAge?: number; expires?: Date }): void {
    ctx.cookies.secure = this.https
    ctx.cookies.set(this.name(cookie), value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.https,
      path: '/',
      overwrite: true,
      ...lifetime,
    })
  }
}
