// Short messages after an action ("Password reset email sent to …"), shown as toasts and read out
// by screen readers. Successes and information go by themselves; errors stay until dismissed.
// Toasts belong to the screen they were announced on: when the screen changes they go (an action
// that opens another screen announces after opening it, so its message shows there).
import { create } from 'zustand'
import type { Message } from '../../src-shared/i18n/translator'
import { useNavigation } from './navigation'

export type NoticeTone = 'success' | 'info' | 'error'

export interface Notice {
  id: number
  tone: NoticeTone
  /**
   * A Message is translated when shown (it follows a change of language); a string is shown as is
   * (already in the console's language, such as a sentence from the server).
   */
  message: string | Message
}

interface NoticesState {
  notices: Notice[]
  announce: (message: string | Message, tone?: NoticeTone) => void
  dismiss: (id: number) => void
  clear: () => void
}

/**
 * How long a success or an information stays: the longest one (about 20 words, "Created Nadia
 * Haddad (nadia). An invitation … was emailed to …") reads in about 6 seconds at an ordinary pace,
 * and nothing is lost when it goes: the live region has read it out, and what it reports is on the
 * screen (the details, Recent activity). Errors stay until dismissed: they need acting on.
 */
export const NOTICE_LIFETIME_MS = 6000
/**
 * The newest two, whatever their tone: a new toast replaces the oldest, an error too. Errors do not
 * take precedence, as an older error kept above newer news would read as the newest; each was read
 * out when it came, and two more messages in a row mean the admin has moved on.
 */
export const MAX_VISIBLE_NOTICES = 2

let nextId = 1

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  announce: (message, tone = 'success') => {
    const id = nextId++
    set((state) => ({ notices: [...state.notices, { id, tone, message }].slice(-MAX_VISIBLE_NOTICES) }))
    if (tone !== 'error') setTimeout(() => get().dismiss(id), NOTICE_LIFETIME_MS)
  },
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  clear: () => set((state) => (state.notices.length === 0 ? state : { notices: [] })),
}))

// Another screen (the list, someone's details): the toasts of the last one go. A store listener runs
// synchronously inside the navigation's set(), so a message announced right after navigating stays.
useNavigation.subscribe((state, previous) => {
  if (state.view !== previous.view) useNotices.getState().clear()
})

export function announce(message: string | Message, tone: NoticeTone = 'success'): void {
  useNotices.getState().announce(message, tone)
}
