// The admin HTTP API's contract: request and response schemas shared by the server (which
// validates with them and generates its OpenAPI document from them) and the desktop console's
// main process (which calls the API).
import { z } from 'zod'
import {
  displayNameSchema,
  emailSchema,
  PASSWORD_INPUT_MAX_LENGTH,
  passwordInputSchema,
  preferredLanguageSchema,
  roleSchema,
  secondFactorCodeSchema,
  typedUsernameSchema,
  usernameSchema,
} from './accounts'
import { AUDIT_EVENT_LABELS } from './audit'
import { says } from './errors'

// Requests ---------------------------------------------------------------------------------------

export const signInRequest = z.strictObject({
  username: typedUsernameSchema,
  password: passwordInputSchema.min(1, says('api.signIn.enterPassword')),
  deviceToken: z
    .string(says('api.signIn.deviceTokenText'))
    .max(200, says('api.signIn.deviceTokenUnknown'))
    .regex(/^[A-Za-z0-9_.-]*$/, says('api.signIn.deviceTokenUnknown'))
    .optional()
    .meta({
      description:
        "The deviceToken of this client's last successful sign-in to this account, if any. A client that has signed in before gets an allowance of attempts of its own, so others guessing at the username cannot lock it out.",
    }),
})
export type SignInRequest = z.infer<typeof signInRequest>

/**
 * The types of the problems a client acts on (RFC 9457): names, not addresses (nothing is served
 * at them); every other problem is about:blank, with its status saying enough.
 */
export const PROBLEM_TYPES = {
  /** An admin without a second factor, where admins must have one: set one up on the pages first (enrolUrl). */
  secondFactorSetupRequired: 'urn:textup:problem:second-factor-setup-required',
  /** The code is wrong, or was used already: ask for it again. */
  secondFactorCodeWrong: 'urn:textup:problem:second-factor-code-wrong',
  /** The challenge is unknown, expired or used up: start again with the password. */
  signInExpired: 'urn:textup:problem:sign-in-expired',
  /** A regular user signed in where only admins may (the console): they sign in on the web pages instead. */
  notAnAdmin: 'urn:textup:problem:not-an-admin',
} as const

export const secondFactorRequest = z.strictObject({
  challenge: z
    .string(says('api.signIn.challengeText'))
    .regex(/^[A-Za-z0-9_-]{43}$/, says('api.signIn.challengeUnknown'))
    .meta({ description: 'The challenge POST /api/session answered with.' }),
  code: secondFactorCodeSchema.meta({
    description: 'The 6-digit code the authenticator app shows now, or an unused recovery code (xxxx-xxxx-xxxx-xxxx).',
  }),
})
export type SecondFactorRequest = z.infer<typeof secondFactorRequest>

export const removeSecondFactorRequest = z.strictObject({
  adminPassword: z
    .string(says('api.account.passwordText'))
    .min(1, says('api.users.confirmWithOwnPassword'))
    .max(PASSWORD_INPUT_MAX_LENGTH, says('api.account.passwordMax'))
    .meta({ description: "The signed-in admin's own current password (not the user's)." }),
})
export type RemoveSecondFactorRequest = z.infer<typeof removeSecondFactorRequest>

export const PAGE_SIZE_DEFAULT = 50
export const PAGE_SIZE_MAX = 100
/** The user search counts matches up to this many (why this many: server/accounts/search-count.ts). */
export const USER_COUNT_CAP = 10_000

const pageQuery = {
  limit: z.coerce
    .number(says('api.request.limitNumber'))
    .int(says('api.request.limitWhole'))
    .min(1, says('api.request.limitMin'))
    .max(PAGE_SIZE_MAX, says('api.request.limitMax'))
    .optional()
    .meta({ description: `How many to return (1–${PAGE_SIZE_MAX}, default ${PAGE_SIZE_DEFAULT}).` }),
  cursor: z
    .string(says('api.request.cursorText'))
    .max(200, says('api.request.cursorUnknown'))
    .optional()
    .meta({ description: 'The nextCursor of the previous page.' }),
}

export const userSearchQuery = z.strictObject({
  q: z
    .string(says('api.users.searchText'))
    .max(100, says('api.users.searchTooLong'))
    // No name, username or email holds one, and the full-text index cannot search for some of them.
    .refine((value) => !/[\u0000-\u001f\u007f-\u009f]/u.test(value), says('api.users.searchControlCharacters'))
    .optional()
    .meta({
      description:
        'Text to find in usernames, names and email addresses (case-insensitive). Three characters or more match anywhere; one or two match the start of usernames.',
    }),
  role: z
    .enum(['admin', 'user'], says('api.users.roleFilter'))
    .optional()
    .meta({ description: 'Only admins, or only users. Combines with q and the other filter.' }),
  status: z.enum(['active', 'invited', 'deactivated'], says('api.users.statusFilter')).optional().meta({
    description:
      'Only accounts of one status: active (can sign in), invited (active, but no password chosen yet) or deactivated. The three do not overlap.',
  }),
  ...pageQuery,
  cursor: pageQuery.cursor.meta({
    description: 'The nextCursor of the previous page, sent with the same q, role and status (a cursor from other filters gets 400).',
  }),
})
export type UserSearchQuery = z.infer<typeof userSearchQuery>

export const eventsQuery = z.strictObject(pageQuery)

export const createUserRequest = z
  .strictObject({
    username: usernameSchema,
    displayName: displayNameSchema,
    email: emailSchema,
    role: roleSchema.default('user'),
    preferredLanguage: preferredLanguageSchema
      .optional()
      .meta({ description: "The language of the person's emails; the server's default language when left out." }),
    sendInvitation: z
      .boolean(says('api.users.sendInvitationBoolean'))
      .default(false)
      .meta({ description: 'Email the person a link to choose their own password (valid 7 days), instead of setting one now.' }),
    newPassword: passwordInputSchema.optional(),
    newPasswordConfirmation: passwordInputSchema.optional(),
  })
  .superRefine((body, ctx) => {
    // A confirmation sent with an invitation would be ignored without a word: refuse it as well.
    if (body.sendInvitation && (body.newPassword !== undefined || body.newPasswordConfirmation !== undefined)) {
      const path = body.newPassword === undefined ? 'newPasswordConfirmation' : 'newPassword'
      ctx.addIssue({ code: 'custom', path: [path], ...says('api.users.invitationOrPassword') })
    }
    if (!body.sendInvitation && body.newPassword === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['newPassword'],
        ...says('api.users.passwordOrInvitation'),
      })
    }
  })
export type CreateUserRequest = z.input<typeof createUserRequest>

export const updateUserRequest = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    email: emailSchema.optional(),
    role: roleSchema.optional(),
    active: z.boolean(says('api.users.activeBoolean')).optional(),
    preferredLanguage: preferredLanguageSchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), says('api.users.nothingToChange'))
export type UpdateUserRequest = z.infer<typeof updateUserRequest>

export const setPasswordRequest = z.strictObject({
  adminPassword: passwordInputSchema
    .min(1, says('api.users.confirmWithOwnPassword'))
    .meta({ description: "The signed-in admin's own current password (not the user's)." }),
  newPassword: passwordInputSchema,
  newPasswordConfirmation: passwordInputSchema,
  requireChangeAtNextSignIn: z.boolean(says('api.users.requireChangeBoolean')).default(false),
})
export type SetPasswordRequest = z.input<typeof setPasswordRequest>

export const emptyRequest = z.strictObject({})

/** What `:id` in a path must look like: the server's user ids are UUIDs. */
export const userIdSchema = z.uuid(says('api.request.notUserId'))

// Responses --------------------------------------------------------------------------------------

export const userView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string(),
    role: roleSchema,
    active: z.boolean(),
    preferredLanguage: preferredLanguageSchema,
    /** False for an invited person who has not chosen a password yet. */
    hasPassword: z.boolean(),
    mustChangePassword: z.boolean(),
    lastSignInAt: z.string().nullable(),
    passwordChangedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' })
export type UserView = z.infer<typeof userView>

export const sessionResponse = z
  .object({
    token: z.string().meta({ description: 'Send as "Authorization: Bearer <token>". Opaque; keep it secret.' }),
    expiresAt: z.string(),
    user: userView,
    deviceToken: z
      .string()
      .meta({ description: 'Keep it, and send it as deviceToken at the next sign-in to this account (it replaces any earlier one).' }),
    recoveryCodesLeft: z
      .number()
      .int()
      .optional()
      .meta({ description: 'After a two-step sign-in: how many unused recovery codes the admin has left (tell them when it runs low).' }),
  })
  .meta({ id: 'Session' })
export type SessionResponse = z.infer<typeof sessionResponse>

export const secondFactorChallengeResponse = z
  .object({
    challenge: z.string().meta({ description: 'Send it with the code to POST /api/session/second-factor. Single use; keep it secret.' }),
    expiresAt: z.string().meta({ description: 'After this, start again with the password.' }),
    methods: z
      .array(z.enum(['totp', 'recovery_code']))
      .meta({ description: 'What the code may be: from the authenticator app, or a recovery code.' }),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactorChallenge' })
export type SecondFactorChallengeResponse = z.infer<typeof secondFactorChallengeResponse>

export const secondFactorStatusResponse = z
  .object({
    authenticator: z.boolean().meta({ description: 'An authenticator app (TOTP) is set up.' }),
    passkeys: z.number().int(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactorStatus' })
export type SecondFactorStatusResponse = z.infer<typeof secondFactorStatusResponse>

export const secondFactorRemovedResponse = z
  .object({ authenticator: z.boolean(), passkeys: z.number().int(), recoveryCodes: z.number().int(), sessionsEnded: z.number().int() })
  .meta({ id: 'SecondFactorRemoved' })
export type SecondFactorRemovedResponse = z.infer<typeof secondFactorRemovedResponse>

export const currentSessionResponse = z
  .object({ expiresAt: z.string(), user: userView, passwordMinLength: z.number().int() })
  .meta({ id: 'CurrentSession' })
export type CurrentSessionResponse = z.infer<typeof currentSessionResponse>

export const userPage = z
  .object({
    users: z.array(userView),
    nextCursor: z.string().nullable(),
    total: z
      .number()
      .int()
      .optional()
      .meta({
        description: `On the first page only (no cursor): how many accounts match the search and filters, counted up to ${USER_COUNT_CAP.toLocaleString('en')}.`,
      }),
    totalIsLowerBound: z.boolean().optional().meta({
      description: 'On the first page only: true when more accounts match than total (the count stopped at its cap).',
    }),
  })
  .meta({ id: 'UserPage' })
export type UserPage = z.infer<typeof userPage>

export const auditEventTypes = Object.keys(AUDIT_EVENT_LABELS) as [keyof typeof AUDIT_EVENT_LABELS, ...(keyof typeof AUDIT_EVENT_LABELS)[]]

export const eventView = z
  .object({
    id: z.number().int(),
    type: z.enum(auditEventTypes),
    label: z.string(),
    occurredAt: z.string(),
    actor: z.object({ id: z.string().nullable(), username: z.string() }).nullable(),
    clientAddress: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  })
  .meta({ id: 'AuditEvent' })
export type EventView = z.infer<typeof eventView>

export const eventPage = z.object({ events: z.array(eventView), nextCursor: z.string().nullable() }).meta({ id: 'AuditEventPage' })
export type EventPage = z.infer<typeof eventPage>

export const passwordResetResponse = z.object({ sentTo: z.string() }).meta({ id: 'PasswordResetQueued' })
export const invitationResponse = z.object({ sentTo: z.string() }).meta({ id: 'InvitationQueued' })
export type PasswordResetResponse = z.infer<typeof passwordResetResponse>

export const sessionsRevokedResponse = z.object({ sessionsEnded: z.number().int() }).meta({ id: 'SessionsRevoked' })
export type SessionsRevokedResponse = z.infer<typeof sessionsRevokedResponse>

export const healthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' })
export const readinessResponse = z.object({ status: z.literal('ready') }).meta({ id: 'Readiness' })

export const openApiDocumentResponse = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' })

/** RFC 9457 problem details, with per-field messages in `errors` where fields are at fault. */
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional(),
    enrolUrl: z.string().optional().meta({ description: 'For a second factor to set up: the page to set it up on.' }),
  })
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof problem>
