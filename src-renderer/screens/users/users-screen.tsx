// The users list: search and filters, the grid, and the way to create a user.
import { useEffect, useId, useRef, type RefObject } from 'react'
import { clearSearch, openUser } from '../../actions'
import { useDocumentTitle } from '../../hooks/use-document-title'
import { useT } from '../../i18n'
import { useNavigation } from '../../stores/navigation'
import { useUsers } from '../../stores/users'
import { ListFailed, ListFooter, ListLoading, NoMatch, NoMatchFiltered, NoUsersYet } from './list-states'
import { ListFilters } from './list-filters'
import { SearchBox } from './search-box'
import { UserGrid } from './user-grid'

export function UsersScreen() {
  const t = useT()
  useDocumentTitle(t.t('console.users.title'))
  const keysHintId = useId()
  const gridRef = useRef<HTMLDivElement>(null)
  const openCreateUser = useNavigation((state) => state.openCreateUser)
  const focus = useNavigation((state) => state.focus)
  useEffect(() => {
    void useUsers.getState().refreshSelected()
  }, [])

  return (
    <main className="users-screen" aria-labelledby="users-heading">
      <div className="toolbar">
        <h1 id="users-heading">{t.t('console.users.title')}</h1>
        <SearchBox onArrowDown={() => gridRef.current?.focus()} />
        <ListFilters />
        <button type="button" className="button button-primary" onClick={openCreateUser}>
          <span aria-hidden="true">+ </span>
          {t.t('console.users.newUser')}
        </button>
      </div>
      <UsersContent gridRef={gridRef} keysHintId={keysHintId} onLeaveTop={() => focus('search')} />
    </main>
  )
}

interface UsersContentProps {
  gridRef: RefObject<HTMLDivElement | null>
  keysHintId: string
  onLeaveTop: () => void
}

function UsersContent({ gridRef, keysHintId, onLeaveTop }: UsersContentProps) {
  const status = useUsers((state) => state.status)
  const empty = useUsers((state) => state.users.length === 0)
  const searchedQuery = useUsers((state) => state.searchedQuery)
  const filtered = useUsers((state) => state.searchedFilters.role !== undefined || state.searchedFilters.status !== undefined)

  if (status === 'error') return <ListFailed />
  if (empty && (status === 'idle' || status === 'loading')) return <ListLoading />
  if (empty && filtered) return <NoMatchFiltered query={searchedQuery} />
  if (empty && searchedQuery === '') return <NoUsersYet />
  if (empty) {
    return <NoMatch query={searchedQuery} onClear={clearSearch} />
  }
  return (
    <>
      <UserGrid gridRef={gridRef} describedBy={keysHintId} onOpen={openUser} onLeaveTop={onLeaveTop} />
      <ListFooter id={keysHintId} />
    </>
  )
}
