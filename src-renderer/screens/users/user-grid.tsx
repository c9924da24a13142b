// The users list as an ARIA grid, virtualized: only the rows in view are in the page, so
// thousands of loaded rows stay fast. Focus stays on the grid and aria-activedescendant points
// at the selected row; the arrow keys, Page Up/Down, Home and End move the selection, Enter opens.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react'
import type { UserView } from '../../../src-shared/ipc'
import { RoleBadge, StatusBadge } from '../../components/status-badge'
import { useT } from '../../i18n'
import { dateTimeText, relativeTime } from '../details/when'
import { useUsers } from '../../stores/users'
import { useFocusRequest } from '../../hooks/use-focus-request'

const ROW_HEIGHT = 40
/** Fetch the next page when the last rendered row is this close to the end of what is loaded. */
const LOAD_AHEAD_ROWS = 25
const COLUMNS = [
  'console.users.column.username',
  'console.users.column.name',
  'console.users.column.email',
  'console.users.column.role',
  'console.users.column.status',
  'console.users.column.lastSignIn',
] as const

interface UserGridProps {
  onOpen: (user: UserView) => void
  onLeaveTop: () => void
  gridRef: RefObject<HTMLDivElement | null>
  describedBy: string
}

export function UserGrid({ onOpen, onLeaveTop, gridRef, describedBy }: UserGridProps) {
  const t = useT()
  const users = useUsers((state) => state.users)
  const selectedId = useUsers((state) => state.selectedId)
  const select = useUsers((state) => state.select)
  const nextCursor = useUsers((state) => state.nextCursor)
  const canLoadMore = useUsers(
    (state) => state.nextCursor !== null && !state.loadingMore && state.moreError === null && state.status === 'ready',
  )
  const loadMore = useUsers((state) => state.loadMore)
  const resultsVersion = useUsers((state) => state.resultsVersion)
  const scrollRef = useRef<HTMLDivElement>(null)
  const lastScrollTop = useRef(useUsers.getState().scrollOffset)
  useFocusRequest('grid', gridRef)

  const virtualizer = useVirtualizer({
    count: users.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Back from a user's details: the list is where the admin left it.
    initialOffset: () => useUsers.getState().scrollOffset,
    getItemKey: (index) => users[index]?.id ?? index,
  })
  const items = virtualizer.getVirtualItems()
  const lastRendered = items[items.length - 1]?.index ?? -1
  const selectedIndex = selectedId === null ? -1 : users.findIndex((user) => user.id === selectedId)
  const selectedRendered = items.some((item) => item.index === selectedIndex)

  useEffect(() => {
    if (canLoadMore && lastRendered >= users.length - LOAD_AHEAD_ROWS) void loadMore()
  }, [canLoadMore, lastRendered, users.length, loadMore])

  // A new search starts at the top; the first render keeps the remembered position instead.
  const shownVersion = useRef(resultsVersion)
  useEffect(() => {
    if (shownVersion.current === resultsVersion) return
    shownVersion.current = resultsVersion
    virtualizer.scrollToOffset(0)
  }, [resultsVersion, virtualizer])

  useLayoutEffect(() => {
    const rememberScroll = useUsers.getState().rememberScroll
    return () => rememberScroll(lastScrollTop.current)
  }, [])

  function moveTo(index: number) {
    const user = users[index]
    if (!user) return
    select(user.id)
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (users.length === 0 || event.altKey || event.metaKey || event.ctrlKey) return
    const last = users.length - 1
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1)
    const from = Math.max(selectedIndex, 0)
    let next: number
    switch (event.key) {
      case 'ArrowDown':
        next = selectedIndex < 0 ? 0 : Math.min(last, selectedIndex + 1)
        break
      case 'ArrowUp':
        if (selectedIndex <= 0) {
          event.preventDefault()
          onLeaveTop()
          return
        }
        next = selectedIndex - 1
        break
      case 'PageDown':
        next = Math.min(last, from + page)
        break
      case 'PageUp':
        next = Math.max(0, from - page)
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = last
        break
      case 'Enter': {
        const user = users[selectedIndex]
        if (!user) return
        event.preventDefault()
        onOpen(user)
        return
      }
      default:
        return
    }
    event.preventDefault()
    moveTo(next)
  }

  function onFocus() {
    // Give the grid something to point at: the first row in view.
    if (selectedIndex >= 0 || users.length === 0) return
    const firstInView = Math.min(users.length - 1, Math.ceil((scrollRef.current?.scrollTop ?? 0) / ROW_HEIGHT))
    const user = users[firstInView]
    if (user) select(user.id)
  }

  return (
    <div
      ref={gridRef}
      className="user-grid"
      role="grid"
      aria-label={t.t('console.users.title')}
      aria-describedby={describedBy}
      aria-rowcount={nextCursor === null ? users.length + 1 : -1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selectedRendered && selectedId ? rowId(selectedId) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          {COLUMNS.map((column) => (
            <div role="columnheader" key={column} className="grid-cell">
              {t.t(column)}
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="grid-body"
        ref={scrollRef}
        onScroll={(event) => {
          lastScrollTop.current = event.currentTarget.scrollTop
        }}
      >
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const user = users[item.index]
            if (!user) return null
            return (
              <UserRow
                key={item.key}
                user={user}
                index={item.index}
                top={item.start}
                selected={user.id === selectedId}
                onClick={() => onOpen(user)}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

function rowId(userId: string): string {
  return `user-row-${userId}`
}

interface UserRowProps {
  user: UserView
  index: number
  top: number
  selected: boolean
  onClick: () => void
}

function UserRow({ user, index, top, selected, onClick }: UserRowProps) {
  const t = useT()
  return (
    <div
      role="row"
      id={rowId(user.id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}${user.active ? '' : ' inactive'}`}
      // Positioned through CSSOM (allowed by the CSP), as virtualization needs.
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={onClick}
    >
      <div role="gridcell" className="grid-cell mono">
        {user.username}
      </div>
      <div role="gridcell" className="grid-cell">
        {user.displayName}
      </div>
      <div role="gridcell" className="grid-cell">
        {user.email}
      </div>
      <div role="gridcell" className="grid-cell">
        <RoleBadge user={user} />
      </div>
      <div role="gridcell" className="grid-cell">
        <StatusBadge user={user} />
      </div>
      <div role="gridcell" className="grid-cell">
        {user.lastSignInAt ? (
          <time dateTime={user.lastSignInAt} title={dateTimeText(t, user.lastSignInAt)}>
            {relativeTime(t, user.lastSignInAt)}
          </time>
        ) : (
          <span className="muted">{t.t('console.users.never')}</span>
        )}
      </div>
    </div>
  )
}
