// The application menu's commands (Find, New user, Sign out) and their keyboard shortcuts.
import { useEffect } from 'react'
import type { MenuCommand } from '../../src-shared/ipc'
import { useNavigation } from '../stores/navigation'
import { useSession } from '../stores/session'

function run(command: MenuCommand): void {
  if (useSession.getState().phase !== 'signed-in') return
  const navigation = useNavigation.getState()
  switch (command) {
    case 'find':
      if (navigation.createUserOpen) return
      if (navigation.view.name === 'users') navigation.focus('search')
      else navigation.showUsers('search')
      return
    case 'new-user':
      navigation.openCreateUser()
      return
    case 'sign-out':
      void useSession.getState().signOut()
      return
  }
}

/**
 * Listens for menu commands from the main process, and for Ctrl/Cmd+F in the page itself (the
 * menu's accelerator may not exist, as in the browser test harness; doing it twice is harmless).
 */
export function useMenuCommands(): void {
  useEffect(() => {
    const unsubscribe = window.textup.onMenuCommand(run)
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
        if (useSession.getState().phase !== 'signed-in') return
        event.preventDefault()
        run('find')
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      unsubscribe()
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [])
}
