// The admin API's session: sign in for a bearer token, see who is signed in, sign out.
import { currentSessionResponse, sessionResponse, signInRequest } from '../../../src-shared/api'
import { signOut } from '../../accounts/sessions'
import { signIn } from '../../accounts/sign-in'
import type { AppContext } from '../../context'
import { HttpError } from '../errors'
import { tooMany } from './refusals'
import { route, type ApiRoute } from './router'
import { toUserView } from './views'

export function sessionRoutes(app: AppContext): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/session',
      summary: 'Sign in as an admin',
      description:
        "Exchanges an admin's username and password for a bearer token. Attempts count against the same throttles as the sign-in page: per client address, and per account for clients without a deviceToken from an earlier sign-in to it.",
      access: 'public',
      body: signInRequest,
      responses: {
        201: { description: 'Signed in.', schema: sessionResponse },
        401: { description: 'The username or password is not right.' },
        403: { description: 'The account is deactivated, or not an admin account.' },
        429: { description: 'Too many attempts; see Retry-After.' },
      },
      async handle({ body, client }) {
        const result = await signIn(app, { ...body, kind: 'api', client, requireRole: 'admin' })
        if (result.ok) {
          return {
            status: 201,
            body: {
              token: result.session.token,
              expiresAt: result.session.expiresAt.toISOString(),
              user: toUserView(result.user),
              deviceToken: result.deviceToken,
            },
          }
        }
        switch (result.reason) {
          case 'throttled':
            throw tooMany('Too many sign-in attempts.', result.retryAfterSeconds)
          case 'deactivated':
            throw new HttpError(403, 'This account has been deactivated.')
          case 'not_allowed':
            throw new HttpError(403, 'Only administrators can sign in to the admin console.', {
              detail: 'Regular users sign in on the web page instead.',
            })
          default:
            // A 401 always names the scheme that would work (RFC 9110), even where the credentials go in the body.
            throw new HttpError(401, 'The username or password is not right.', { headers: { 'WWW-Authenticate': 'Bearer realm="TextUp"' } })
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/session',
      summary: 'Who is signed in',
      access: 'admin',
      responses: { 200: { description: 'The signed-in admin.', schema: currentSessionResponse } },
      handle: ({ session }) =>
        Promise.resolve({
          status: 200,
          body: {
            expiresAt: session.expiresAt.toISOString(),
            user: toUserView(session.user),
            passwordMinLength: app.config.passwordMinLength,
          },
        }),
    }),
    route({
      method: 'delete',
      path: '/api/session',
      summary: 'Sign out',
      description: 'Ends the session of the token used. Works for any valid token, admin or not.',
      access: 'session',
      responses: { 204: { description: 'Signed out.' } },
      async handle({ session, client }) {
        await signOut(app, session, client)
        return { status: 204 }
      },
    }),
  ]
}
