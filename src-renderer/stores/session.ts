// Where the console is in its life: starting, asking for the first admin, signing in, or signed in
// as an admin. Signing out and a session that ends elsewhere both come back to the sign-in screen.
import { create } from 'zustand'
import type { SignedInAdmin, StartupInfo } from '../../src-shared/ipc'
import { settle, whenSessionEnds } from '../lib/api'
import { useNavigation } from './navigation'
import { useNotices } from './notices'
import { useUsers } from './users'

export type Phase = 'starting' | 'startup-failed' | 'first-admin' | 'sign-in' | 'signed-in'

export interface SignInPrefill {
  serverUrl: string
  username: string
}

/** What the sign-in screen says on arrival (why the admin is there). */
export interface SignInMessage {
  tone: 'info' | 'success' | 'error'
  text: string
  detail?: string | undefined
}

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again.'

interface SessionState {
  phase: Phase
  startup: StartupInfo | null
  admin: SignedInAdmin | null
  prefill: SignInPrefill
  message: SignInMessage | null
  start: () => Promise<void>
  signedIn: (admin: SignedInAdmin) => void
  firstAdminCreated: (username: string) => void
  signOut: () => Promise<void>
  sessionEnded: () => void
}

/** Everything the signed-in screens kept goes when the session goes. */
function forgetSignedInState(): void {
  useUsers.getState().reset()
  useNavigation.getState().reset()
  useNotices.getState().clear()
}

export const useSession = create<SessionState>()((set, get) => ({
  phase: 'starting',
  startup: null,
  admin: null,
  prefill: { serverUrl: '', username: '' },
  message: null,
  start: async () => {
    set({ phase: 'starting' })
    let startup: StartupInfo
    try {
      startup = await window.textup.getStartup()
    } catch (cause) {
      console.error('getStartup failed', cause)
      set({ phase: 'startup-failed' })
      return
    }
    const prefill = {
      serverUrl: startup.serverUrl ?? startup.embedded?.url ?? '',
      username: startup.lastUsername ?? '',
    }
    if (startup.session) {
      set({ startup, prefill, admin: startup.session, phase: 'signed-in' })
    } else {
      set({ startup, prefill, phase: startup.embedded?.needsFirstAdmin ? 'first-admin' : 'sign-in' })
    }
  },
  signedIn: (admin) => {
    forgetSignedInState()
    set({ admin, phase: 'signed-in', message: null, prefill: { serverUrl: admin.serverUrl, username: admin.user.username } })
  },
  firstAdminCreated: (username) => {
    const startup = get().startup
    set({
      phase: 'sign-in',
      startup: startup?.embedded ? { ...startup, embedded: { ...startup.embedded, needsFirstAdmin: false } } : startup,
      prefill: { ...get().prefill, username },
      message: { tone: 'success', text: 'Your admin account is ready. Sign in with the password you just chose.' },
    })
  },
  signOut: async () => {
    if (get().phase !== 'signed-in') return
    const outcome = await settle(() => window.textup.signOut())
    forgetSignedInState()
    // The main process forgets the session on this computer either way; say so if the server was not told.
    const message: SignInMessage =
      outcome.ok || outcome.error.kind === 'signed_out'
        ? { tone: 'info', text: 'You have signed out.' }
        : { tone: 'error', text: 'You have signed out on this computer, but the server could not be told.', detail: outcome.error.title }
    set({ admin: null, phase: 'sign-in', message })
  },
  sessionEnded: () => {
    if (get().phase !== 'signed-in') return
    forgetSignedInState()
    set({ admin: null, phase: 'sign-in', message: { tone: 'error', text: SESSION_ENDED_MESSAGE } })
  },
}))

whenSessionEnds(() => useSession.getState().sessionEnded())

/** The signed-in admin, for screens that only render while signed in. */
export function useAdmin(): SignedInAdmin {
  const admin = useSession((state) => state.admin)
  if (!admin) throw new Error('A signed-in screen rendered without a signed-in admin')
  return admin
}
