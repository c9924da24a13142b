// What the user's More menu does once the admin chose an item: a confirmation where the action is
// felt by the person (an email, signing out, deactivating), then the API call. Removing a second
// factor needs the admin's own password, which a native dialog cannot ask for: the renderer does.
import type { MoreMenuResult, Outcome } from '../src-shared/ipc'
import type { AdminApiClient } from './api-client'
import type { MoreAction, MoreMenuSubject } from './menus'
import type { NativeUi } from './native-ui'

export async function runMoreAction(
  ui: NativeUi,
  client: AdminApiClient,
  { user, factors }: MoreMenuSubject,
  action: MoreAction,
): Promise<Outcome<MoreMenuResult>> {
  const none: Outcome<MoreMenuResult> = { ok: true, value: { action: 'none' } }
  const who = `${user.displayName} (${user.username})`
  switch (action) {
    case 'send-reset': {
      const confirmed = await ui.confirm({
        title: 'Send password reset email',
        message: `Send a password reset email to ${user.email}?`,
        detail: `${who} will get a link to choose a new password. The link works once, for a limited time. Their current password keeps working until they use it.`,
        confirmLabel: 'Send Email',
      })
      if (!confirmed) return none
      const sent = await client.sendPasswordReset(user.id)
      return sent.ok ? { ok: true, value: { action: 'password_reset_sent', sentTo: sent.value } } : sent
    }
    case 'send-invitation': {
      const confirmed = await ui.confirm({
        title: 'Send invitation again',
        message: `Send a new invitation to ${user.email}?`,
        detail: `${who} will get a new link to choose a password. Links in earlier invitations stop working.`,
        confirmLabel: 'Send Invitation',
      })
      if (!confirmed) return none
      const sent = await client.sendInvitation(user.id)
      return sent.ok ? { ok: true, value: { action: 'invitation_sent', sentTo: sent.value } } : sent
    }
    case 'revoke-sessions': {
      const confirmed = await ui.confirm({
        title: 'Sign out of all sessions',
        message: `Sign ${user.displayName} out everywhere?`,
        detail: `Every browser and console session of ${who} ends now. Their password does not change.`,
        confirmLabel: 'Sign Out Everywhere',
        destructive: true,
      })
      if (!confirmed) return none
      const revoked = await client.revokeSessions(user.id)
      return revoked.ok ? { ok: true, value: { action: 'sessions_revoked', sessionsEnded: revoked.value } } : revoked
    }
    case 'remove-second-factor':
      return { ok: true, value: { action: 'second_factor_removal_asked', factors } }
    case 'deactivate': {
      const confirmed = await ui.confirm({
        title: 'Deactivate account',
        message: `Deactivate ${user.displayName}'s account?`,
        detail: `${who} is signed out everywhere and cannot sign in or reset their password until an admin activates the account again.`,
        confirmLabel: 'Deactivate',
        destructive: true,
      })
      if (!confirmed) return none
      const updated = await client.updateUser(user.id, { active: false })
      return updated.ok ? { ok: true, value: { action: 'deactivated', user: updated.value } } : updated
    }
    case 'activate': {
      const updated = await client.updateUser(user.id, { active: true })
      return updated.ok ? { ok: true, value: { action: 'activated', user: updated.value } } : updated
    }
  }
}
