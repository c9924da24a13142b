import type { UserView } from '../../src-shared/ipc'
import { roleLabel } from '../lib/format'

export function StatusBadge({ user }: { user: Pick<UserView, 'active'> }) {
  return <span className={`badge ${user.active ? 'badge-active' : 'badge-deactivated'}`}>{user.active ? 'Active' : 'Deactivated'}</span>
}

export function RoleBadge({ user }: { user: Pick<UserView, 'role'> }) {
  return <span className={`badge badge-role-${user.role}`}>{roleLabel(user.role)}</span>
}
