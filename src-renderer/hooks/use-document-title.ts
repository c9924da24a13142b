import { useEffect } from 'react'

/** The window title names the screen: it shows in the task switcher and is read on focus. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — TextUp Admin` : 'TextUp Admin'
  }, [title])
}
