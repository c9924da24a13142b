// One user: who they are, what happened to their account lately, and the admin's actions on it.
import { useCallback, useEffect, useState } from 'react'
import type { ConsoleError, SecondFactorStatus, UserView } from '../../../src-shared/ipc'
import { ErrorBox } from '../../components/error-box'
import { useDocumentTitle } from '../../hooks/use-document-title'
import { useT } from '../../i18n'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { useNavigation } from '../../stores/navigation'
import { useUsers } from '../../stores/users'
import { ActivitySection } from './activity-section'
import { ChangePasswordPanel } from './change-password-panel'
import { DeactivatedBanner } from './deactivated-banner'
import { DetailsHeader } from './details-header'
import { ProfileSection } from './profile-section'
import { RemoveSecondFactorDialog } from './remove-second-factor-dialog'

interface UserDetailsScreenProps {
  userId: string
  snapshot: UserView
}

export function UserDetailsScreen({ userId, snapshot }: UserDetailsScreenProps) {
  const t = useT()
  const [user, setUser] = useState(snapshot)
  const [loadError, setLoadError] = useState<ConsoleError | null>(null)
  const [activityVersion, setActivityVersion] = useState(0)
  /** More › Remove second factor… is asking for the admin's password: the factors it would remove. */
  const [removing, setRemoving] = useState<SecondFactorStatus | null>(null)
  const showUsers = useNavigation((state) => state.showUsers)
  const replaceUser = useUsers((state) => state.replaceUser)
  useDocumentTitle(user.displayName)

  const userChanged = useCallback(
    (changed: UserView) => {
      setUser(changed)
      replaceUser(changed)
    },
    [replaceUser],
  )

  // The list's copy may be minutes old: fetch the user fresh (and after every change to them).
  const refresh = useCallback(async () => {
    const outcome = await consoleClient.getUser(userId)
    if (outcome.ok) {
      setLoadError(null)
      userChanged(outcome.value)
    } else if (!isSessionEnd(outcome.error)) {
      setLoadError(outcome.error)
    }
  }, [userId, userChanged])

  useEffect(() => {
    void refresh()
  }, [refresh])

  // Esc goes back to the list, unless a dialog is open (Esc is the dialog's) or something has been
  // typed into a field here (Esc must not silently throw away a half-typed password).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return
      const typedInto = [...document.querySelectorAll<HTMLInputElement>('main input[type="password"], main input[type="text"]')].some(
        (input) => input.value !== '',
      )
      if (typedInto) return
      event.preventDefault()
      showUsers('grid')
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [showUsers])

  const newActivity = useCallback(() => setActivityVersion((version) => version + 1), [])
  /** The password or the second factor changed: the details and the activity have news. */
  const signInChanged = useCallback(() => {
    void refresh()
    newActivity()
  }, [refresh, newActivity])
  /** Changed in the profile: the details, the list's row and the activity have news. */
  const profileChanged = useCallback(
    (changed: UserView) => {
      userChanged(changed)
      newActivity()
    },
    [userChanged, newActivity],
  )
  const closeRemoval = useCallback(() => setRemoving(null), [])

  return (
    <main className="details-screen" aria-labelledby="details-heading">
      <nav className="details-nav" aria-label={t.t('console.details.breadcrumb')}>
        <button type="button" className="back-link" onClick={() => showUsers('grid')} aria-keyshortcuts="Escape">
          <span aria-hidden="true">← </span>
          {t.t('console.details.back')}
        </button>
      </nav>
      <DetailsHeader user={user} onUserChanged={userChanged} onActivity={newActivity} onRemoveSecondFactor={setRemoving} />
      {!user.active && <DeactivatedBanner user={user} onReactivated={profileChanged} />}
      {loadError && (
        <ErrorBox error={loadError} heading={t.t(loadError.kind === 'not_found' ? 'console.details.gone' : 'console.details.loadFailed')}>
          <button type="button" className="button button-secondary" onClick={() => void refresh()}>
            {t.t('console.details.tryAgain')}
          </button>
        </ErrorBox>
      )}
      {/* Profile and activity on the left, the password panel on the right; in a narrow window
          the password panel comes right after the profile, before the (long) activity. */}
      <div className="details-columns">
        <ProfileSection user={user} onUserChanged={profileChanged} />
        <ChangePasswordPanel key={userId} user={user} onChanged={signInChanged} />
        <ActivitySection userId={userId} version={activityVersion} />
      </div>
      {removing && (
        <RemoveSecondFactorDialog
          user={user}
          factors={removing}
          onClose={closeRemoval}
          onRemoved={() => {
            closeRemoval()
            signInChanged()
          }}
        />
      )}
    </main>
  )
}
