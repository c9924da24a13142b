// The users list: the search text, the pages loaded so far, the selected row and the scroll
// position, kept while the admin looks at someone's details so "Back to users" returns to the
// same place.
import { create } from 'zustand'
import type { ConsoleError, UserView } from '../../src-shared/ipc'
import { consoleClient } from '../lib/console-client'

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error'

interface UsersState {
  /** What is in the search box (searches run on it after a pause). */
  query: string
  /** The search the rows belong to (trimmed). */
  searchedQuery: string
  users: UserView[]
  nextCursor: string | null
  status: ListStatus
  error: ConsoleError | null
  loadingMore: boolean
  moreError: ConsoleError | null
  selectedId: string | null
  scrollOffset: number
  /** Bumped for every new first page, so the grid knows to scroll back to the top. */
  resultsVersion: number
  setQuery: (query: string) => void
  search: (query: string) => Promise<void>
  retry: () => Promise<void>
  loadMore: () => Promise<void>
  select: (id: string | null) => void
  rememberScroll: (offset: number) => void
  /** After an edit elsewhere (deactivate, password change), show the user's new state in the list. */
  replaceUser: (user: UserView) => void
  reset: () => void
}

const initial = {
  query: '',
  searchedQuery: '',
  users: [],
  nextCursor: null,
  status: 'idle',
  error: null,
  loadingMore: false,
  moreError: null,
  selectedId: null,
  scrollOffset: 0,
  resultsVersion: 0,
} satisfies Partial<UsersState>

/** Each new search (or reset) bumps this; answers to an older one are dropped when they arrive. */
let generation = 0

export const useUsers = create<UsersState>()((set, get) => ({
  ...initial,
  setQuery: (query) => set({ query }),
  search: async (rawQuery) => {
    const q = rawQuery.trim()
    const current = ++generation
    // Keep showing the previous rows while the new ones load: less flicker while typing.
    set({ searchedQuery: q, status: 'loading', error: null, loadingMore: false, moreError: null })
    const outcome = await consoleClient.searchUsers({ q })
    if (current !== generation) return
    if (!outcome.ok) {
      set({ status: 'error', error: outcome.error, users: [], nextCursor: null })
      return
    }
    const { users, nextCursor } = outcome.value
    const selectedId = get().selectedId
    set((state) => ({
      users,
      nextCursor,
      status: 'ready',
      selectedId: users.some((user) => user.id === selectedId) ? selectedId : null,
      scrollOffset: 0,
      resultsVersion: state.resultsVersion + 1,
    }))
  },
  retry: () => get().search(get().searchedQuery),
  loadMore: async () => {
    const { nextCursor, loadingMore, status, searchedQuery } = get()
    if (nextCursor === null || loadingMore || status !== 'ready') return
    const current = generation
    set({ loadingMore: true, moreError: null })
    const outcome = await consoleClient.searchUsers({ q: searchedQuery, cursor: nextCursor })
    if (current !== generation) return
    if (!outcome.ok) {
      set({ loadingMore: false, moreError: outcome.error })
      return
    }
    set((state) => ({
      users: state.users.concat(outcome.value.users),
      nextCursor: outcome.value.nextCursor,
      loadingMore: false,
    }))
  },
  select: (selectedId) => set({ selectedId }),
  rememberScroll: (scrollOffset) => set({ scrollOffset }),
  replaceUser: (user) =>
    set((state) => {
      const index = state.users.findIndex((candidate) => candidate.id === user.id)
      if (index === -1) return {}
      const users = state.users.slice()
      users[index] = user
      return { users }
    }),
  reset: () => {
    generation++
    set(initial)
  },
}))
