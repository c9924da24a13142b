// Admins who must sign in with two factors (MFA_REQUIRED_FOR_ADMINS) and have no second factor yet
// get a session on the pages that can do one thing: set one up. Every other account page sends
// them to /account/two-factor, and its forms change nothing. (The API gives them no token at all.)
import type { Middleware } from 'koa'
import { factorsOf, mustEnrol } from '../../accounts/factors'
import type { AppContext } from '../../context'
import type { HttpState } from '../state'

/** Where a session limited to enrolment may go, besides signing out. */
const ENROLMENT_PATHS = ['/account/two-factor', '/account/passkeys']

export function enrolmentGate(app: AppContext): Middleware<HttpState> {
  return async (ctx, next) => {
    const session = ctx.state.session
    const guarded = ctx.path.startsWith('/account') && !ENROLMENT_PATHS.some((path) => ctx.path === path || ctx.path.startsWith(`${path}/`))
    // Only a password-only session of an admin can be limited: the factors are looked up for those alone.
    if (
      guarded &&
      session?.signInMethod === 'password' &&
      session.user.role === 'admin' &&
      mustEnrol(app, session.user, await factorsOf(app.db, session.user.id))
    ) {
      ctx.status = 303
      ctx.redirect('/account/two-factor')
      return
    }
    await next()
  }
}
