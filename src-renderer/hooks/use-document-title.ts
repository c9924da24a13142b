import { useEffect } from 'react'
import { useT } from '../i18n'

/**
 * The window title names the screen (already in the console's language): it shows in the task
 * switcher and is read on focus. No title: the console's name alone.
 */
export function useDocumentTitle(title: string): void {
  const t = useT()
  useEffect(() => {
    document.title = title ? t.t('start.documentTitle.screen', { screen: title }) : t.t('start.documentTitle.app')
  }, [title, t])
}
