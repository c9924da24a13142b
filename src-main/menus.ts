// The application menu (standard roles and shortcuts, Ctrl/Cmd+F to search) and the items of a
// user's "More" menu.
import type { MenuItemConstructorOptions } from 'electron'
import type { SecondFactorStatusResponse, UserView } from '../src-shared/api'
import type { MenuCommand } from '../src-shared/ipc'
import type { NativeMenuItem } from './native-ui'

export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  options: { developerTools: boolean; send: (command: MenuCommand) => void },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New User…', accelerator: 'CmdOrCtrl+N', click: () => options.send('new-user') },
        { type: 'separator' },
        { label: 'Sign Out', click: () => options.send('sign-out') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Find User…', accelerator: 'CmdOrCtrl+F', click: () => options.send('find') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.developerTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ]
}

export type MoreAction = 'send-reset' | 'send-invitation' | 'revoke-sessions' | 'remove-second-factor' | 'deactivate' | 'activate'

/** Whom the More menu is about: the user, their second factors, and whether it is the signed-in admin. */
export interface MoreMenuSubject {
  user: UserView
  factors: SecondFactorStatusResponse
  self: boolean
}

/**
 * The "More" menu of a user's details, as the seed describes it. Someone invited who has not chosen
 * a password yet gets their invitation again instead of a reset email. "Remove second factor…" (a
 * lost phone) is there only when there is one to remove (the server's own test), and never for the
 * signed-in admin: their own is changed on their account page, with a code, and removing it here
 * would end the very session doing it.
 */
export function moreMenuItems({ user, factors, self }: MoreMenuSubject): NativeMenuItem<MoreAction>[] {
  const hasSecondFactor = factors.authenticator || factors.passkeys > 0 || factors.recoveryCodesLeft > 0
  return [
    user.hasPassword
      ? { id: 'send-reset', label: 'Send password reset email…', enabled: user.active }
      : { id: 'send-invitation', label: 'Send invitation again…', enabled: user.active },
    { id: 'revoke-sessions', label: 'Sign out of all sessions…' },
    ...(hasSecondFactor && !self ? [{ id: 'remove-second-factor' as const, label: 'Remove second factor…' }] : []),
    { separator: true },
    user.active ? { id: 'deactivate', label: 'Deactivate account…' } : { id: 'activate', label: 'Activate account' },
  ]
}
