// The application menu's commands (Find, New user, Sign out) and their keyboard shortcuts.
import { useEffect } from 'react'
import { runMenuCommand } from '../actions'
import { consoleClient } from '../lib/console-client'
import { useSession } from '../stores/session'

/**
 * Listens for menu commands from the main process, and for Ctrl/Cmd+F in the page itself (the
 * menu's accelerator may not exist, as in the browser test harness; doing it twice is harmless).
 */
export function useMenuCommands(): void {
  useEffect(() => {
    const unsubscribe = consoleClient.onMenuCommand(runMenuCommand)
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
        if (useSession.getState().phase !== 'signed-in') return
        event.preventDefault()
        runMenuCommand('find')
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      unsubscribe()
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [])
}
