// Every change to how a person signs in besides the password — an authenticator set up or removed,
// a passkey added or removed, recovery codes made or used, everything removed by an admin — is
// written to the audit log and emailed to the person, in the transaction that makes the change.
import type { Kysely } from 'kysely'
import type { AuditEventType } from '../../src-shared/audit'
import type { Actor, Client } from '../context'
import type { Database, User } from '../db/schema'
import { enqueueEmail } from '../mail/outbox'
import type { SecondFactorChange } from '../mail/templates'
import { recordEvent } from './audit'

const AUDIT_TYPES: Record<SecondFactorChange, AuditEventType> = {
  totp_enrolled: 'totp_enrolled',
  totp_removed: 'totp_removed',
  passkey_added: 'passkey_added',
  passkey_removed: 'passkey_removed',
  recovery_codes_regenerated: 'recovery_codes_regenerated',
  recovery_code_used: 'recovery_code_used',
  removed_by_admin: 'second_factor_removed',
  removed_by_operator: 'second_factor_removed',
}

export interface FactorChange {
  user: Pick<User, 'id' | 'username' | 'email'>
  change: SecondFactorChange
  /** The admin or operator who made it, when it was not the person. */
  actor?: Actor | undefined
  client: Client
  passkeyName?: string | undefined
  recoveryCodesLeft?: number | undefined
  details?: Record<string, string | number | boolean | null> | undefined
}

/** Audits the change and queues the email telling the person; the caller wakes the mail worker after commit. */
export async function recordFactorChange(trx: Kysely<Database>, change: FactorChange, now: Date): Promise<void> {
  const { user } = change
  await enqueueEmail(
    trx,
    {
      template: 'second-factor-changed',
      userId: user.id,
      recipient: user.email,
      payload: {
        change: change.change,
        changedAt: now.toISOString(),
        adminName: change.actor?.displayName,
        passkeyName: change.passkeyName,
        recoveryCodesLeft: change.recoveryCodesLeft,
      },
    },
    now,
  )
  await recordEvent(
    trx,
    {
      type: AUDIT_TYPES[change.change],
      user,
      actor: change.actor,
      client: change.client,
      details: {
        ...(change.passkeyName === undefined ? {} : { passkey: change.passkeyName }),
        ...(change.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: change.recoveryCodesLeft }),
        ...(change.change === 'removed_by_operator' ? { by: 'operator' } : change.change === 'removed_by_admin' ? { by: 'admin' } : {}),
        ...change.details,
      },
    },
    now,
  )
}
