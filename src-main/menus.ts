// The application menu (standard roles and shortcuts, Ctrl/Cmd+F to search) and the items of a
// user's "More" menu, in the console's language. Electron labels its standard roles in English
// only, so every item here, roles included, carries its label from the catalogue; the roles still
// give each item its action, its shortcut and (on macOS) its place in the system's menus.
import type { MenuItemConstructorOptions } from 'electron'
import type { Translator } from '../src-shared/i18n/translator'
import type { SecondFactorStatusResponse, UserView } from '../src-shared/api'
import type { MenuCommand } from '../src-shared/ipc'
import type { NativeMenuItem } from './native-ui'

type Item = MenuItemConstructorOptions
const separator: Item = { type: 'separator' }

export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  options: { developerTools: boolean; send: (command: MenuCommand) => void; t: Translator },
): Item[] {
  const mac = platform === 'darwin'
  const { t } = options
  const app = t.t('native.app.name')
  return [
    ...(mac
      ? [
          {
            role: 'appMenu' as const,
            label: app,
            submenu: [
              { role: 'about' as const, label: t.t('native.menu.about', { app }) },
              separator,
              { role: 'services' as const, label: t.t('native.menu.services') },
              separator,
              { role: 'hide' as const, label: t.t('native.menu.hide', { app }) },
              { role: 'hideOthers' as const, label: t.t('native.menu.hideOthers') },
              { role: 'unhide' as const, label: t.t('native.menu.showAll') },
              separator,
              { role: 'quit' as const, label: t.t('native.menu.quitApp', { app }) },
            ],
          },
        ]
      : []),
    {
      label: t.t('native.menu.file'),
      submenu: [
        { label: t.t('native.menu.newUser'), accelerator: 'CmdOrCtrl+N', click: () => options.send('new-user') },
        separator,
        { label: t.t('native.menu.signOut'), click: () => options.send('sign-out') },
        separator,
        mac ? { role: 'close', label: t.t('native.menu.closeWindow') } : { role: 'quit', label: t.t('native.menu.quit') },
      ],
    },
    { role: 'editMenu', label: t.t('native.menu.edit'), submenu: editItems(mac, t) },
    {
      label: t.t('native.menu.view'),
      submenu: [
        { label: t.t('native.menu.findUser'), accelerator: 'CmdOrCtrl+F', click: () => options.send('find') },
        separator,
        { role: 'resetZoom', label: t.t('native.menu.actualSize') },
        { role: 'zoomIn', label: t.t('native.menu.zoomIn') },
        { role: 'zoomOut', label: t.t('native.menu.zoomOut') },
        separator,
        { role: 'togglefullscreen', label: t.t('native.menu.fullScreen') },
        ...(options.developerTools ? [separator, { role: 'toggleDevTools' as const, label: t.t('native.menu.developerTools') }] : []),
      ],
    },
    {
      role: 'windowMenu',
      label: t.t('native.menu.window'),
      submenu: mac
        ? [
            { role: 'minimize', label: t.t('native.menu.minimize') },
            { role: 'zoom', label: t.t('native.menu.zoom') },
            separator,
            { role: 'front', label: t.t('native.menu.bringAllToFront') },
          ]
        : [
            { role: 'minimize', label: t.t('native.menu.minimize') },
            { role: 'close', label: t.t('native.menu.close') },
          ],
    },
    { role: 'help', label: t.t('native.menu.help'), submenu: [{ role: 'about', label: t.t('native.menu.about', { app }) }] },
  ]
}

/** Electron's own Edit menu (its editMenu role), item for item, labelled in the console's language. */
function editItems(mac: boolean, t: Translator): Item[] {
  return [
    { role: 'undo', label: t.t('native.menu.undo') },
    { role: 'redo', label: t.t('native.menu.redo') },
    separator,
    { role: 'cut', label: t.t('native.menu.cut') },
    { role: 'copy', label: t.t('native.menu.copy') },
    { role: 'paste', label: t.t('native.menu.paste') },
    ...(mac
      ? [
          { role: 'pasteAndMatchStyle' as const, label: t.t('native.menu.pasteAndMatchStyle') },
          { role: 'delete' as const, label: t.t('native.menu.delete') },
          { role: 'selectAll' as const, label: t.t('native.menu.selectAll') },
          separator,
          {
            label: t.t('native.menu.speech'),
            submenu: [
              { role: 'startSpeaking' as const, label: t.t('native.menu.startSpeaking') },
              { role: 'stopSpeaking' as const, label: t.t('native.menu.stopSpeaking') },
            ],
          },
        ]
      : [
          { role: 'delete' as const, label: t.t('native.menu.delete') },
          separator,
          { role: 'selectAll' as const, label: t.t('native.menu.selectAll') },
        ]),
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
export function moreMenuItems({ user, factors, self }: MoreMenuSubject, t: Translator): NativeMenuItem<MoreAction>[] {
  const hasSecondFactor = factors.authenticator || factors.passkeys > 0 || factors.recoveryCodesLeft > 0
  return [
    user.hasPassword
      ? { id: 'send-reset', label: t.t('native.more.sendReset'), enabled: user.active }
      : { id: 'send-invitation', label: t.t('native.more.sendInvitation'), enabled: user.active },
    { id: 'revoke-sessions', label: t.t('native.more.revokeSessions') },
    ...(hasSecondFactor && !self ? [{ id: 'remove-second-factor' as const, label: t.t('native.more.removeSecondFactor') }] : []),
    { separator: true },
    user.active ? { id: 'deactivate', label: t.t('native.more.deactivate') } : { id: 'activate', label: t.t('native.more.activate') },
  ]
}
