// Who is calling the API: the bearer token in the Authorization header, checked on every request.
// No, unknown, expired or revoked token → 401; a token of someone who is no longer an admin → 403.
// Where admins must sign in with two factors, an admin token made with a password alone (before the
// requirement, or before this version) is as good as ended: 401, sign in again.
import type { Context } from 'koa'
import { msg } from '../../../src-shared/i18n/translator'
import { strongEnoughForAdmin } from '../../accounts/factors'
import { findSession, type ActiveSession } from '../../accounts/sessions'
import type { AppContext } from '../../context'
import { HttpError } from '../errors'

export type ApiAccess = 'public' | 'session' | 'admin'

export async function authenticate(app: AppContext, ctx: Context, access: Exclude<ApiAccess, 'public'>): Promise<ActiveSession> {
  const header = ctx.get('authorization')
  const match = /^Bearer ([^\s]+)$/i.exec(header)
  if (!match?.[1]) {
    ctx.set('WWW-Authenticate', 'Bearer realm="TextUp"')
    throw new HttpError(401, msg('api.auth.signInFirst'), { detail: msg('api.auth.signInFirstDetail', { token: '<token>' }) })
  }
  const session = await findSession(app, match[1], 'api')
  if (!session) {
    ctx.set('WWW-Authenticate', 'Bearer realm="TextUp", error="invalid_token"')
    throw new HttpError(401, msg('api.auth.sessionEnded'), { detail: msg('api.auth.sessionEndedDetail') })
  }
  if (access === 'admin' && session.user.role !== 'admin') {
    throw new HttpError(403, msg('api.auth.adminsOnly'), { detail: msg('api.auth.adminsOnlyDetail') })
  }
  if (access === 'admin' && !strongEnoughForAdmin(app, session)) {
    ctx.set('WWW-Authenticate', 'Bearer realm="TextUp", error="invalid_token"')
    throw new HttpError(401, msg('api.auth.secondFactorAgain'), { detail: msg('api.auth.secondFactorAgainDetail') })
  }
  return session
}
