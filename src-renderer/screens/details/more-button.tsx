// "More": the main process shows a native menu (send a reset email, sign out everywhere,
// deactivate/activate) with its own confirmation dialogs; this shows what came of it. "Remove
// second factor…" needs the admin's own password, so it comes back here to open this window's dialog.
import { useState } from 'react'
import type { MoreMenuResult, SecondFactorStatus, UserView } from '../../../src-shared/ipc'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { formatWait, plural } from '../../lib/format'
import { announce } from '../../stores/notices'

interface MoreButtonProps {
  user: UserView
  onUserChanged: (user: UserView) => void
  onActivity: () => void
  /** "Remove second factor…" was chosen: ask for the admin's password (the user has these factors). */
  onRemoveSecondFactor: (factors: SecondFactorStatus) => void
}

export function MoreButton({ user, onUserChanged, onActivity, onRemoveSecondFactor }: MoreButtonProps) {
  const [open, setOpen] = useState(false)

  async function openMenu() {
    if (open) return
    setOpen(true)
    const outcome = await consoleClient.openUserMoreMenu(user.id)
    setOpen(false)
    if (!outcome.ok) {
      const { error } = outcome
      if (isSessionEnd(error)) return
      const wait =
        error.kind === 'throttled' && error.retryAfterSeconds !== undefined
          ? ` Wait ${formatWait(error.retryAfterSeconds)}, then try again.`
          : ''
      announce([error.title, error.detail].filter(Boolean).join(' ') + wait, 'error')
      return
    }
    const result = outcome.value
    if (result.action === 'none') return
    if (result.action === 'second_factor_removal_asked') return onRemoveSecondFactor(result.factors)
    if (result.action === 'deactivated' || result.action === 'activated') onUserChanged(result.user)
    announce(describe(result, user))
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
      More <span aria-hidden="true">▾</span>
    </button>
  )
}

function describe(result: Exclude<MoreMenuResult, { action: 'none' | 'second_factor_removal_asked' }>, user: UserView): string {
  switch (result.action) {
    case 'password_reset_sent':
      return `Password reset email sent to ${result.sentTo}.`
    case 'invitation_sent':
      return `Invitation sent again to ${result.sentTo}. Links in earlier invitations no longer work.`
    case 'sessions_revoked':
      return result.sessionsEnded === 0
        ? `${user.displayName} was not signed in anywhere: there were no sessions to end.`
        : `Signed out of ${plural(result.sessionsEnded, 'session')}. ${user.displayName} must sign in again.`
    case 'deactivated':
      return `${result.user.displayName}'s account is deactivated. They cannot sign in until it is activated again.`
    case 'activated':
      return `${result.user.displayName}'s account is active again.`
  }
}
