import { useEffect, useId, useRef } from 'react'
import { useDebouncedValue } from '../../hooks/use-debounced-value'
import { useFocusRequest } from '../../hooks/use-focus-request'
import { useT } from '../../i18n'
import { useSession } from '../../stores/session'
import { useUsers } from '../../stores/users'

/** Pause after typing before searching: fast typists send one search, not one per letter. */
const SEARCH_DELAY_MS = 200

export function SearchBox({ onArrowDown }: { onArrowDown: () => void }) {
  const t = useT()
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const query = useUsers((state) => state.query)
  const setQuery = useUsers((state) => state.setQuery)
  const search = useUsers((state) => state.search)
  const mac = useSession((state) => state.startup?.platform === 'darwin')
  const debounced = useDebouncedValue(query, SEARCH_DELAY_MS)
  useFocusRequest('search', inputRef)

  useEffect(() => {
    // Read the store here rather than subscribe: coming back from a user's details must not search again.
    const state = useUsers.getState()
    if (state.status === 'idle' || debounced.trim() !== state.searchedQuery) void state.search(debounced)
  }, [debounced])

  return (
    <div className="search">
      <label htmlFor={id}>{t.t('console.users.searchLabel')}</label>
      <input
        ref={inputRef}
        id={id}
        type="search"
        value={query}
        maxLength={100}
        placeholder={t.t('console.users.searchPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        aria-keyshortcuts={mac ? 'Meta+F' : 'Control+F'}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            void search(query)
          } else if (event.key === 'ArrowDown') {
            event.preventDefault()
            onArrowDown()
          }
        }}
      />
      <p id={`${id}-hint`} className="hint">
        {t.t('console.users.searchHint', { shortcut: mac ? '⌘F' : 'Ctrl+F' })}
      </p>
    </div>
  )
}
