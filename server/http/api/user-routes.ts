// The admin API's users: find, create and change accounts, their passwords, invitations and sessions, and their audit trail.
import type { RouterContext } from '@koa/router'
import {
  createUserRequest,
  emptyRequest,
  eventPage,
  eventsQuery,
  invitationResponse,
  PAGE_SIZE_DEFAULT,
  passwordResetResponse,
  sessionsRevokedResponse,
  setPasswordRequest,
  updateUserRequest,
  USER_COUNT_CAP,
  userPage,
  userSearchQuery,
  userView,
} from '../../../src-shared/api'
import { msg } from '../../../src-shared/i18n/translator'
import { createAccount, LAST_ADMIN, revokeSessions, setPasswordAsAdmin, updateAccount } from '../../accounts/admin'
import { sendInvitationAgain, sendPasswordResetEmail } from '../../accounts/admin-emails'
import { listAuditEvents } from '../../accounts/audit'
import { searchUsers } from '../../accounts/search'
import { actorOf } from '../../accounts/sessions'
import { USERNAME_TAKEN } from '../../accounts/users'
import type { AppContext } from '../../context'
import { HttpError } from '../errors'
import type { HttpState } from '../state'
import { invalidFields, tooMany } from './refusals'
import { NO_SUCH_USER, userFromPath } from './path-user'
import { route, type ApiRoute } from './router'
import { toEventView, toUserView } from './views'

export function userRoutes(app: AppContext): ApiRoute[] {
  const loadUser = (ctx: RouterContext) => userFromPath(app, ctx)

  return [
    route({
      method: 'get',
      path: '/api/users',
      summary: 'Find users',
      description: `Users in username order, a page at a time, optionally only those of one role or status. Pass nextCursor back as cursor for the next page, with the same filters. The first page says how many match (total), counted up to ${USER_COUNT_CAP.toLocaleString('en')} (then totalIsLowerBound).`,
      access: 'admin',
      query: userSearchQuery,
      responses: { 200: { description: 'A page of users.', schema: userPage } },
      async handle({ query }) {
        const { q, cursor, role, status } = query
        const result = await searchUsers(app.db, { q, cursor, role, status, limit: query.limit ?? PAGE_SIZE_DEFAULT })
        if (!result.ok)
          throw result.reason === 'other_filters' ? invalidFields({ cursor: [msg('api.users.cursorOtherFilters')] }) : badCursor()
        const users = result.users.map(toUserView)
        if (!result.total) return { status: 200, body: { users, nextCursor: result.nextCursor } }
        const { count: total, atLeast: totalIsLowerBound } = result.total
        return { status: 200, body: { users, nextCursor: result.nextCursor, total, totalIsLowerBound } }
      },
    }),
    route({
      method: 'post',
      path: '/api/users',
      summary: 'Create a user',
      description:
        'Creates an account with a password set now (checked against the password policy) or, with sendInvitation, emails the person a link to choose their own.',
      access: 'admin',
      body: createUserRequest,
      responses: {
        201: { description: 'Created; Location names the new user.', schema: userView },
        409: { description: 'The username is taken.' },
        422: { description: 'The password does not meet the policy, or the confirmation does not match.' },
      },
      async handle({ body, session, client }) {
        const result = await createAccount(
          app,
          {
            username: body.username,
            displayName: body.displayName,
            email: body.email,
            role: body.role,
            preferredLanguage: body.preferredLanguage,
            invite: body.sendInvitation,
            password:
              body.newPassword === undefined
                ? undefined
                : { newPassword: body.newPassword, newPasswordConfirmation: body.newPasswordConfirmation ?? '' },
          },
          actorOf(session),
          client,
        )
        if (!result.ok) {
          const taken = result.errors.username?.some((message) => 'id' in message && message.id === USERNAME_TAKEN.id)
          throw new HttpError(taken ? 409 : 422, taken ? USERNAME_TAKEN : msg('api.users.passwordUnusable'), {
            fieldErrors: result.errors,
          })
        }
        return { status: 201, body: toUserView(result.user), headers: { Location: `/api/users/${result.user.id}` } }
      },
    }),
    route({
      method: 'get',
      path: '/api/users/:id',
      summary: "A user's details",
      access: 'admin',
      responses: { 200: { description: 'The user.', schema: userView }, 404: NO_SUCH_USER },
      handle: async ({ ctx }) => ({ status: 200, body: toUserView(await loadUser(ctx)) }),
    }),
    route({
      method: 'patch',
      path: '/api/users/:id',
      summary: "Change a user's name, email, role or status",
      description:
        'Deactivating ends every session of the user. The last active admin cannot be demoted or deactivated. Only what differs from the account as it is changes and is audited: a request that would change nothing (activating an active account, a name as it already is) answers 200 and writes nothing, not even updatedAt.',
      access: 'admin',
      body: updateUserRequest,
      responses: {
        200: { description: 'The updated user.', schema: userView },
        404: NO_SUCH_USER,
        409: { description: 'The change would leave no active admin.' },
      },
      async handle({ ctx, body, session, client }) {
        const user = await loadUser(ctx)
        const status = body.active === undefined ? undefined : body.active ? 'active' : 'deactivated'
        const result = await updateAccount(
          app,
          user,
          { displayName: body.displayName, email: body.email, role: body.role, status, preferredLanguage: body.preferredLanguage },
          actorOf(session),
          client,
        )
        if (!result.ok) {
          const field = result.errors.status ? 'active' : 'role'
          throw new HttpError(409, LAST_ADMIN, { fieldErrors: { [field]: [LAST_ADMIN] } })
        }
        return { status: 200, body: toUserView(result.user) }
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/password',
      summary: "Set a user's password",
      description:
        "The admin first confirms it is them with their OWN current password (adminPassword), in a session signed in with two factors (where admins must have them). A wrong one changes nothing and counts against the session it is sent with (not the admin's sign-in allowance, so no one guessing at the admin's username can stop them). On success every session and reset link of the user ends and the user is emailed.",
      access: 'admin',
      body: setPasswordRequest,
      responses: {
        204: { description: 'The password is set.' },
        403: { description: 'The caller is not an active admin, or adminPassword is not their password.' },
        404: NO_SUCH_USER,
        422: { description: 'The new password does not meet the policy, or the confirmation does not match.' },
        429: { description: 'Too many wrong admin passwords; see Retry-After.' },
      },
      async handle({ ctx, body, session, client }) {
        const user = await loadUser(ctx)
        const { adminPassword, ...input } = body
        const result = await setPasswordAsAdmin(app, { admin: session, adminPassword, user, input, client })
        if (result.ok) return { status: 204 }
        if ('errors' in result) throw new HttpError(422, msg('api.users.newPasswordUnusable'), { fieldErrors: result.errors })
        switch (result.reason) {
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
              detail: msg(result.reason === 'session_ended' ? 'api.users.ownAccountChanged' : 'api.auth.secondFactorAgain'),
              headers: { 'WWW-Authenticate': 'Bearer realm="TextUp", error="invalid_token"' },
            })
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/password-reset',
      summary: 'Email the user a password reset link',
      description: 'Queues an email with a single-use link, under the same rules as "Forgot password". Limited per user.',
      access: 'admin',
      body: emptyRequest,
      responses: {
        202: { description: 'The email is queued.', schema: passwordResetResponse },
        404: NO_SUCH_USER,
        409: { description: 'The account is deactivated.' },
        429: { description: 'Too many reset emails for this user lately; see Retry-After.' },
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(ctx)
        const result = await sendPasswordResetEmail(app, user, actorOf(session), client)
        if (result.ok) return { status: 202, body: { sentTo: result.recipient } }
        if (result.reason === 'throttled') throw tooMany(msg('api.users.tooManyResetEmails'), result.retryAfterSeconds)
        throw deactivated()
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/invitation',
      summary: 'Email the user their invitation again',
      description:
        "For an account whose owner has not chosen a password yet: queues a new invitation email to the account's current address. Its link replaces every earlier one. Limited per user.",
      access: 'admin',
      body: emptyRequest,
      responses: {
        202: { description: 'The email is queued.', schema: invitationResponse },
        404: NO_SUCH_USER,
        409: { description: 'The account is deactivated, or already has a password (send a password reset instead).' },
        429: { description: 'Too many invitations for this user lately; see Retry-After.' },
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(ctx)
        const result = await sendInvitationAgain(app, user, actorOf(session), client)
        if (result.ok) return { status: 202, body: { sentTo: result.recipient } }
        if (result.reason === 'throttled') throw tooMany(msg('api.users.tooManyInvitations'), result.retryAfterSeconds)
        if (result.reason === 'has_password')
          throw new HttpError(409, msg('api.users.hasPassword'), { detail: msg('api.users.hasPasswordDetail') })
        throw deactivated()
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/sessions/revoke',
      summary: 'Sign the user out everywhere',
      description:
        'Ends every browser session and API token of the user and says how many. Audited (sessions_revoked) only when at least one ended: with none to end the answer is still 200, sessionsEnded 0, and nothing is written.',
      access: 'admin',
      body: emptyRequest,
      responses: {
        200: { description: 'Every session has ended (sessionsEnded may be 0: there were none).', schema: sessionsRevokedResponse },
        404: NO_SUCH_USER,
      },
      async handle({ ctx, session, client }) {
        const user = await loadUser(ctx)
        return { status: 200, body: { sessionsEnded: await revokeSessions(app, user, actorOf(session), client) } }
      },
    }),
    route({
      method: 'get',
      path: '/api/users/:id/events',
      summary: "A user's audit events, newest first",
      access: 'admin',
      query: eventsQuery,
      responses: {
        200: { description: 'A page of events.', schema: eventPage },
        404: NO_SUCH_USER,
      },
      async handle({ ctx, query }) {
        const user = await loadUser(ctx)
        const before = query.cursor === undefined ? undefined : decodeEventCursor(query.cursor)
        if (before === null) throw badCursor()
        const { events, more } = await listAuditEvents(app.db, user.id, { before, limit: query.limit ?? PAGE_SIZE_DEFAULT })
        const last = events.at(-1)
        return {
          status: 200,
          body: {
            events: events.map((event) => toEventView(event, (ctx.state as HttpState).t)),
            nextCursor: more && last ? encodeEventCursor(last.id) : null,
          },
        }
      },
    }),
  ]
}

function badCursor(): HttpError {
  return invalidFields({ cursor: [msg('api.request.cursorUnknown')] })
}

function deactivated(): HttpError {
  return new HttpError(409, msg('api.users.deactivated'), { detail: msg('api.users.deactivatedDetail') })
}

/** An events page continues below the id of the last event of the previous page. */
function encodeEventCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url')
}

function decodeEventCursor(cursor: string): number | null {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  return Number.isSafeInteger(id) && id > 0 ? id : null
}
