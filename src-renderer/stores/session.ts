// Where the console is in its life: starting, asking for the first admin, signing in (the password,
// then the second factor's code), or signed in as an admin. Signing out and a session that ends elsewhere both come back to the sign-in screen
// (the flows in ../actions.ts, which also clear what the signed-in screens kept).
import { create } from 'zustand'
import { msg, type Message } from '../../src-shared/i18n/translator'
import type { FirstAdminCreated, SecondFactorPrompt, SignedInAdmin, StartupInfo } from '../../src-shared/ipc'
import { consoleClient } from '../lib/console-client'

export type Phase = 'starting' | 'startup-failed' | 'first-admin' | 'sign-in' | 'second-factor' | 'signed-in'

export interface SignInPrefill {
  serverUrl: string
  username: string
}

/**
 * What the sign-in screen says on arrival (why the admin is there). Messages are translated when
 * shown; a string detail (the server's or main process's own sentence) is already in the console's language.
 */
export interface SignInMessage {
  tone: 'info' | 'success' | 'error'
  text: Message
  detail?: Message | string | undefined
}

type FirstAdminNotSignedIn = Extract<FirstAdminCreated, { step: 'sign_in' }>

/** What the sign-in screen says when the first admin was created but not signed in here. */
function afterFirstAdmin({ enrolUrl, problem }: FirstAdminNotSignedIn): SignInMessage {
  // MFA_REQUIRED_FOR_ADMINS: the console lets the new admin in only once a second factor is set up.
  if (enrolUrl)
    return {
      tone: 'success',
      text: msg('start.arrival.firstAdminReadyEnrol'),
      detail: msg('start.arrival.firstAdminEnrolDetail', { url: enrolUrl }),
    }
  if (problem) return { tone: 'info', text: msg('start.arrival.firstAdminNotSignedIn'), detail: problem }
  return { tone: 'success', text: msg('start.arrival.firstAdminReady') }
}

interface SessionState {
  phase: Phase
  startup: StartupInfo | null
  admin: SignedInAdmin | null
  /** While the phase is 'second-factor': what the server asks for. */
  prompt: SecondFactorPrompt | null
  prefill: SignInPrefill
  message: SignInMessage | null
  start: () => Promise<void>
  signedIn: (admin: SignedInAdmin) => void
  secondFactorAsked: (prompt: SecondFactorPrompt) => void
  /** The first admin exists; `notSignedIn`: why the console did not sign them in (the sign-in screen says so). */
  firstAdminCreated: (username: string, notSignedIn: FirstAdminNotSignedIn | null) => void
  /** Back to the sign-in screen, which says why. */
  signedOut: (message: SignInMessage) => void
}

export const useSession = create<SessionState>()((set, get) => ({
  phase: 'starting',
  startup: null,
  admin: null,
  prompt: null,
  prefill: { serverUrl: '', username: '' },
  message: null,
  start: async () => {
    set({ phase: 'starting' })
    const startup = await consoleClient.getStartup()
    if (!startup) {
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
  signedIn: (admin) =>
    set({ admin, prompt: null, phase: 'signed-in', message: null, prefill: { serverUrl: admin.serverUrl, username: admin.user.username } }),
  secondFactorAsked: (prompt) =>
    set({ prompt, phase: 'second-factor', message: null, prefill: { ...get().prefill, username: prompt.username } }),
  firstAdminCreated: (username, notSignedIn) => {
    const startup = get().startup
    set({
      startup: startup?.embedded ? { ...startup, embedded: { ...startup.embedded, needsFirstAdmin: false } } : startup,
      prefill: { ...get().prefill, username },
    })
    if (notSignedIn) set({ phase: 'sign-in', message: afterFirstAdmin(notSignedIn) })
  },
  signedOut: (message) => set({ admin: null, prompt: null, phase: 'sign-in', message }),
}))

/** The signed-in admin, for screens that only render while signed in. */
export function useAdmin(): SignedInAdmin {
  const admin = useSession((state) => state.admin)
  if (!admin) throw new Error('A signed-in screen rendered without a signed-in admin')
  return admin
}
