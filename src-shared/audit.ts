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
} as const

export type AuditEventType = keyof typeof AUDIT_EVENT_LABELS
