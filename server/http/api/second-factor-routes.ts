// The admin API's view of a user's second factors, and their removal when the person lost them.
import type { RouterContext } from '@koa/router'
import { removeSecondFactorRequest, secondFactorRemovedResponse, secondFactorStatusResponse } from '../../../src-shared/api'
import { msg } from '../../../src-shared/i18n/translator'
import { factorsOf } from '../../accounts/factors'
import { removeSecondFactorAsAdmin } from '../../accounts/second-factor-removal'
import type { AppContext } from '../../context'
import { HttpError } from '../errors'
import { tooMany } from './refusals'
import { NO_SUCH_USER, userFromPath } from './path-user'
import { route, type ApiRoute } from './router'

export function secondFactorRoutes(app: AppContext): ApiRoute[] {
  const loadUser = (ctx: RouterContext) => userFromPath(app, ctx)

  return [
    route({
      method: 'get',
      path: '/api/users/:id/second-factor',
      summary: "A user's second factors",
      description: 'Whether the user has an authenticator app, how many passkeys, and how many unused recovery codes. Never the secrets.',
      access: 'admin',
      responses: { 200: { description: 'The second factors.', schema: secondFactorStatusResponse }, 404: NO_SUCH_USER },
      async handle({ ctx }) {
        const factors = await factorsOf(app.db, (await loadUser(ctx)).id)
        return {
          status: 200,
          body: { authenticator: factors.totp, passkeys: factors.passkeys, recoveryCodesLeft: factors.recoveryCodesLeft },
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/second-factor/remove',
      summary: "Remove a user's second factors",
      description:
        'For someone who lost their phone or passkey: removes their authenticator app, passkeys and recovery codes, signs them out everywhere and emails them; they then sign in with their password alone and set up a new second factor (an admin must, before going on). The admin confirms with their OWN password (adminPassword), in a session signed in with two factors where admins must have them; a wrong one counts against the session like any confirmation.',
      access: 'admin',
      body: removeSecondFactorRequest,
      responses: {
        200: { description: 'Removed; what was removed, and how many sessions ended.', schema: secondFactorRemovedResponse },
        403: { description: 'The caller is not an active admin, or adminPassword is not their password.' },
        404: NO_SUCH_USER,
        409: { description: 'The user has no second factor.' },
        429: { description: 'Too many wrong admin passwords; see Retry-After.' },
      },
      async handle({ ctx, body, session, client }) {
        const user = await loadUser(ctx)
        const result = await removeSecondFactorAsAdmin(app, { admin: session, adminPassword: body.adminPassword, user, client })
        if (result.ok) return { status: 200, body: result.removed }
        switch (result.reason) {
          case 'nothing_to_remove':
            throw new HttpError(409, msg('api.users.noSecondFactor'), { detail: msg('api.users.noSecondFactorDetail') })
          case 'throttled':
            throw tooMany(msg('api.users.tooManyWrongPasswords'), result.retryAfterSeconds)
          case 'wrong_password':
            throw new HttpError(403, msg('api.users.notYourPassword'), {
              detail: msg('api.users.notYourPasswordDetail', { username: session.user.username }),
              fieldErrors: { adminPassword: [msg('api.users.notPasswordOf', { username: session.user.username })] },
            })
          case 'session_ended':
          case 'two_factors_needed':
            throw new HttpError(401, msg('api.auth.sessionEnded'), {
              detail: msg('api.auth.secondFactorAgain'),
              headers: { 'WWW-Authenticate': 'Bearer realm="TextUp", error="invalid_token"' },
            })
        }
      },
    }),
  ]
}
