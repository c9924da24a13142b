import type { UserView } from '../../src-shared/ipc'
import { useT } from '../i18n'

/**
 * One status per account: Deactivated, else Invite pending (active, but no password chosen yet:
 * the person cannot sign in until they do), else Active.
 */
export function StatusBadge({ user }: { user: Pick<UserView, 'active' | 'hasPassword'> }) {
  const t = useT()
  if (!user.active) return <span className="badge badge-deactivated">{t.t('console.badge.deactivated')}</span>
  if (!user.hasPassword) return <span className="badge badge-note">{t.t('console.badge.invitePending')}</span>
  return <span className="badge badge-active">{t.t('console.badge.active')}</span>
}

export function RoleBadge({ user }: { user: Pick<UserView, 'role'> }) {
  const t = useT()
  return (
    <span className={`badge badge-role-${user.role}`}>{t.t(user.role === 'admin' ? 'console.badge.admin' : 'console.badge.user')}</span>
  )
}
