import { useRef } from 'react'
import type { SecondFactorStatus, UserView } from '../../../src-shared/ipc'
import { RoleBadge, StatusBadge } from '../../components/status-badge'
import { useFocusRequest } from '../../hooks/use-focus-request'
import { initials } from '../../lib/format'
import { MoreButton } from './more-button'

interface DetailsHeaderProps {
  user: UserView
  onUserChanged: (user: UserView) => void
  onActivity: () => void
  onRemoveSecondFactor: (factors: SecondFactorStatus) => void
}

export function DetailsHeader({ user, onUserChanged, onActivity, onRemoveSecondFactor }: DetailsHeaderProps) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  useFocusRequest('heading', headingRef)
  return (
    <header className="details-header">
      <span className={`avatar avatar-large${user.active ? '' : ' avatar-inactive'}`} aria-hidden="true">
        {initials(user.displayName, user.username)}
      </span>
      <div className="details-title">
        <h1 id="details-heading" ref={headingRef} tabIndex={-1}>
          {user.displayName}
        </h1>
        <p className="details-subtitle">
          <span className="mono">{user.username}</span>
          <span aria-hidden="true"> · </span>
          <RoleBadge user={user} />
          <StatusBadge user={user} />
        </p>
      </div>
      <MoreButton user={user} onUserChanged={onUserChanged} onActivity={onActivity} onRemoveSecondFactor={onRemoveSecondFactor} />
    </header>
  )
}
