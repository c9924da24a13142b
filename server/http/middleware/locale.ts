// Chooses the language of each answer: on the pages, the one picked on the language switcher (a
// cookie) or else the browser's Accept-Language; on the API, Accept-Language (the console sends its
// own). Nothing else, such as the account's preferred language, so a shared cache keyed on these
// two headers (Vary) can never serve one person's language to another.
import type { Middleware } from 'koa'
import { isLocale, negotiateLocale } from '../../../src-shared/i18n/locales'
import { translator } from '../../../src-shared/i18n/translator'
import type { CookieJar } from '../cookies'
import type { HttpState } from '../state'
import { isApiRequest } from './errors'

export function chooseLocale(cookies: CookieJar): Middleware<HttpState> {
  return async (ctx, next) => {
    const picked = isApiRequest(ctx) ? undefined : cookies.get(ctx, 'language')
    ctx.state.locale = isLocale(picked) ? picked : negotiateLocale(ctx.get('Accept-Language') || undefined)
    ctx.state.t = translator(ctx.state.locale)
    ctx.vary('Accept-Language')
    if (!isApiRequest(ctx)) ctx.vary('Cookie')
    await next()
    ctx.set('Content-Language', ctx.state.locale)
  }
}
