// "More": the main process shows a native menu (send a reset email, sign out everywhere,
// deactivate/activate) with its own confirmation dialogs; this shows what came of it. "Remove
// second factor…" needs the admin's own password, so it comes back here to open this window's dialog.
import { useState } from 'react'
import type { MoreMenuResult, SecondFactorStatus, UserView } from '../../../src-shared/ipc'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import type { Translator } from '../../../src-shared/i18n/translator'
import { currentT, useT } from '../../i18n'
import { announce } from '../../stores/notices'
import { waitText } from './when'

interface MoreButtonProps {
  user: UserView
  onUserChanged: (user: UserView) => void
  onActivity: () => void
  /** "Remove second factor…" was chosen: ask for the admin's password (the user has these factors). */
  onRemoveSecondFactor: (factors: SecondFactorStatus) => void
}

export function MoreButton({ user, onUserChanged, onActivity, onRemoveSecondFactor }: MoreButtonProps) {
  const t = useT()
  const [open, setOpen] = useState(false)

  async function openMenu() {
    if (open) return
    setOpen(true)
    const outcome = await consoleClient.openUserMoreMenu(user.id)
    setOpen(false)
    // What came of it, in the language in effect now (it may have changed while the menu was open).
    const now = currentT()
    if (!outcome.ok) {
      const { error } = outcome
      if (isSessionEnd(error)) return
      const wait =
        error.kind === 'throttled' && error.retryAfterSeconds !== undefined
          ? now.t('console.more.wait', { duration: waitText(now, error.retryAfterSeconds) })
          : ''
      announce([error.title, error.detail, wait].filter(Boolean).join(' '), 'error')
      return
    }
    const result = outcome.value
    if (result.action === 'none') return
    if (result.action === 'second_factor_removal_asked') return onRemoveSecondFactor(result.factors)
    if (result.action === 'deactivated' || result.action === 'activated') onUserChanged(result.user)
    // Nothing to end is not a success: a neutral notice, not the green tick (and the server wrote no audit event).
    announce(describe(now, result, user), result.action === 'sessions_revoked' && result.sessionsEnded === 0 ? 'info' : 'success')
    onActivity()
  }

  return (
    <button
      type="button"
      className="button button-secondary more-button"
      aria-haspopup="menu"
      aria-expanded={open}
      data-busy={open || undefined}
      onClick={() => void openMenu()}
    >
      {t.t('console.details.more')} <span aria-hidden="true">▾</span>
    </button>
  )
}

function describe(
  t: Translator,
  result: Exclude<MoreMenuResult, { action: 'none' | 'second_factor_removal_asked' }>,
  user: UserView,
): string {
  switch (result.action) {
    case 'password_reset_sent':
      return t.t('console.more.resetSent', { email: result.sentTo })
    case 'invitation_sent':
      return t.t('console.more.invitationSent', { email: result.sentTo })
    case 'sessions_revoked':
      return result.sessionsEnded === 0
        ? t.t('console.more.noSessions', { name: user.displayName })
        : t.t('console.more.sessionsEnded', { count: result.sessionsEnded, name: user.displayName })
    case 'deactivated':
      return t.t('console.more.deactivated', { name: result.user.displayName })
    case 'activated':
      return t.t('console.more.activated', { name: result.user.displayName })
  }
}
