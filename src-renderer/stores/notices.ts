// Short messages after an action ("Password reset email sent to …"), shown as toasts and read out
// by screen readers. Successes fade after a while; errors stay until dismissed.
import { create } from 'zustand'
import type { Message } from '../../src-shared/i18n/translator'

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

/** Long enough to read a sentence twice; hovering or focusing a toast does not matter, it is also in the live region. */
const SUCCESS_VISIBLE_MS = 8000
const MAX_VISIBLE = 4

let nextId = 1

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  announce: (message, tone = 'success') => {
    const id = nextId++
    set((state) => ({ notices: [...state.notices, { id, tone, message }].slice(-MAX_VISIBLE) }))
    if (tone !== 'error') setTimeout(() => get().dismiss(id), SUCCESS_VISIBLE_MS)
  },
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  clear: () => set({ notices: [] }),
}))

export function announce(message: string | Message, tone: NoticeTone = 'success'): void {
  useNotices.getState().announce(message, tone)
}
