// How accounts and audit events look in API responses.
import type { EventView, UserView } from '../../../src-shared/api'
import type { AuditEventType } from '../../../src-shared/audit'
import type { MessageId, Translator } from '../../../src-shared/i18n/translator'
import type { AuditEvent, User } from '../../db/schema'

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    role: user.role,
    active: user.status === 'active',
    preferredLanguage: user.preferred_language,
    hasPassword: user.password_hash !== null,
    mustChangePassword: user.must_change_password === 1,
    lastSignInAt: user.last_sign_in_at,
    passwordChangedAt: user.password_changed_at,
    createdAt: user.created_at,
    updatedAt: user.updated_at,
  }
}

/** Each event's label, in the caller's language (src-shared/audit.ts has the English ones, for the rest). */
const EVENT_LABELS: Record<AuditEventType, MessageId> = {
  sign_in_succeeded: 'api.audit.signInSucceeded',
  sign_in_failed: 'api.audit.signInFailed',
  signed_out: 'api.audit.signedOut',
  reauthentication_failed: 'api.audit.reauthenticationFailed',
  password_reset_requested: 'api.audit.passwordResetRequested',
  password_reset_emailed: 'api.audit.passwordResetEmailed',
  password_reset_completed: 'api.audit.passwordResetCompleted',
  password_changed: 'api.audit.passwordChanged',
  sessions_revoked: 'api.audit.sessionsRevoked',
  email_sent: 'api.audit.emailSent',
  email_failed: 'api.audit.emailFailed',
  user_created: 'api.audit.userCreated',
  invitation_sent: 'api.audit.invitationSent',
  user_updated: 'api.audit.userUpdated',
  second_factor_requested: 'api.audit.secondFactorRequested',
  second_factor_failed: 'api.audit.secondFactorFailed',
  totp_enrolled: 'api.audit.totpEnrolled',
  totp_removed: 'api.audit.totpRemoved',
  passkey_added: 'api.audit.passkeyAdded',
  passkey_removed: 'api.audit.passkeyRemoved',
  recovery_codes_regenerated: 'api.audit.recoveryCodesRegenerated',
  recovery_code_used: 'api.audit.recoveryCodeUsed',
  second_factor_removed: 'api.audit.secondFactorRemoved',
}

export function toEventView(event: AuditEvent, t: Translator): EventView {
  const type = event.type as AuditEventType
  const label = Object.hasOwn(EVENT_LABELS, type) ? EVENT_LABELS[type] : undefined
  return {
    id: event.id,
    type,
    // A reset an admin sent reads differently from one the person asked for on "Forgot password".
    label:
      type === 'password_reset_requested' && event.actor_username
        ? t.t('api.audit.passwordResetSentByAdmin')
        : label
          ? t.t(label)
          : event.type,
    occurredAt: event.occurred_at,
    actor: event.actor_username ? { id: event.actor_id, username: event.actor_username } : null,
    clientAddress: event.client_address,
    details: event.details ? (JSON.parse(event.details) as EventView['details']) : null,
  }
}
