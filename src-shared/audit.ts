// The account events the audit log records, and the message that names each for people.
import type { MessageId } from './i18n/translator'

export const AUDIT_EVENT_LABELS = {
  sign_in_succeeded: 'common.audit.signInSucceeded',
  sign_in_failed: 'common.audit.signInFailed',
  signed_out: 'common.audit.signedOut',
  reauthentication_failed: 'common.audit.reauthenticationFailed',
  password_reset_requested: 'common.audit.passwordResetRequested',
  password_reset_emailed: 'common.audit.passwordResetEmailed',
  password_reset_completed: 'common.audit.passwordResetCompleted',
  password_changed: 'common.audit.passwordChanged',
  sessions_revoked: 'common.audit.sessionsRevoked',
  email_sent: 'common.audit.emailSent',
  email_failed: 'common.audit.emailFailed',
  user_created: 'common.audit.userCreated',
  invitation_sent: 'common.audit.invitationSent',
  user_updated: 'common.audit.userUpdated',
  second_factor_requested: 'common.audit.secondFactorRequested',
  second_factor_failed: 'common.audit.secondFactorFailed',
  totp_enrolled: 'common.audit.totpEnrolled',
  totp_removed: 'common.audit.totpRemoved',
  passkey_added: 'common.audit.passkeyAdded',
  passkey_removed: 'common.audit.passkeyRemoved',
  recovery_codes_regenerated: 'common.audit.recoveryCodesRegenerated',
  recovery_code_used: 'common.audit.recoveryCodeUsed',
  second_factor_removed: 'common.audit.secondFactorRemoved',
} as const satisfies Record<string, MessageId>

export type AuditEventType = keyof typeof AUDIT_EVENT_LABELS
