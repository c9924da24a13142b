// At the top of a deactivated account's details: it cannot sign in, and the way back (the same
// change as More › Activate). Reactivated, the banner goes, so focus moves to the person's name
// rather than being dropped with the button.
import { useState } from 'react'
import type { UserView } from '../../../src-shared/ipc'
import { BusyButton } from '../../components/busy-button'
import { Icon } from '../../components/icon'
import { currentT, useT } from '../../i18n'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { useNavigation } from '../../stores/navigation'
import { announce } from '../../stores/notices'

interface DeactivatedBannerProps {
  user: UserView
  /** Reactivated: the details (and the activity) have news. */
  onReactivated: (user: UserView) => void
}

export function DeactivatedBanner({ user, onReactivated }: DeactivatedBannerProps) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const focus = useNavigation((state) => state.focus)

  async function reactivate() {
    if (busy) return
    setBusy(true)
    const outcome = await consoleClient.updateUser(user.id, { active: true })
    setBusy(false)
    const now = currentT()
    if (outcome.ok) {
      onReactivated(outcome.value)
      announce(now.t('console.more.activated', { name: outcome.value.displayName }))
      focus('heading')
    } else if (!isSessionEnd(outcome.error)) {
      const reason = [outcome.error.title, outcome.error.detail].filter(Boolean).join(' ')
      announce(now.t('console.details.reactivateFailed', { name: user.displayName, reason }), 'error')
    }
  }

  return (
    <section className="banner details-banner" aria-labelledby="deactivated-heading">
      <Icon name="warning" className="details-banner-icon" />
      <div className="details-banner-text">
        <h2 id="deactivated-heading" className="details-banner-heading">
          {t.t('console.details.deactivatedBanner')}
        </h2>
        <p>{t.t('console.details.deactivatedDetail', { name: user.displayName })}</p>
      </div>
      <BusyButton
        type="button"
        variant="secondary"
        busy={busy}
        busyLabel={t.t('console.details.reactivating')}
        onClick={() => void reactivate()}
      >
        {t.t('console.details.reactivate')}
      </BusyButton>
    </section>
  )
}
