// The sign-in screen's "Forgot password?" and "Open web sign-in page": the renderer names only the
// page and passes the server address typed in the form; the main process checks that address as
// sign-in does and hands shell.openExternal nothing but that server's own page. Through the IPC
// dispatcher (the argument schema) and the real native UI, over the fake electron's shell.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PreferencesFile } from '../../src-main/credentials'
import type { ServerPolicy } from '../../src-main/console-deps'
import { createConsoleHandlers } from '../../src-main/handlers'
import { dispatch } from '../../src-main/ipc'
import { ConsoleLanguage } from '../../src-main/language'
import { electronNativeUi } from '../../src-main/native-ui'
import { translator } from '../../src-shared/i18n/translator'
import { fake } from './fake-electron'

const en = translator('en')
const FREE: ServerPolicy = { serverUrl: undefined, serverLocked: false }
const LOCKED: ServerPolicy = { serverUrl: 'https://accounts.example.org', serverLocked: true }

let dir: string
beforeEach(async () => {
  fake.reset()
  fake.makeReady()
  dir = await mkdtemp(path.join(tmpdir(), 'textup-server-pages-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function consoleWith(policy: ServerPolicy) {
  const preferences = new PreferencesFile(dir)
  const handlers = createConsoleHandlers({
    ui: electronNativeUi(() => undefined),
    tokens: { unavailable: 'no keychain in this test' },
    preferences,
    language: new ConsoleLanguage(() => ['en-US'], preferences),
    policy,
    embedded: null,
    notices: [],
    platform: 'linux',
  })
  /** As the renderer calls it: the arguments go through the method's schema first. */
  return (...args: unknown[]) => dispatch(handlers, 'openServerPage', args, en)
}

const opened = () => fake.state.openedExternally

describe('openServerPage', () => {
  it("opens exactly the typed server's forgot-password page, or its web sign-in page", async () => {
    const open = consoleWith(FREE)
    expect(await open({ page: 'forgot-password', serverUrl: ' https://accounts.example.org ' })).toEqual({ ok: true, value: null })
    expect(await open({ page: 'forgot-password', serverUrl: 'accounts.example.org:8443' })).toEqual({ ok: true, value: null })
    expect(await open({ page: 'sign-in', serverUrl: 'https://accounts.example.org/' })).toEqual({ ok: true, value: null })
    expect(await open({ page: 'forgot-password', serverUrl: 'http://localhost:8080' })).toEqual({ ok: true, value: null })
    expect(opened()).toEqual([
      'https://accounts.example.org/forgot-password',
      'https://accounts.example.org:8443/forgot-password',
      'https://accounts.example.org/login',
      'http://localhost:8080/forgot-password',
    ])
  })

  it('without a server address, says to type one first and opens nothing', async () => {
    const open = consoleWith(FREE)
    for (const serverUrl of ['', '   ']) {
      expect(await open({ page: 'forgot-password', serverUrl })).toEqual({
        ok: false,
        error: {
          kind: 'invalid',
          title: 'Type the server address first.',
          fieldErrors: { serverUrl: ['Type the server address first.'] },
        },
      })
    }
    expect(opened()).toEqual([])
  })

  it('opens nothing for a hostile or odd address: another scheme, credentials, a path, plain http elsewhere', async () => {
    const open = consoleWith(FREE)
    const PATH = 'Give only the server address (such as https://accounts.example.org), without a path.'
    const refusals: Record<string, string> = {
      'javascript:alert(document.cookie)': 'That is not a server address. Use one like https://accounts.example.org.',
      'javascript://accounts.example.org/%0Aalert(1)': 'The server address must start with https://.',
      'file:///etc/passwd': 'The server address must start with https://.',
      'data:text/html,<script>alert(1)</script>': 'That is not a server address. Use one like https://accounts.example.org.',
      'smb://files.example.org/share': 'The server address must start with https://.',
      'https://eric:secret@accounts.example.org': PATH,
      'https://accounts.example.org@evil.example.org': PATH,
      'https://evil.example.org/forgot-password': PATH,
      'https://accounts.example.org\\@evil.example.org': PATH,
      'https://accounts.example.org/?next=https://evil.example.org': PATH,
      'https://accounts.example.org#login': PATH,
      'http://accounts.example.org': 'Use https:// for a server on another computer: passwords must not travel unencrypted.',
      'https://exa mple.org': 'That is not a server address. Use one like https://accounts.example.org.',
    }
    for (const [serverUrl, title] of Object.entries(refusals)) {
      expect(await open({ page: 'forgot-password', serverUrl }), serverUrl).toEqual({
        ok: false,
        error: { kind: 'invalid', title, fieldErrors: { serverUrl: [title] } },
      })
    }
    expect(opened()).toEqual([])
  })

  it('where IT locked the server, opens only that server, never a different origin', async () => {
    const open = consoleWith(LOCKED)
    for (const serverUrl of ['https://evil.example.org', 'https://accounts.example.org:444', 'http://localhost:3000']) {
      expect(await open({ page: 'forgot-password', serverUrl }), serverUrl).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', title: 'Your organisation set this console to use https://accounts.example.org.' },
      })
    }
    expect(opened()).toEqual([])
    expect(await open({ page: 'forgot-password', serverUrl: 'https://accounts.example.org' })).toEqual({ ok: true, value: null })
    expect(opened()).toEqual(['https://accounts.example.org/forgot-password'])
  })

  it('with an invalid machine configuration (locked, no server), opens nothing', async () => {
    const open = consoleWith({ serverUrl: undefined, serverLocked: true })
    expect(await open({ page: 'forgot-password', serverUrl: 'https://accounts.example.org' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', title: "This console's machine configuration is invalid, so it signs in nowhere." },
    })
    expect(opened()).toEqual([])
  })

  it('takes a page name, never an address: anything else is refused by the schema', async () => {
    const open = consoleWith(FREE)
    const odd = [
      { page: 'https://evil.example.org', serverUrl: 'https://accounts.example.org' },
      { page: '../admin', serverUrl: 'https://accounts.example.org' },
      { page: 'forgot-password', serverUrl: 'https://accounts.example.org', url: 'https://evil.example.org' },
      { page: 'forgot-password', serverUrl: 42 },
      { page: 'forgot-password' },
    ]
    for (const request of odd) {
      expect(await open(request), JSON.stringify(request)).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    }
    expect(await open({ page: 'forgot-password', serverUrl: 'https://accounts.example.org' }, 'extra')).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    })
    expect(opened()).toEqual([])
  })
})
