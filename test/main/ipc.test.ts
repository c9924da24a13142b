// The IPC boundary: only the console's own top-level page may call the main process, every
// argument list is checked against the contract before a handler runs, and the preload exposes
// exactly the contract's methods (plus menu commands) — never ipcRenderer, never the IPC event.
import type { IpcMainInvokeEvent } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { dispatch, isTrustedSender, registerIpc, type ConsoleHandlers } from '../../src-main/ipc'
import {
  channelOf,
  CONSOLE_METHODS,
  MENU_COMMAND_CHANNEL,
  type ConsoleApi,
  type ConsoleMethod,
  type MenuCommand,
} from '../../src-shared/ipc'
import { fake, fakeFrame, FakeWebContents, ipcMain, type FakeFrame } from './fake-electron'
import { translator } from '../../src-shared/i18n/translator'

const USER_ID = '0b7f3c52-8f0e-4a57-9d2b-2f1f7a0d6c11'

/** Handlers that only record what reached them. */
function recordingHandlers() {
  const calls: { method: ConsoleMethod; args: unknown[] }[] = []
  const handlers = Object.fromEntries(
    CONSOLE_METHODS.map((method) => [
      method,
      (...args: unknown[]) => {
        calls.push({ method, args })
        return Promise.resolve({ ok: true, value: `${method} ran` })
      },
    ]),
  ) as unknown as ConsoleHandlers
  return { calls, handlers }
}

function eventFrom(frame: FakeFrame | null | undefined): IpcMainInvokeEvent {
  return { senderFrame: frame } as unknown as IpcMainInvokeEvent
}

beforeEach(() => {
  fake.reset()
})

describe('isTrustedSender', () => {
  const ourWindow = new FakeWebContents('app://console/index.html')
  const otherWindow = new FakeWebContents('app://console/index.html')
  // The same test main.ts makes: the frame is the main frame of one of our windows.
  const isOurWindow = (frame: { processId: number; routingId: number }) =>
    frame.processId === ourWindow.mainFrame.processId && frame.routingId === ourWindow.mainFrame.routingId

  it("accepts the console page in our window's top-level frame", () => {
    expect(isTrustedSender(eventFrom(ourWindow.mainFrame), isOurWindow)).toBe(true)
  })

  it('refuses a subframe, even one showing the console', () => {
    const subframe = fakeFrame('app://console/index.html', ourWindow.mainFrame.processId, ourWindow.mainFrame)
    expect(isTrustedSender(eventFrom(subframe), () => true)).toBe(false)
  })

  it.each([
    'file:///opt/TextUp/index.html',
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'app://evil/index.html',
    'app://console.evil/',
    'about:blank',
    'devtools://devtools/',
    '',
  ])('refuses our window when it shows %s', (url) => {
    const frame = { ...ourWindow.mainFrame, url }
    expect(isTrustedSender(eventFrom(frame), isOurWindow)).toBe(false)
  })

  it('refuses the console page in another window', () => {
    expect(isTrustedSender(eventFrom(otherWindow.mainFrame), isOurWindow)).toBe(false)
  })

  it('refuses a call without a frame (the frame was destroyed or navigated away)', () => {
    expect(isTrustedSender(eventFrom(null), () => true)).toBe(false)
    expect(isTrustedSender(eventFrom(undefined), () => true)).toBe(false)
  })
})

describe('registerIpc', () => {
  const page = fakeFrame('app://console/index.html', 7)
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event, (frame) => frame.routingId === page.routingId)

  function wired() {
    const recorded = recordingHandlers()
    registerIpc(ipcMain, recorded.handlers, trusted, () => translator('en'))
    return recorded
  }

  it('registers one handler per method of the contract, on its channel', () => {
    wired()
    expect([...fake.state.ipcHandlers.keys()].sort()).toEqual(CONSOLE_METHODS.map(channelOf).sort())
  })

  it('refuses an untrusted sender before any handler runs', async () => {
    const { calls } = wired()
    const intruder = fakeFrame('https://evil.example/', 8)
    for (const method of CONSOLE_METHODS) {
      await expect(fake.invoke(channelOf(method), eventFrom(intruder))).rejects.toThrow('This caller may not use the console API.')
    }
    const subframe = fakeFrame('app://console/index.html', 7, page)
    await expect(fake.invoke(channelOf('getUser'), eventFrom(subframe), USER_ID)).rejects.toThrow('may not use')
    await expect(fake.invoke(channelOf('signOut'), eventFrom(null))).rejects.toThrow('may not use')
    expect(calls).toEqual([])
  })

  it('answers wrong arguments with field errors, without running the handler', async () => {
    const { calls } = wired()
    const invoke = (method: ConsoleMethod, ...args: unknown[]) => fake.invoke(channelOf(method), eventFrom(page), ...args)

    const signIn = await invoke('signIn', { serverUrl: 42, username: 'eric', password: 'pw', keepSignedIn: 'yes', token: 'planted' })
    expect(signIn).toMatchObject({ ok: false, error: { kind: 'invalid', title: 'Some fields need attention.' } })
    const errors = (signIn as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors
    expect(errors.serverUrl).toEqual(['Server address must be text.'])
    expect(errors.keepSignedIn).toHaveLength(1)
    expect(errors._arguments?.join(' ')).toContain('token')

    expect(await invoke('getUser', 'not-a-uuid')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { _arguments: ['That is not a user id.'] } },
    })
    expect(await invoke('getUser', USER_ID, 'extra')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('getUser')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('signOut', 'now')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('searchUsers', { q: 5 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { q: [expect.any(String)] } },
    })
    expect(await invoke('searchUsers', { q: 'a'.repeat(101) })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { q: [expect.any(String)] } },
    })
    expect(await invoke('updateUser', USER_ID, { role: 'owner' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { role: [expect.any(String)] } },
    })
    expect(await invoke('updateUser', USER_ID, {})).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('setUserPassword', USER_ID, { adminPassword: '', newPassword: 'x', newPasswordConfirmation: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { adminPassword: ['Enter your own password to confirm it is you.'] } },
    })
    expect(
      await invoke('createUser', {
        username: 'ann',
        displayName: 'Ann',
        email: 'ann@example.org',
        role: 'admin',
        sendInvitation: true,
        isAdmin: true,
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    })
    expect(await invoke('createFirstAdmin', { username: 'eric' })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('openUserMoreMenu', '../../etc/passwd')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('listUserEvents', USER_ID, 12)).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await invoke('removeSecondFactor', USER_ID, { adminPassword: '' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { adminPassword: ['Enter your own password to confirm it is you.'] } },
    })
    expect(await invoke('removeSecondFactor', 'not-a-uuid', { adminPassword: 'mine' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    })
    expect(await invoke('removeSecondFactor', USER_ID, { adminPassword: 'mine', userPassword: 'theirs' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    })

    // The two methods that do not answer with an Outcome throw instead.
    await expect(invoke('getStartup', 'x')).rejects.toThrow('Invalid arguments for getStartup')
    await expect(invoke('assessPassword', 123, {})).rejects.toThrow('Invalid arguments for assessPassword')
    await expect(invoke('assessPassword', 'pw', { username: 'eric', extra: 1 })).rejects.toThrow('Invalid arguments for assessPassword')
    expect(calls).toEqual([])
  })

  it('passes good arguments to the handler as the schema parsed them', async () => {
    const { calls } = wired()
    const invoke = (method: ConsoleMethod, ...args: unknown[]) => fake.invoke(channelOf(method), eventFrom(page), ...args)
    expect(
      await invoke('signIn', { serverUrl: '  https://accounts.example.org ', username: ' eric ', password: ' pw ', keepSignedIn: true }),
    ).toEqual({
      ok: true,
      value: 'signIn ran',
    })
    await invoke('setUserPassword', USER_ID, {
      adminPassword: 'mine',
      newPassword: 'lantern meadow copper finch',
      newPasswordConfirmation: 'lantern meadow copper finch',
    })
    await invoke('listUserEvents', USER_ID)
    await invoke('removeSecondFactor', USER_ID, { adminPassword: ' mine ' })
    await invoke('getStartup')
    await invoke('assessPassword', 'lantern meadow', { username: 'michelle' })
    expect(calls).toEqual([
      // Trimmed where the contract trims; a password is taken as typed.
      { method: 'signIn', args: [{ serverUrl: 'https://accounts.example.org', username: 'eric', password: ' pw ', keepSignedIn: true }] },
      // Defaults filled in.
      {
        method: 'setUserPassword',
        args: [
          USER_ID,
          {
            adminPassword: 'mine',
            newPassword: 'lantern meadow copper finch',
            newPasswordConfirmation: 'lantern meadow copper finch',
            requireChangeAtNextSignIn: false,
          },
        ],
      },
      { method: 'listUserEvents', args: [USER_ID] },
      // The admin's password as typed, spaces and all.
      { method: 'removeSecondFactor', args: [USER_ID, { adminPassword: ' mine ' }] },
      { method: 'getStartup', args: [] },
      { method: 'assessPassword', args: ['lantern meadow', { username: 'michelle' }] },
    ])
  })

  it("setLanguage takes only a language the console speaks, or null for the system's", async () => {
    const { calls } = wired()
    const invoke = (...args: unknown[]) => fake.invoke(channelOf('setLanguage'), eventFrom(page), ...args)
    for (const wrong of [['fr'], ['DE'], ['de-DE'], [42], [{ locale: 'de' }], [''], [], ['de', 'extra'], [undefined]]) {
      expect(await invoke(...wrong), JSON.stringify(wrong)).toMatchObject({
        ok: false,
        error: { kind: 'invalid', title: 'Some fields need attention.', fieldErrors: { _arguments: [expect.any(String)] } },
      })
    }
    expect(await invoke('fr')).toMatchObject({ error: { fieldErrors: { _arguments: ['The console does not speak that language.'] } } })
    expect(calls).toEqual([])
    expect(await invoke('de')).toEqual({ ok: true, value: 'setLanguage ran' })
    expect(await invoke(null)).toEqual({ ok: true, value: 'setLanguage ran' })
    expect(await invoke('en-XA')).toEqual({ ok: true, value: 'setLanguage ran' })
    expect(calls).toEqual([
      { method: 'setLanguage', args: ['de'] },
      { method: 'setLanguage', args: [null] },
      { method: 'setLanguage', args: ['en-XA'] },
    ])
    // getLanguage answers no Outcome: wrong arguments throw, as for getStartup.
    await expect(fake.invoke(channelOf('getLanguage'), eventFrom(page), 'de')).rejects.toThrow('Invalid arguments for getLanguage')
  })

  it('says what is wrong with the arguments in the console language', async () => {
    const { handlers } = recordingHandlers()
    const de = translator('de')
    expect(await dispatch(handlers, 'getUser', ['nope'], de)).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        title: 'Bitte prüfen Sie die markierten Felder.',
        fieldErrors: { _arguments: ['Das ist keine Benutzerkennung.'] },
      },
    })
    expect(await dispatch(handlers, 'setLanguage', ['fr'], de)).toMatchObject({
      error: { fieldErrors: { _arguments: ['Diese Sprache spricht die Konsole nicht.'] } },
    })
    const signIn = await dispatch(handlers, 'signIn', [{ serverUrl: '', username: '', password: '', keepSignedIn: true, token: 'x' }], de)
    expect(signIn).toMatchObject({
      error: {
        fieldErrors: {
          serverUrl: ['Geben Sie die Serveradresse ein, etwa https://accounts.example.org.'],
          username: ['Geben Sie Ihren Benutzernamen ein.'],
          _arguments: [expect.stringContaining('token')],
        },
      },
    })
  })

  it('dispatch (the path the browser test harness uses) validates the same way', async () => {
    const { calls, handlers } = recordingHandlers()
    expect(await dispatch(handlers, 'getUser', ['nope'], translator('en'))).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(await dispatch(handlers, 'getUser', [USER_ID], translator('en'))).toEqual({ ok: true, value: 'getUser ran' })
    expect(calls).toEqual([{ method: 'getUser', args: [USER_ID] }])
  })
})

describe('the preload', () => {
  /** A fresh fake Electron and the preload run against it, as when a window loads. */
  async function loadPreload() {
    vi.resetModules()
    const electron = await import('./fake-electron')
    await import('../../src-main/preload')
    const api = electron.fake.state.exposed.get('textup') as ConsoleApi
    return { electron, api }
  }

  it('exposes window.textup with exactly the methods of the contract and onMenuCommand', async () => {
    const { electron, api } = await loadPreload()
    expect([...electron.fake.state.exposed.keys()]).toEqual(['textup'])
    expect(Object.keys(api).sort()).toEqual([...CONSOLE_METHODS, 'onMenuCommand'].sort())
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function')
    // Nothing of ipcRenderer leaks, under any name.
    expect(Object.values(api)).not.toContain(electron.ipcRenderer)
    for (const name of ['invoke', 'send', 'sendSync', 'on', 'once', 'removeListener', 'ipcRenderer', 'postMessage'])
      expect(api).not.toHaveProperty(name)
  })

  it('sends each call over its channel to the main process, where the checks apply', async () => {
    const { electron, api } = await loadPreload()
    const { calls, handlers } = recordingHandlers()
    const page = electron.fake.state.rendererFrame
    registerIpc(
      electron.ipcMain,
      handlers,
      (event) => isTrustedSender(event, (frame) => frame.routingId === page?.routingId),
      () => translator('en'),
    )
    expect(await api.getUser(USER_ID)).toEqual({ ok: true, value: 'getUser ran' })
    expect(await api.getUser('nope')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(calls).toEqual([{ method: 'getUser', args: [USER_ID] }])
    // The same preload in a frame that is not the console's top-level page gets nowhere.
    electron.fake.state.rendererFrame = fakeFrame('app://console/index.html', 1, page)
    await expect(api.signOut()).rejects.toThrow("Error invoking remote method 'textup:signOut'")
    expect(calls).toHaveLength(1)
  })

  it('gives menu-command listeners the command only, never the IPC event, and lets them unsubscribe', async () => {
    const { electron, api } = await loadPreload()
    const received: unknown[][] = []
    const unsubscribe = api.onMenuCommand((...args: unknown[]) => received.push(args))
    electron.fake.sendToRenderer(MENU_COMMAND_CHANNEL, 'find')
    electron.fake.sendToRenderer(MENU_COMMAND_CHANNEL, 'new-user' satisfies MenuCommand)
    // Anything that is not a known command is dropped.
    electron.fake.sendToRenderer(MENU_COMMAND_CHANNEL, 'rm -rf /')
    electron.fake.sendToRenderer(MENU_COMMAND_CHANNEL, { command: 'find' })
    electron.fake.sendToRenderer('textup:other-channel', 'find')
    expect(received).toEqual([['find'], ['new-user']])
    unsubscribe()
    electron.fake.sendToRenderer(MENU_COMMAND_CHANNEL, 'sign-out')
    expect(received).toHaveLength(2)
    expect(electron.ipcRenderer.listenerCount(MENU_COMMAND_CHANNEL)).toBe(0)
  })
})
