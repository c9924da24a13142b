// Above the grid, beside the search: only admins or users, only one status. Kept in the users
// store, so they are still set when the admin comes back from someone's details.
import { useId } from 'react'
import { useT } from '../../i18n'
import { useUsers, type RoleFilter, type StatusFilter } from '../../stores/users'

const ROLES: ReadonlyArray<
  [RoleFilter | '', 'console.users.filterRoleAll' | 'console.users.filterRoleAdmin' | 'console.users.filterRoleUser']
> = [
  ['', 'console.users.filterRoleAll'],
  ['admin', 'console.users.filterRoleAdmin'],
  ['user', 'console.users.filterRoleUser'],
]

const STATUSES: ReadonlyArray<
  [
    StatusFilter | '',
    (
      | 'console.users.filterStatusAll'
      | 'console.users.filterStatusActive'
      | 'console.users.filterStatusInvited'
      | 'console.users.filterStatusDeactivated'
    ),
  ]
> = [
  ['', 'console.users.filterStatusAll'],
  ['active', 'console.users.filterStatusActive'],
  ['invited', 'console.users.filterStatusInvited'],
  ['deactivated', 'console.users.filterStatusDeactivated'],
]

export function ListFilters() {
  const t = useT()
  const id = useId()
  const filters = useUsers((state) => state.filters)
  const setFilters = useUsers((state) => state.setFilters)
  return (
    <div className="list-filters">
      <div className="list-filter">
        <label htmlFor={`${id}-role`}>{t.t('console.users.filterRole')}</label>
        <select
          id={`${id}-role`}
          className="select"
          value={filters.role ?? ''}
          onChange={(event) => setFilters({ role: (event.target.value || undefined) as RoleFilter | undefined })}
        >
          {ROLES.map(([value, label]) => (
            <option key={value} value={value}>
              {t.t(label)}
            </option>
          ))}
        </select>
      </div>
      <div className="list-filter">
        <label htmlFor={`${id}-status`}>{t.t('console.users.filterStatus')}</label>
        <select
          id={`${id}-status`}
          className="select"
          value={filters.status ?? ''}
          onChange={(event) => setFilters({ status: (event.target.value || undefined) as StatusFilter | undefined })}
        >
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {t.t(label)}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
