import type { UserView } from '../../src-shared/ipc'
import { useT } from '../i18n'

export function StatusBadge({ user }: { user: Pick<UserView, 'active'> }) {
  const t = useT()
  return (
    <span className={`badge ${user.active ? 'badge-active' : 'badge-deactivated'}`}>
      {t.t(user.active ? 'console.badge.active' : 'console.badge.deactivated')}
    </span>
  )
}

export function RoleBadge({ user }: { user: Pick<UserView, 'role'> }) {
  const t = useT()
  return (
    <span className={`badge badge-role-${user.role}`}>{t.t(user.role === 'admin' ? 'console.badge.admin' : 'console.badge.user')}</span>
  )
}
