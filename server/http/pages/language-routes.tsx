// The language switcher's route: GET /language?lang=de&return=/login remembers the language in a
// cookie (over the browser's Accept-Language, middleware/locale.ts) and goes back to the page.
// A GET form, so it works without JavaScript; it changes nothing but how pages read, so it needs no
// form token. The return address is only ever a path on this site: anything else goes to "/".
import type Router from '@koa/router'
import { isLocale, PSEUDO_LOCALE, type Locale } from '../../../src-shared/i18n/locales'
import type { HttpState } from '../state'
import { pageKit, type PageDeps } from './kit'
import { MessagePage } from './views'

/** A year: a choice of language outlasts any session. */
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 60 * 60
const MAX_RETURN_LENGTH = 1000
/** Characters a path may hold (RFC 3986 pchar and "/"); no backslash, no space, no control character. */
const SAFE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/

/** The languages a person may pick: the test-only pseudo-locale comes from Accept-Language alone. */
function pickable(value: unknown): value is Exclude<Locale, typeof PSEUDO_LOCALE> {
  return isLocale(value) && value !== PSEUDO_LOCALE
}

/**
 * Where to go back to: a path on this site ("/login"), without query or fragment (a reset page's
 * token must never travel on), else "/". "//evil.example", "/\evil.example" and "https://…" are
 * addresses on other sites to a browser, so they are refused.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_LENGTH) return '/'
  const path = value.split(/[?#]/, 1)[0] ?? ''
  return SAFE_PATH.test(path) ? path : '/'
}

export function languageRoutes(router: Router<HttpState>, deps: PageDeps): void {
  const { cookies } = deps
  const { env, render, seeOther } = pageKit(deps)

  router.get('/language', (ctx) => {
    const { lang } = ctx.query
    if (!pickable(lang)) {
      const { t } = ctx.state
      // The switcher on this page comes back to the start page, not to this refusal.
      return render(
        ctx,
        400,
        <MessagePage
          env={{ ...env(ctx), path: '/' }}
          title={t.t('pages.language.invalidTitle')}
          detail={t.t('pages.language.invalidDetail')}
        />,
      )
    }
    cookies.set(ctx, 'language', lang, { maxAgeSeconds: LANGUAGE_COOKIE_SECONDS })
    seeOther(ctx, safeReturnPath(ctx.query.return))
  })
}
