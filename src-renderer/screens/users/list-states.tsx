// What the users list shows when there are no rows to show: loading, nothing yet, no match, failure.
import type { Translator } from '../../../src-shared/i18n/translator'
import { ErrorBox } from '../../components/error-box'
import { useT } from '../../i18n'
import { useNavigation } from '../../stores/navigation'
import { useUsers } from '../../stores/users'

export function ListLoading() {
  const t = useT()
  return (
    <div className="list-state" role="status">
      <span className="spinner" aria-hidden="true" /> {t.t('console.users.loading')}
    </div>
  )
}

export function NoUsersYet() {
  const t = useT()
  const openCreateUser = useNavigation((state) => state.openCreateUser)
  return (
    <div className="list-state">
      <h2>{t.t('console.users.noneYet')}</h2>
      <p className="hint">{t.t('console.users.noneYetHint')}</p>
      <button type="button" className="button button-primary" onClick={openCreateUser}>
        {t.t('console.users.newUser')}
      </button>
    </div>
  )
}

export function NoMatch({ query, onClear }: { query: string; onClear: () => void }) {
  const t = useT()
  return (
    // A status, so that typing a search with no results is heard, not only seen.
    <div className="list-state" role="status">
      <h2>{t.t('console.users.noMatch', { query })}</h2>
      <p className="hint">{t.t('console.users.noMatchHint')}</p>
      <button type="button" className="button button-secondary" onClick={onClear}>
        {t.t('console.users.clearSearch')}
      </button>
    </div>
  )
}

/** Nothing matches, and filters are set: they may be what hides the accounts sought. */
export function NoMatchFiltered({ query }: { query: string }) {
  const t = useT()
  const setFilters = useUsers((state) => state.setFilters)
  return (
    <div className="list-state" role="status">
      <h2>{query === '' ? t.t('console.users.noMatchFilters') : t.t('console.users.noMatchQueryFilters', { query })}</h2>
      <p className="hint">{t.t('console.users.noMatchFiltersHint')}</p>
      <button type="button" className="button button-secondary" onClick={() => setFilters({ role: undefined, status: undefined })}>
        {t.t('console.users.clearFilters')}
      </button>
    </div>
  )
}

export function ListFailed() {
  const t = useT()
  const error = useUsers((state) => state.error)
  const retry = useUsers((state) => state.retry)
  if (!error) return null
  return (
    <div className="list-state">
      <ErrorBox error={error} heading={t.t('console.users.loadFailed')}>
        <button type="button" className="button button-primary" onClick={() => void retry()}>
          {t.t('console.users.tryAgain')}
        </button>
      </ErrorBox>
    </div>
  )
}

/** Under the grid: how many rows, whether more are coming, and a retry when a page failed. */
export function ListFooter({ id }: { id: string }) {
  const t = useT()
  const count = useUsers((state) => state.users.length)
  const more = useUsers((state) => state.nextCursor !== null)
  const query = useUsers((state) => state.searchedQuery)
  const total = useUsers((state) => state.total)
  const atLeast = useUsers((state) => state.totalIsLowerBound)
  const searching = useUsers((state) => state.status === 'loading')
  const loadingMore = useUsers((state) => state.loadingMore)
  const moreError = useUsers((state) => state.moreError)
  const loadMore = useUsers((state) => state.loadMore)
  return (
    <div className="list-footer">
      <p role="status" className="list-summary">
        {searching ? t.t('console.users.searching') : summary(t, { count, more, query, total, atLeast })}
      </p>
      {loadingMore && (
        <p className="hint">
          <span className="spinner" aria-hidden="true" /> {t.t('console.users.loadingMore')}
        </p>
      )}
      {moreError && (
        <p className="inline-error" role="alert">
          {t.t('console.users.moreFailed', { reason: moreError.title })}{' '}
          <button type="button" className="button button-quiet" onClick={() => void loadMore()}>
            {t.t('console.users.tryAgain')}
          </button>
        </p>
      )}
      <p id={id} className="hint keys-hint">
        {t.t('console.users.keysHint')}
      </p>
    </div>
  )
}

interface Summary {
  count: number
  more: boolean
  query: string
  total: number | null
  atLeast: boolean
}

/** "350 of 12,408 users", or "350 of more than 10,000" where the server stopped counting. */
function summary(t: Translator, { count, more, query, total, atLeast }: Summary): string {
  if (!more) return query === '' ? t.t('console.users.summary', { count }) : t.t('console.users.summaryMatch', { count, query })
  // A server that does not count yet (an older version) says only that more are coming.
  if (total === null) return t.t(query === '' ? 'console.users.summaryMore' : 'console.users.summaryMatchMore', { count, query })
  const values = { shown: t.number(count), total: t.number(total), count: total }
  if (query === '') return t.t(atLeast ? 'console.users.summaryOfAtLeast' : 'console.users.summaryOf', values)
  return t.t(atLeast ? 'console.users.summaryMatchOfAtLeast' : 'console.users.summaryMatchOf', { ...values, query })
}
