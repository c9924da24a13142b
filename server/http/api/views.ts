// How accounts and audit events look in API responses.
import type { EventView, UserView } from '../../../src-shared/api'
import { AUDIT_EVENT_LABELS, type AuditEventType } from '../../../src-shared/audit'
import type { AuditEvent, User } from '../../db/schema'
import type { Translator } from '../../../src-shared/i18n/translator'

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

/** An audit event for the API, its label in the reader's language. */
export function toEventView(event: AuditEvent, t: Translator): EventView {
  const type = event.type as AuditEventType
  return {
    id: event.id,
    type,
    // A reset an admin sent reads differently from one the person asked for on "Forgot password".
    label:
      type === 'password_reset_requested' && event.actor_username
        ? t.t('common.audit.passwordResetSentByAdmin')
        : type in AUDIT_EVENT_LABELS
          ? t.t(AUDIT_EVENT_LABELS[type])
          : event.type,
    occurredAt: event.occurred_at,
    actor: event.actor_username ? { id: event.actor_id, username: event.actor_username } : null,
    clientAddress: event.client_address,
    details: event.details ? (JSON.parse(event.details) as EventView['details']) : null,
  }
}
