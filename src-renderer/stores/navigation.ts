// Which signed-in screen is showing, the create-user dialog, and where keyboard focus should go
// next (screens mount and unmount, so focus requests are kept here until a screen picks them up).
import { create } from 'zustand'
import type { UserView } from '../../src-shared/ipc'

/** The details screen starts from the user as the list (or create dialog) last saw them, then refreshes. */
export type View = { name: 'users' } | { name: 'user'; userId: string; snapshot: UserView }

export type FocusTarget = 'search' | 'grid' | 'heading'

interface NavigationState {
  view: View
  createUserOpen: boolean
  /** A request for a screen to move focus; `seq` makes repeated requests (Ctrl+F twice) distinct. */
  focusRequest: { target: FocusTarget; seq: number } | null
  openUser: (user: UserView) => void
  showUsers: (focus: FocusTarget) => void
  focus: (target: FocusTarget) => void
  /** The screen moved focus as asked. */
  focusDone: () => void
  openCreateUser: () => void
  closeCreateUser: () => void
  reset: () => void
}

let seq = 0

export const useNavigation = create<NavigationState>()((set) => ({
  view: { name: 'users' },
  createUserOpen: false,
  focusRequest: { target: 'search', seq: ++seq },
  openUser: (user) =>
    set({
      view: { name: 'user', userId: user.id, snapshot: user },
      focusRequest: { target: 'heading', seq: ++seq },
    }),
  showUsers: (focus) => set({ view: { name: 'users' }, focusRequest: { target: focus, seq: ++seq } }),
  focus: (target) => set({ focusRequest: { target, seq: ++seq } }),
  focusDone: () => set({ focusRequest: null }),
  openCreateUser: () => set({ createUserOpen: true }),
  closeCreateUser: () => set({ createUserOpen: false }),
  reset: () => set({ view: { name: 'users' }, createUserOpen: false, focusRequest: { target: 'search', seq: ++seq } }),
}))
