// The application menu (standard roles and shortcuts on each platform, the console's own commands)
// and a user's "More" menu, built through the fake Electron Menu so a malformed template fails as
// it would in Electron.
import { beforeEach, describe, expect, it } from 'vitest'
import { applicationMenuTemplate, moreMenuItems } from '../../src-main/menus'
import type { UserView } from '../../src-shared/api'
import type { Locale } from '../../src-shared/i18n/locales'
import { translator } from '../../src-shared/i18n/translator'
import type { MenuCommand } from '../../src-shared/ipc'
import { fake, Menu, type MenuItem } from './fake-electron'

beforeEach(() => {
  fake.reset()
})

function build(platform: NodeJS.Platform, developerTools: boolean, locale: Locale = 'en') {
  const sent: MenuCommand[] = []
  const t = translator(locale)
  const menu = Menu.buildFromTemplate(applicationMenuTemplate(platform, { developerTools, send: (command) => sent.push(command), t }))
  return { menu, sent }
}

function click(item: MenuItem): void {
  item.click?.(item as never, undefined, {})
}

/** Every role anywhere in the menu. */
function roles(menu: Menu | undefined): string[] {
  return (menu?.items ?? []).flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu)])
}

const topLevel = (menu: Menu) => menu.items.map((item) => item.role ?? item.label.replace('&', ''))

describe('the application menu', () => {
  it.each(['win32', 'linux'] as const)('on %s: File, Edit, View, Window and Help with the standard roles', (platform) => {
    const { menu } = build(platform, false)
    expect(topLevel(menu)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help'])
    // Alt+F, Alt+V open the menus on Windows and Linux.
    expect(menu.items[0]?.label).toBe('&File')
    expect(roles(menu)).toEqual(
      expect.arrayContaining(['editMenu', 'windowMenu', 'about', 'quit', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
    )
    expect(roles(menu)).not.toContain('appMenu')
    // Quit is in File; Close (the window) in Window, as Electron's own Window menu has it.
    expect(roles(fake.menuItem(menu, 'File').submenu)).toEqual(['quit'])
    expect(roles(fake.menuItem(menu, 'windowMenu').submenu)).toEqual(['minimize', 'close'])
  })

  it('on macOS: the app menu first, and Close Window in File (Quit lives in the app menu)', () => {
    const { menu } = build('darwin', false)
    expect(topLevel(menu)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help'])
    expect(roles(menu)).toEqual(expect.arrayContaining(['appMenu', 'editMenu', 'windowMenu', 'close', 'about']))
    expect(roles(fake.menuItem(menu, 'File').submenu)).toEqual(['close'])
    expect(roles(fake.menuItem(menu, 'appMenu').submenu)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(fake.menuItem(menu, 'appMenu', 'quit').label).toBe('Quit TextUp Console')
  })

  it.each(['darwin', 'win32', 'linux'] as const)("on %s: Electron's own Edit menu, item for item", (platform) => {
    const { menu } = build(platform, false)
    const labels = fake.menuItem(menu, 'editMenu').submenu?.items.map((item) => item.label || item.type)
    expect(labels).toEqual(
      platform === 'darwin'
        ? ['Undo', 'Redo', 'separator', 'Cut', 'Copy', 'Paste', 'Paste and Match Style', 'Delete', 'Select All', 'separator', 'Speech']
        : ['Undo', 'Redo', 'separator', 'Cut', 'Copy', 'Paste', 'Delete', 'separator', 'Select All'],
    )
  })

  it.each(['darwin', 'win32', 'linux'] as const)(
    'on %s: Find User… (CmdOrCtrl+F), New User… (CmdOrCtrl+N) and Sign Out send their commands',
    (platform) => {
      const { menu, sent } = build(platform, false)
      const find = fake.menuItem(menu, 'View', 'Find User…')
      const newUser = fake.menuItem(menu, 'File', 'New User…')
      const signOut = fake.menuItem(menu, 'File', 'Sign Out')
      expect(find.accelerator).toBe('CmdOrCtrl+F')
      expect(newUser.accelerator).toBe('CmdOrCtrl+N')
      click(find)
      click(newUser)
      click(signOut)
      expect(sent).toEqual(['find', 'new-user', 'sign-out'])
    },
  )

  it('no shortcut is given twice', () => {
    const { menu } = build('linux', true)
    const all = (m: Menu | undefined): string[] =>
      (m?.items ?? []).flatMap((item) => [...(item.accelerator ? [item.accelerator] : []), ...all(item.submenu)])
    const accelerators = all(menu)
    expect(new Set(accelerators).size).toBe(accelerators.length)
  })

  it('offers Toggle Developer Tools only when developer tools are on', () => {
    expect(roles(build('linux', false).menu)).not.toContain('toggleDevTools')
    expect(roles(build('darwin', false).menu)).not.toContain('toggleDevTools')
    expect(roles(build('linux', true).menu)).toContain('toggleDevTools')
  })
})

describe("a user's More menu", () => {
  const en = translator('en')
  const user = (active: boolean): UserView => ({
    id: '0b7f3c52-8f0e-4a57-9d2b-2f1f7a0d6c11',
    username: 'michelle',
    displayName: 'Michelle Obi',
    email: 'michelle@example.org',
    role: 'user',
    active,
    preferredLanguage: 'en',
    hasPassword: true,
    mustChangePassword: false,
    lastSignInAt: null,
    passwordChangedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  })

  const none = { authenticator: false, passkeys: 0, recoveryCodesLeft: 0 }

  it('for an active user: send a reset email, sign out everywhere, deactivate', () => {
    expect(moreMenuItems({ user: user(true), factors: none, self: false }, en)).toEqual([
      { id: 'send-reset', label: 'Send password reset email…', enabled: true },
      { id: 'revoke-sessions', label: 'Sign out of all sessions…' },
      { separator: true },
      { id: 'deactivate', label: 'Deactivate account…' },
    ])
  })

  it('for a deactivated user: no reset email (it would not be sent), and Activate account', () => {
    expect(moreMenuItems({ user: user(false), factors: none, self: false }, en)).toEqual([
      { id: 'send-reset', label: 'Send password reset email…', enabled: false },
      { id: 'revoke-sessions', label: 'Sign out of all sessions…' },
      { separator: true },
      { id: 'activate', label: 'Activate account' },
    ])
  })

  it.each([
    ['an authenticator app', { ...none, authenticator: true, recoveryCodesLeft: 10 }],
    ['a passkey alone', { ...none, passkeys: 1 }],
    ['unused recovery codes only', { ...none, recoveryCodesLeft: 3 }],
  ])('"Remove second factor…" for someone with %s, and never for the signed-in admin', (_, factors) => {
    const removal = { id: 'remove-second-factor', label: 'Remove second factor…' }
    expect(moreMenuItems({ user: user(true), factors, self: false }, en)).toEqual([
      { id: 'send-reset', label: 'Send password reset email…', enabled: true },
      { id: 'revoke-sessions', label: 'Sign out of all sessions…' },
      removal,
      { separator: true },
      { id: 'deactivate', label: 'Deactivate account…' },
    ])
    expect(moreMenuItems({ user: user(false), factors, self: false }, en)).toContainEqual(removal)
    expect(moreMenuItems({ user: user(true), factors, self: true }, en)).not.toContainEqual(removal)
  })
})
