// The native menu and confirmation dialog the handlers use under Electron: what they ask Electron
// to show, and what the admin's choice comes back as.
import { beforeEach, describe, expect, it } from 'vitest'
import { electronNativeUi } from '../../src-main/native-ui'
import { BrowserWindow, fake } from './fake-electron'

beforeEach(() => {
  fake.reset()
  fake.makeReady()
})

type Action = 'send-reset' | 'revoke-sessions' | 'deactivate'
const ITEMS = [
  { id: 'send-reset' as const, label: 'Send password reset email…' },
  { id: 'revoke-sessions' as const, label: 'Sign out of all sessions…', enabled: false },
  { separator: true as const },
  { id: 'deactivate' as const, label: 'Deactivate account…' },
]

describe('popupMenu', () => {
  it('shows the items over the console window and resolves with the chosen one, even though the menu closes first', async () => {
    const window = new BrowserWindow({})
    const ui = electronNativeUi(() => window as never)
    fake.choosePopupItems('Deactivate account…')
    expect(await ui.popupMenu<Action>(ITEMS)).toBe('deactivate')
    const [popup] = fake.state.popups
    expect(popup?.options.window).toBe(window)
    expect(popup?.menu.items.map((item) => [item.type, item.label, item.enabled])).toEqual([
      ['normal', 'Send password reset email…', true],
      ['normal', 'Sign out of all sessions…', false],
      ['separator', '', true],
      ['normal', 'Deactivate account…', true],
    ])
  })

  it('resolves with null when the menu is dismissed', async () => {
    const ui = electronNativeUi(() => undefined)
    fake.choosePopupItems(null)
    expect(await ui.popupMenu<Action>(ITEMS)).toBeNull()
    expect(fake.state.popups[0]?.options.window).toBeUndefined()
  })

  it('a disabled item cannot be chosen', async () => {
    const ui = electronNativeUi(() => undefined)
    fake.choosePopupItems('Sign out of all sessions…')
    await expect(ui.popupMenu<Action>(ITEMS)).rejects.toThrow('disabled')
  })
})

describe('confirm', () => {
  const options = {
    title: 'Send password reset email',
    message: 'Send a password reset email to michelle@example.org?',
    detail: 'Details.',
    confirmLabel: 'Send Email',
    cancelLabel: 'Cancel',
  }

  it('asks with the confirm button first, attached to the window; true only for the confirm button', async () => {
    const window = new BrowserWindow({})
    const ui = electronNativeUi(() => window as never)
    fake.answerDialogs('Send Email', 'Cancel', 'escape')
    expect(await ui.confirm(options)).toBe(true)
    expect(await ui.confirm(options)).toBe(false)
    expect(await ui.confirm(options)).toBe(false)
    const [box] = fake.state.messageBoxes
    expect(box?.window).toBe(window)
    expect(box?.options).toMatchObject({
      type: 'question',
      title: options.title,
      message: options.message,
      detail: options.detail,
      buttons: ['Send Email', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
    })
  })

  it('makes Cancel the default for a destructive action, so Enter does not destroy', async () => {
    const ui = electronNativeUi(() => undefined)
    fake.answerDialogs('Deactivate')
    expect(await ui.confirm({ ...options, confirmLabel: 'Deactivate', destructive: true })).toBe(true)
    expect(fake.state.messageBoxes[0]).toMatchObject({
      window: undefined,
      options: { type: 'warning', buttons: ['Deactivate', 'Cancel'], defaultId: 1, cancelId: 1 },
    })
  })
})
