// The admin API's session: sign in for a bearer token (in two steps when the admin has a second
// factor), see who is signed in, sign out.
import {
  currentSessionResponse,
  PROBLEM_TYPES,
  secondFactorChallengeResponse,
  secondFactorRequest,
  sessionResponse,
  signInRequest,
} from '../../../src-shared/api'
import { msg, type Message } from '../../../src-shared/i18n/translator'
import { completeSignInWithCode } from '../../accounts/second-step'
import { signOut, type StartedSession } from '../../accounts/sessions'
import { signIn } from '../../accounts/sign-in'
import type { AppContext } from '../../context'
import type { User } from '../../db/schema'
import { HttpError } from '../errors'
import { tooMany } from './refusals'
import { route, type ApiRoute } from './router'
import { toUserView } from './views'

export function sessionRoutes(app: AppContext): ApiRoute[] {
  const enrolUrl = new URL('/account/two-factor', app.publicUrl).href
  const session = (result: { session: StartedSession; user: User; deviceToken: string }, extra: { recoveryCodesLeft?: number } = {}) => ({
    status: 201,
    body: {
      token: result.session.token,
      expiresAt: result.session.expiresAt.toISOString(),
      user: toUserView(result.user),
      deviceToken: result.deviceToken,
      ...extra,
    },
  })
  const setUpFirst = (title: Message) =>
    new HttpError(403, title, {
      type: PROBLEM_TYPES.secondFactorSetupRequired,
      detail: msg('api.signIn.setUpFirstDetail', { enrolUrl }),
      extensions: { enrolUrl },
    })

  return [
    route({
      method: 'post',
      path: '/api/session',
      summary: 'Sign in as an admin',
      description:
        "Exchanges an admin's username and password for a bearer token (201) — or, when the admin has a second factor, for a challenge (202): send it with a code to POST /api/session/second-factor within a few minutes. An admin without a second factor gets 403 (type urn:textup:problem:second-factor-setup-required, with enrolUrl) while MFA_REQUIRED_FOR_ADMINS is on. Attempts count against the same throttles as the sign-in page: per client address, and per account for clients without a deviceToken from an earlier sign-in to it.",
      access: 'public',
      body: signInRequest,
      responses: {
        201: { description: 'Signed in (the admin has no second factor, and none is required).', schema: sessionResponse },
        202: {
          description:
            'The password is right; a second factor is needed. Send the challenge and a code to POST /api/session/second-factor.',
          schema: secondFactorChallengeResponse,
        },
        401: { description: 'The username or password is not right.' },
        403: {
          description:
            'The account is deactivated, or not an admin account (type urn:textup:problem:not-an-admin), or an admin who must set up a second factor first (type urn:textup:problem:second-factor-setup-required: see enrolUrl).',
        },
        429: { description: 'Too many attempts; see Retry-After.' },
      },
      async handle({ body, client }) {
        const result = await signIn(app, { ...body, kind: 'api', client, requireRole: 'admin' })
        if (result.ok) return session(result)
        switch (result.reason) {
          case 'second_factor_required': {
            const { factors, challenge } = result
            // Passkeys are for the web pages: without an authenticator app or a recovery code, there is no way in here.
            if (!factors.totp && factors.recoveryCodesLeft === 0) throw setUpFirst(msg('api.signIn.setUpAuthenticator'))
            const methods = [
              ...(factors.totp ? ['totp' as const] : []),
              ...(factors.recoveryCodesLeft > 0 ? ['recovery_code' as const] : []),
            ]
            return {
              status: 202,
              body: {
                challenge: challenge.token,
                expiresAt: challenge.expiresAt.toISOString(),
                methods,
                recoveryCodesLeft: factors.recoveryCodesLeft,
              },
            }
          }
          case 'enrolment_required':
            throw setUpFirst(msg('api.signIn.setUpTwoStep'))
          case 'throttled':
            throw tooMany(msg('api.signIn.tooManyAttempts'), result.retryAfterSeconds)
          case 'deactivated':
            throw new HttpError(403, msg('api.signIn.deactivated'))
          case 'not_allowed':
            throw new HttpError(403, msg('api.signIn.adminsOnly'), {
              type: PROBLEM_TYPES.notAnAdmin,
              detail: msg('api.signIn.adminsOnlyDetail'),
            })
          default:
            // A 401 always names the scheme that would work (RFC 9110), even where the credentials go in the body.
            throw new HttpError(401, msg('api.signIn.wrongCredentials'), { headers: { 'WWW-Authenticate': 'Bearer realm="TextUp"' } })
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/session/second-factor',
      summary: 'Finish signing in with a second factor',
      description:
        "The second step of a sign-in that answered 202: the challenge and a code from the authenticator app, or one of the admin's recovery codes (each works once). A code works once too: the same code again is refused. Wrong codes count against the challenge (five at most, then start again) and against the account, like passwords.",
      access: 'public',
      body: secondFactorRequest,
      responses: {
        201: { description: 'Signed in.', schema: sessionResponse },
        401: {
          description:
            'The code is wrong or was used already (type urn:textup:problem:second-factor-code-wrong, errors.code: ask again), or the challenge is unknown, expired or used up, or the account changed since (type urn:textup:problem:sign-in-expired: start again with the password).',
        },
        429: { description: 'Too many wrong codes for this account; see Retry-After.' },
      },
      async handle({ body, client }) {
        const result = await completeSignInWithCode(app, { token: body.challenge, code: body.code, kind: 'api', client })
        if (result.ok) return session(result, { recoveryCodesLeft: result.recoveryCodesLeft })
        const headers = { 'WWW-Authenticate': 'Bearer realm="TextUp"' }
        switch (result.reason) {
          case 'throttled':
            throw tooMany(msg('api.signIn.tooManyCodes'), result.retryAfterSeconds)
          case 'wrong_code':
          case 'code_used':
          case 'passkey_refused': {
            const message = msg(result.reason === 'code_used' ? 'api.signIn.codeUsed' : 'api.signIn.codeWrong')
            throw new HttpError(401, message, {
              type: PROBLEM_TYPES.secondFactorCodeWrong,
              headers,
              fieldErrors: { code: [message] },
              detail: msg('api.signIn.codeDetail'),
            })
          }
          case 'challenge_invalid':
            throw new HttpError(401, msg('api.signIn.expired'), {
              type: PROBLEM_TYPES.signInExpired,
              headers,
              detail: msg('api.signIn.startAgain'),
              fieldErrors: { challenge: [msg('api.signIn.startAgain')] },
            })
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
