// The users list: the search text and filters, the pages loaded so far and how many match, the
// selected row and the scroll position, kept while the admin looks at someone's details so "Back to users" returns to the
// same place.
import { create } from 'zustand'
import type { ConsoleError, SearchUsersRequest, UserView } from '../../src-shared/ipc'
import { consoleClient } from '../lib/console-client'

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error'
export type RoleFilter = NonNullable<SearchUsersRequest['role']>
export type StatusFilter = NonNullable<SearchUsersRequest['status']>
/** Only one role or status (undefined: any). */
export interface UserFilters {
  role: RoleFilter | undefined
  status: StatusFilter | undefined
}

interface UsersState {
  /** What is in the search box (searches run on it after a pause). */
  query: string
  /** The search the rows belong to (trimmed). */
  searchedQuery: string
  /** What the filter controls say; changing them searches at once. */
  filters: UserFilters
  /** The filters the rows belong to. */
  searchedFilters: UserFilters
  users: UserView[]
  nextCursor: string | null
  /** How many accounts match (from the first page); more than that when totalIsLowerBound. */
  total: number | null
  totalIsLowerBound: boolean
  status: ListStatus
  error: ConsoleError | null
  loadingMore: boolean
  moreError: ConsoleError | null
  selectedId: string | null
  scrollOffset: number
  /** Bumped for every new first page, so the grid knows to scroll back to the top. */
  resultsVersion: number
  setQuery: (query: string) => void
  setFilters: (filters: Partial<UserFilters>) => void
  search: (query: string) => Promise<void>
  retry: () => Promise<void>
  loadMore: () => Promise<void>
  select: (id: string | null) => void
  rememberScroll: (offset: number) => void
  /** After an edit elsewhere (deactivate, password change), show the user's new state in the list. */
  replaceUser: (user: UserView) => void
  /**
   * Back from someone's details: their row is read again, as they may have changed meanwhile
   * (an invited person chose a password) without the list searching again.
   */
  refreshSelected: () => Promise<void>
  reset: () => void
}

const initial = {
  query: '',
  searchedQuery: '',
  filters: { role: undefined, status: undefined },
  searchedFilters: { role: undefined, status: undefined },
  users: [],
  nextCursor: null,
  total: null,
  totalIsLowerBound: false,
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
  setFilters: (changed) => {
    set((state) => ({ filters: { ...state.filters, ...changed } }))
    void get().search(get().query)
  },
  search: async (rawQuery) => {
    const q = rawQuery.trim()
    const filters = get().filters
    const current = ++generation
    // Keep showing the previous rows while the new ones load: less flicker while typing.
    set({ searchedQuery: q, searchedFilters: filters, status: 'loading', error: null, loadingMore: false, moreError: null })
    const outcome = await consoleClient.searchUsers({ q, ...definedFilters(filters) })
    if (current !== generation) return
    if (!outcome.ok) {
      set({ status: 'error', error: outcome.error, users: [], nextCursor: null, total: null })
      return
    }
    const { users, nextCursor, total, totalIsLowerBound } = outcome.value
    const selectedId = get().selectedId
    set((state) => ({
      users,
      nextCursor,
      total: total ?? null,
      totalIsLowerBound: totalIsLowerBound ?? false,
      status: 'ready',
      selectedId: users.some((user) => user.id === selectedId) ? selectedId : null,
      scrollOffset: 0,
      resultsVersion: state.resultsVersion + 1,
    }))
  },
  retry: () => get().search(get().searchedQuery),
  loadMore: async () => {
    const { nextCursor, loadingMore, status, searchedQuery, searchedFilters } = get()
    if (nextCursor === null || loadingMore || status !== 'ready') return
    const current = generation
    set({ loadingMore: true, moreError: null })
    const outcome = await consoleClient.searchUsers({ q: searchedQuery, cursor: nextCursor, ...definedFilters(searchedFilters) })
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
  refreshSelected: async () => {
    const { selectedId, status } = get()
    if (selectedId === null || status !== 'ready') return
    const outcome = await consoleClient.getUser(selectedId)
    if (outcome.ok) get().replaceUser(outcome.value)
  },
  reset: () => {
    generation++
    set(initial)
  },
}))

/** The filters to send: the IPC contract is strict, so "any" is left out rather than sent as undefined. */
function definedFilters({ role, status }: UserFilters): Pick<SearchUsersRequest, 'role' | 'status'> {
  return { ...(role ? { role } : {}), ...(status ? { status } : {}) }
}
