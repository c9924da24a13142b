// What the users list shows when there are no rows to show: loading, nothing yet, no match, failure.
import { ErrorBox } from '../../components/error-box'
import { plural } from '../../lib/format'
import { useNavigation } from '../../stores/navigation'
import { useUsers } from '../../stores/users'

export function ListLoading() {
  return (
    <div className="list-state" role="status">
      <span className="spinner" aria-hidden="true" /> Loading users…
    </div>
  )
}

export function NoUsersYet() {
  const openCreateUser = useNavigation((state) => state.openCreateUser)
  return (
    <div className="list-state">
      <h2>No users yet</h2>
      <p className="hint">
        Create an account for each person who signs in to TextUp. You can email them an invitation to choose their own password.
      </p>
      <button type="button" className="button button-primary" onClick={openCreateUser}>
        New user
      </button>
    </div>
  )
}

export function NoMatch({ query, onClear }: { query: string; onClear: () => void }) {
  return (
    // A status, so that typing a search with no results is heard, not only seen.
    <div className="list-state" role="status">
      <h2>No users match "{query}"</h2>
      <p className="hint">
        Search looks in usernames, names and email addresses. One or two characters only match the start of usernames; type three or more to
        match anywhere.
      </p>
      <button type="button" className="button button-secondary" onClick={onClear}>
        Clear search
      </button>
    </div>
  )
}

export function ListFailed() {
  const error = useUsers((state) => state.error)
  const retry = useUsers((state) => state.retry)
  if (!error) return null
  return (
    <div className="list-state">
      <ErrorBox error={error} heading="The users could not be loaded.">
        <button type="button" className="button button-primary" onClick={() => void retry()}>
          Try again
        </button>
      </ErrorBox>
    </div>
  )
}

/** Under the grid: how many rows, whether more are coming, and a retry when a page failed. */
export function ListFooter({ id }: { id: string }) {
  const count = useUsers((state) => state.users.length)
  const more = useUsers((state) => state.nextCursor !== null)
  const query = useUsers((state) => state.searchedQuery)
  const searching = useUsers((state) => state.status === 'loading')
  const loadingMore = useUsers((state) => state.loadingMore)
  const moreError = useUsers((state) => state.moreError)
  const loadMore = useUsers((state) => state.loadMore)
  return (
    <div className="list-footer">
      <p role="status" className="list-summary">
        {searching ? 'Searching…' : summary(count, more, query)}
      </p>
      {loadingMore && (
        <p className="hint">
          <span className="spinner" aria-hidden="true" /> Loading more…
        </p>
      )}
      {moreError && (
        <p className="inline-error" role="alert">
          More users could not be loaded: {moreError.title}{' '}
          <button type="button" className="button button-quiet" onClick={() => void loadMore()}>
            Try again
          </button>
        </p>
      )}
      <p id={id} className="hint keys-hint">
        ↑ ↓ Page Up/Down Home End to move · Enter to open
      </p>
    </div>
  )
}

function summary(count: number, more: boolean, query: string): string {
  if (query === '') return more ? `Showing the first ${plural(count, 'user')}; scroll for more.` : `${plural(count, 'user')}.`
  if (more) return `The first ${plural(count, 'user')} matching "${query}"; scroll for more.`
  return `${plural(count, 'user')} ${count === 1 ? 'matches' : 'match'} "${query}".`
}
