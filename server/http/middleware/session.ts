// Finds the browser's session from its cookie, and forgets a cookie whose session has ended.
import type { Middleware } from 'koa'
import { findSession } from '../../accounts/sessions'
import type { AppContext } from '../../context'
import type { CookieJar } from '../cookies'
import type { HttpState } from '../state'

export function loadBrowserSession(app: AppContext, cookies: CookieJar): Middleware<HttpState> {
  return async (ctx, next) => {
    const token = cookies.get(ctx, 'session')
    if (token) {
      ctx.state.session = await findSession(app, token, 'browser')
      if (!ctx.state.session) cookies.clear(ctx, 'session')
    }
    await next()
  }
}
