// The account events the audit log records, and how the console and pages name them.
export const AUDIT_EVENT_LABELS = {
  sign_in_succeeded: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  signed_out: 'Signed out',
  reauthentication_failed: 'Wrong password given to confirm a change',
  password_reset_requested: 'Password reset requested',
  password_reset_emailed: 'Password reset email sent',
  password_reset_completed: 'Password reset completed',
  password_changed: 'Password changed',
  sessions_revoked: 'Signed out of all sessions',
  email_sent: 'Email sent',
  email_failed: 'Email could not be delivered',
  user_created: 'Account created',
  invitation_sent: 'Invitation sent again',
  user_updated: 'Account updated',
  second_factor_requested: 'Password accepted; second factor asked for',
  second_factor_failed: 'Wrong second-factor code',
  totp_enrolled: 'Authenticator app set up',
  totp_removed: 'Authenticator app removed',
  passkey_added: 'Passkey added',
  passkey_removed: 'Passkey removed',
  recovery_codes_regenerated: 'New recovery codes made',
  recovery_code_used: 'Signed in with a recovery code',
  second_factor_removed: 'Second factor removed by an admin',
} as const

export type AuditEventType = keyof typeof AUDIT_EVENT_LABELS
