// The Koa application: request timing, security headers and error handling around everything,
// then the assets, the JSON API and the browser pages.
import bodyParser from '@koa/bodyparser'
import Koa, { type Middleware } from 'koa'
import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import type { AppContext } from '../context'
import type { Assets } from './assets'
import { CookieJar } from './cookies'
import { Csrf } from './middleware/csrf'
import { handleErrors, isApiRequest } from './middleware/errors'
import { hostCheck, knownHosts } from './middleware/host-check'
import { securityHeaders } from './middleware/security-headers'
import { enrolmentGate } from './middleware/enrolment-gate'
import { loadBrowserSession } from './middleware/session'
import { chooseLocale } from './middleware/locale'
import { requestMetrics } from './middleware/request-metrics'
import { MessagePage } from './pages/views'
import { pageRoutes } from './pages/routes'
import { apiRouter } from './api/router'
import { apiRoutes } from './api/routes'
import type { HttpState } from './state'

/** Forms are small; anything bigger is refused before it is read in full. */
const BODY_LIMIT = '16kb'

export function createHttpApp(app: AppContext, assets: Assets, csrfSecret: Buffer, port: number): Koa<HttpState> {
  const https = app.publicUrl.protocol === 'https:'
  const cookies = new CookieJar(https)
  const csrf = new Csrf(csrfSecret, cookies)
  const koa = new Koa<HttpState>({ proxy: app.config.trustProxy, maxIpsCount: app.config.trustProxy ? 1 : 0 })
  // Errors are all answered by handleErrors; this only keeps Koa from printing them a second time.
  koa.silent = true

  const pages = pageRoutes({ app, cookies, csrf, assets: assets.urls })
  const api = apiRouter(app, apiRoutes(app))

  koa.use(requestMetrics(app.metrics))
  koa.use(securityHeaders(https))
  // Before the error handler, so that errors are answered in the request's language too.
  koa.use(chooseLocale(cookies))
  koa.use(
    handleErrors(app.log, (ctx, error) => {
      ctx.status = error.status
      ctx.type = 'text/html; charset=utf-8'
      // In the request's language: chooseLocale ran before this handler.
      const { locale, t } = ctx.state as HttpState
      const env = { assets: assets.urls, csrfToken: csrf.tokenFor(ctx), signedIn: undefined, locale, t, path: ctx.path }
      const { next: action } = error
      const next = action
        ? createElement(
            'div',
            { className: 'actions' },
            createElement('a', { className: 'button', href: action.href }, t.text(action.label)),
          )
        : undefined
      const [title, detail] = [t.text(error.title), error.detail && t.text(error.detail)]
      ctx.body = `<!doctype html>${renderToStaticMarkup(createElement(MessagePage, { env, title, detail }, next))}`
    }),
  )
  koa.use(hostCheck(knownHosts(app.publicUrl, port, app.config.allowedHosts)))
  koa.use(assets.serve)
  // Form bodies for the pages; the API reads its JSON bodies itself, after checking the caller.
  koa.use(pagesOnly(bodyParser({ enableTypes: ['form'], formLimit: BODY_LIMIT, encoding: 'utf-8' })))
  koa.use(api.routes())
  koa.use(api.allowedMethods())
  koa.use(pagesOnly(loadBrowserSession(app, cookies)))
  koa.use(pagesOnly(enrolmentGate(app)))
  koa.use(pages.routes())
  koa.use(pages.allowedMethods())
  return koa
}

/** Runs a middleware for the browser pages only; API requests pass by it. */
function pagesOnly(middleware: Middleware<HttpState>): Middleware<HttpState> {
  return async (ctx, next) => {
    if (isApiRequest(ctx)) await next()
    else await middleware(ctx, next)
  }
}
