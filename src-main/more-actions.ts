// What the user's More menu does once the admin chose an item: a confirmation where the action is
// felt by the person (an email, signing out, deactivating), then the API call. Removing a second
// factor needs the admin's own password, which a native dialog cannot ask for: the renderer does.
import type { MessageId, Translator } from '../src-shared/i18n/translator'
import type { MoreMenuResult, Outcome } from '../src-shared/ipc'
import type { AdminApiClient } from './api-client'
import type { MoreAction, MoreMenuSubject } from './menus'
import type { ConfirmOptions, NativeUi } from './native-ui'

/** The dialogs' messages: `native.dialog.<name>.title|message|detail|confirm`. */
type DialogName = 'sendReset' | 'sendInvitation' | 'revokeSessions' | 'deactivate'

function dialog(t: Translator, name: DialogName, values: Record<string, string>, destructive = false): ConfirmOptions {
  const text = (part: 'title' | 'message' | 'detail' | 'confirm') => t.t(`native.dialog.${name}.${part}` as MessageId, values)
  return {
    title: text('title'),
    message: text('message'),
    detail: text('detail'),
    confirmLabel: text('confirm'),
    cancelLabel: t.t('native.dialog.cancel'),
    ...(destructive ? { destructive } : {}),
  }
}

export async function runMoreAction(
  ui: NativeUi,
  client: AdminApiClient,
  { user, factors }: MoreMenuSubject,
  action: MoreAction,
  t: Translator,
): Promise<Outcome<MoreMenuResult>> {
  const none: Outcome<MoreMenuResult> = { ok: true, value: { action: 'none' } }
  const about = { name: user.displayName, username: user.username, email: user.email }
  switch (action) {
    case 'send-reset': {
      if (!(await ui.confirm(dialog(t, 'sendReset', about)))) return none
      const sent = await client.sendPasswordReset(user.id)
      return sent.ok ? { ok: true, value: { action: 'password_reset_sent', sentTo: sent.value } } : sent
    }
    case 'send-invitation': {
      if (!(await ui.confirm(dialog(t, 'sendInvitation', about)))) return none
      const sent = await client.sendInvitation(user.id)
      return sent.ok ? { ok: true, value: { action: 'invitation_sent', sentTo: sent.value } } : sent
    }
    case 'revoke-sessions': {
      if (!(await ui.confirm(dialog(t, 'revokeSessions', about, true)))) return none
      const revoked = await client.revokeSessions(user.id)
      return revoked.ok ? { ok: true, value: { action: 'sessions_revoked', sessionsEnded: revoked.value } } : revoked
    }
    case 'remove-second-factor':
      return { ok: true, value: { action: 'second_factor_removal_asked', factors } }
    case 'deactivate': {
      if (!(await ui.confirm(dialog(t, 'deactivate', about, true)))) return none
      const updated = await client.updateUser(user.id, { active: false })
      return updated.ok ? { ok: true, value: { action: 'deactivated', user: updated.value } } : updated
    }
    case 'activate': {
      const updated = await client.updateUser(user.id, { active: true })
      return updated.ok ? { ok: true, value: { action: 'activated', user: updated.value } } : updated
    }
  }
}
