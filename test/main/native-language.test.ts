// The console's main process speaks the console's language: the application menu, a user's More
// menu and its confirmation dialogs in German, and in the pseudo-locale (en-XA) every label and
// every word of every dialog comes out bracketed ⟦…⟧ — a hard-coded English string would not. The
// language is the system's unless the admin chose one, and that choice is kept in preferences.json.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AdminApiClient } from '../../src-main/api-client'
import { PreferencesFile } from '../../src-main/credentials'
import { createConsoleHandlers } from '../../src-main/handlers'
import { ConsoleLanguage, systemLanguageTags } from '../../src-main/language'
import { loadMachineConfig } from '../../src-main/machine-config'
import { applicationMenuTemplate, moreMenuItems, type MoreAction, type MoreMenuSubject } from '../../src-main/menus'
import { runMoreAction } from '../../src-main/more-actions'
import { electronNativeUi, type ConfirmOptions, type NativeUi } from '../../src-main/native-ui'
import type { UserView } from '../../src-shared/api'
import type { Locale } from '../../src-shared/i18n/locales'
import { PSEUDO_END, PSEUDO_START } from '../../src-shared/i18n/pseudo'
import { translator } from '../../src-shared/i18n/translator'
import { app, BrowserWindow, fake, Menu, type MenuItem } from './fake-electron'

const PLATFORMS = ['darwin', 'win32', 'linux'] as const

function applicationMenu(platform: NodeJS.Platform, locale: Locale): Menu {
  const t = translator(locale)
  return Menu.buildFromTemplate(applicationMenuTemplate(platform, { developerTools: true, send: () => undefined, t }))
}

/** Every item of a menu and its submenus, separators left out. */
function allItems(menu: Menu | undefined): MenuItem[] {
  return (menu?.items ?? []).flatMap((item) => (item.type === 'separator' ? [] : [item, ...allItems(item.submenu)]))
}

const user = (fields: Partial<UserView> = {}): UserView => ({
  id: '0b7f3c52-8f0e-4a57-9d2b-2f1f7a0d6c11',
  username: 'michelle',
  displayName: 'Michelle Obi',
  email: 'michelle@example.org',
  role: 'user',
  active: true,
  preferredLanguage: 'en',
  hasPassword: true,
  mustChangePassword: false,
  lastSignInAt: null,
  passwordChangedAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...fields,
})

const withFactor = { authenticator: true, passkeys: 0, recoveryCodesLeft: 10 }

/** Every state the More menu can be in: with a password or invited, active or not. */
const SUBJECTS: MoreMenuSubject[] = [
  { user: user(), factors: withFactor, self: false },
  { user: user({ active: false }), factors: withFactor, self: false },
  { user: user({ hasPassword: false }), factors: withFactor, self: false },
]

/** Each dialog the More menu's actions ask, as the admin sees it; every one answered Cancel (so no API call is made). */
async function dialogsIn(locale: Locale): Promise<ConfirmOptions[]> {
  const shown: ConfirmOptions[] = []
  const ui: NativeUi = {
    popupMenu: () => Promise.resolve(null),
    confirm: (options) => {
      shown.push(options)
      return Promise.resolve(false)
    },
    openInBrowser: () => Promise.resolve(),
  }
  const actions: Array<[MoreAction, MoreMenuSubject]> = [
    ['send-reset', SUBJECTS[0]!],
    ['send-invitation', SUBJECTS[2]!],
    ['revoke-sessions', SUBJECTS[0]!],
    ['deactivate', SUBJECTS[0]!],
  ]
  const noCalls = {} as AdminApiClient
  for (const [action, subject] of actions) {
    expect(await runMoreAction(ui, noCalls, subject, action, translator(locale))).toEqual({ ok: true, value: { action: 'none' } })
  }
  return shown
}

const bracketed = (text: string) => text.startsWith(PSEUDO_START) && text.includes(PSEUDO_END)

describe('in the pseudo-locale, nothing is hard-coded', () => {
  it.each(PLATFORMS)('on %s: every label of every item of the application menu is bracketed', (platform) => {
    const items = allItems(applicationMenu(platform, 'en-XA'))
    expect(items.length).toBeGreaterThan(20)
    expect(items.filter((item) => !bracketed(item.label)).map((item) => item.role ?? item.label)).toEqual([])
  })

  it('every item of the More menu, in every state, is bracketed', () => {
    const t = translator('en-XA')
    const labels = SUBJECTS.flatMap((subject) => moreMenuItems(subject, t)).flatMap((item) => ('label' in item ? [item.label] : []))
    expect(labels).toHaveLength(12)
    expect(labels.filter((label) => !bracketed(label))).toEqual([])
  })

  it('every word of every confirmation dialog is bracketed: title, message, detail and both buttons', async () => {
    const dialogs = await dialogsIn('en-XA')
    expect(dialogs).toHaveLength(4)
    for (const dialog of dialogs) {
      for (const text of [dialog.title, dialog.message, dialog.detail, dialog.confirmLabel, dialog.cancelLabel])
        expect(bracketed(text), text).toBe(true)
      // The person's name and address are data, not text to translate.
      expect(`${dialog.message} ${dialog.detail}`).toMatch(/Michelle Obi|michelle@example\.org/)
    }
  })
})

describe('in German', () => {
  beforeEach(() => {
    fake.reset()
    fake.makeReady()
  })

  it.each(['win32', 'linux'] as const)('on %s: the application menu, with Alt-key mnemonics', (platform) => {
    const menu = applicationMenu(platform, 'de')
    expect(menu.items.map((item) => item.label)).toEqual(['&Datei', '&Bearbeiten', '&Ansicht', '&Fenster', '&Hilfe'])
    expect(fake.menuItem(menu, 'Datei', 'Neuer Benutzer…').accelerator).toBe('CmdOrCtrl+N')
    expect(fake.menuItem(menu, 'Datei', 'quit').label).toBe('Beenden')
    expect(fake.menuItem(menu, 'Ansicht', 'Benutzer suchen…').accelerator).toBe('CmdOrCtrl+F')
    expect(fake.menuItem(menu, 'editMenu').submenu?.items.map((item) => item.label || '—')).toEqual([
      'Rückgängig',
      'Wiederholen',
      '—',
      'Ausschneiden',
      'Kopieren',
      'Einfügen',
      'Löschen',
      '—',
      'Alles auswählen',
    ])
    expect(fake.menuItem(menu, 'help', 'about').label).toBe('Über TextUp-Konsole')
  })

  it('on macOS: the app menu too', () => {
    const menu = applicationMenu('darwin', 'de')
    expect(fake.menuItem(menu, 'appMenu').submenu?.items.map((item) => item.label || '—')).toEqual([
      'Über TextUp-Konsole',
      '—',
      'Dienste',
      '—',
      'TextUp-Konsole ausblenden',
      'Andere ausblenden',
      'Alle einblenden',
      '—',
      'TextUp-Konsole beenden',
    ])
    expect(fake.menuItem(menu, 'Datei', 'close').label).toBe('Fenster schließen')
  })

  it("a user's More menu", () => {
    const t = translator('de')
    const labels = (subject: MoreMenuSubject) => moreMenuItems(subject, t).map((item) => ('label' in item ? item.label : '—'))
    expect(labels(SUBJECTS[0]!)).toEqual([
      'E-Mail zum Zurücksetzen des Passworts senden…',
      'Von allen Sitzungen abmelden…',
      'Zweiten Faktor entfernen…',
      '—',
      'Konto deaktivieren…',
    ])
    expect(labels(SUBJECTS[1]!).at(-1)).toBe('Konto aktivieren')
    expect(labels(SUBJECTS[2]!)[0]).toBe('Einladung erneut senden…')
  })

  it('the confirmation dialogs, and the buttons Electron shows for them', async () => {
    const dialogs = await dialogsIn('de')
    expect(dialogs.map(({ title, message, confirmLabel, cancelLabel }) => ({ title, message, confirmLabel, cancelLabel }))).toEqual([
      {
        title: 'E-Mail zum Zurücksetzen des Passworts senden',
        message: 'Eine E-Mail zum Zurücksetzen des Passworts an michelle@example.org senden?',
        confirmLabel: 'E-Mail senden',
        cancelLabel: 'Abbrechen',
      },
      {
        title: 'Einladung erneut senden',
        message: 'Eine neue Einladung an michelle@example.org senden?',
        confirmLabel: 'Einladung senden',
        cancelLabel: 'Abbrechen',
      },
      {
        title: 'Von allen Sitzungen abmelden',
        message: 'Michelle Obi überall abmelden?',
        confirmLabel: 'Überall abmelden',
        cancelLabel: 'Abbrechen',
      },
      {
        title: 'Konto deaktivieren',
        message: 'Das Konto von Michelle Obi deaktivieren?',
        confirmLabel: 'Deaktivieren',
        cancelLabel: 'Abbrechen',
      },
    ])
    for (const dialog of dialogs) expect(dialog.detail).toContain('Michelle Obi (michelle)')
    expect(dialogs.map((dialog) => dialog.destructive ?? false)).toEqual([false, false, true, true])

    const window = new BrowserWindow({})
    fake.answerDialogs('Abbrechen', 'Überall abmelden')
    const ui = electronNativeUi(() => window as never)
    expect(await ui.confirm(dialogs[0]!)).toBe(false)
    expect(await ui.confirm(dialogs[2]!)).toBe(true)
    expect(fake.state.messageBoxes.map((box) => box.options.buttons)).toEqual([
      ['E-Mail senden', 'Abbrechen'],
      ['Überall abmelden', 'Abbrechen'],
    ])
  })
})

describe("the console's language", () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'textup-language-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const saved = async () => JSON.parse(await readFile(path.join(dir, 'preferences.json'), 'utf8')) as Record<string, unknown>

  it("is the system's first language the console speaks", async () => {
    const preferences = new PreferencesFile(dir)
    const language = (tags: string[]) => new ConsoleLanguage(() => tags, preferences).load()
    expect((await language(['de-DE'])).choice).toEqual({ locale: 'de', chosen: null, system: 'de' })
    expect((await language(['de-AT', 'en-GB'])).locale).toBe('de')
    expect((await language(['fr-FR', 'de-CH', 'en-US'])).locale).toBe('de')
    expect((await language(['fr-FR', 'ja'])).locale).toBe('en')
    expect((await language([])).locale).toBe('en')
    expect((await language(['en-XA'])).locale).toBe('en-XA')
  })

  it("reads the system's languages from Electron: the app's locale first, then the preferred ones", () => {
    fake.reset()
    fake.state.locale = 'fr-FR'
    fake.state.preferredSystemLanguages = ['fr-FR', 'de-DE']
    expect(systemLanguageTags(app)).toEqual(['fr-FR', 'de-DE'])
    fake.makeReady()
    expect(systemLanguageTags(app)).toEqual(['fr-FR', 'fr-FR', 'de-DE'])
  })

  it("the admin's choice wins over the system's, survives a restart, and null follows the system again", async () => {
    await writeFile(path.join(dir, 'preferences.json'), JSON.stringify({ serverUrl: 'https://accounts.example.org', username: 'eric' }))
    const preferences = new PreferencesFile(dir)
    const language = await new ConsoleLanguage(() => ['de-DE'], preferences).load()
    const heard: Locale[] = []
    language.onChange((locale) => heard.push(locale))

    expect(await language.choose('en')).toBe('en')
    expect(language.choice).toEqual({ locale: 'en', chosen: 'en', system: 'de' })
    expect(language.t().t('native.menu.signOut')).toBe('Sign Out')
    // Kept beside what else the console remembers, which stays.
    expect(await saved()).toEqual({ serverUrl: 'https://accounts.example.org', username: 'eric', language: 'en' })

    // The next start: the choice, though the system speaks German.
    const restarted = await new ConsoleLanguage(() => ['de-DE'], new PreferencesFile(dir)).load()
    expect(restarted.choice).toEqual({ locale: 'en', chosen: 'en', system: 'de' })

    // Choosing the language already spoken changes nothing to hear about.
    expect(await language.choose('en')).toBe('en')
    expect(await language.choose(null)).toBe('de')
    expect(await saved()).toEqual({ serverUrl: 'https://accounts.example.org', username: 'eric' })
    expect(heard).toEqual(['en', 'de'])
    expect((await new ConsoleLanguage(() => ['de-DE'], new PreferencesFile(dir)).load()).choice.chosen).toBeNull()
  })

  it('a saved language this console does not speak is ignored, and nothing else saved is lost', async () => {
    await writeFile(path.join(dir, 'preferences.json'), JSON.stringify({ username: 'eric', keepSignedIn: true, language: 'fr' }))
    const preferences = new PreferencesFile(dir)
    expect(await preferences.read()).toEqual({ username: 'eric', keepSignedIn: true })
    expect((await new ConsoleLanguage(() => ['de-DE'], preferences).load()).choice).toEqual({ locale: 'de', chosen: null, system: 'de' })
  })

  it('a choice made while a sign-in saves the server and username keeps both', async () => {
    const preferences = new PreferencesFile(dir)
    const language = await new ConsoleLanguage(() => ['en-US'], preferences).load()
    await Promise.all([
      language.choose('de'),
      preferences.update((current) => ({ ...current, serverUrl: 'https://accounts.example.org', username: 'eric', keepSignedIn: true })),
    ])
    expect(await saved()).toEqual({ language: 'de', serverUrl: 'https://accounts.example.org', username: 'eric', keepSignedIn: true })
  })
})

describe("the main process's own messages, in German", () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'textup-language-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  function germanConsole(policy = { serverUrl: undefined as string | undefined, serverLocked: false }) {
    const preferences = new PreferencesFile(dir)
    return createConsoleHandlers({
      ui: { popupMenu: () => Promise.resolve(null), confirm: () => Promise.resolve(false), openInBrowser: () => Promise.resolve() },
      tokens: { unavailable: translator('de').t('native.notice.keychainFailed', { error: 'kein Secret Service' }) },
      preferences,
      language: new ConsoleLanguage(() => ['de-DE'], preferences),
      policy,
      embedded: null,
      notices: [],
      platform: 'linux',
    })
  }

  it('notices, refusals and errors', async () => {
    const h = germanConsole()
    expect((await h.getStartup()).notices).toEqual([
      '„Angemeldet bleiben“ ist nicht verfügbar: der Schlüsselbund des Systems kann nicht verwendet werden (kein Secret Service).',
    ])
    expect(await h.searchUsers({ q: '' })).toEqual({ ok: false, error: { kind: 'signed_out', title: 'Melden Sie sich zuerst an.' } })
    expect(await h.submitSecondFactor({ code: '123456' })).toMatchObject({ ok: false, error: { title: 'Diese Anmeldung ist abgelaufen.' } })
    expect(await h.openEnrolmentPage()).toMatchObject({ ok: false, error: { title: 'Es gibt keine Kontoseite zum Öffnen.' } })
    expect(
      await h.createFirstAdmin({
        username: 'eric',
        displayName: 'Eric',
        email: 'eric@example.org',
        newPassword: 'x',
        newPasswordConfirmation: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { title: 'Der erste Admin wird hier nur für den eigenen Server der Konsole eingerichtet.' },
    })
    const request = { serverUrl: 'http://accounts.example.org', username: 'eric', password: 'pw', keepSignedIn: false }
    expect(await h.signIn(request)).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { serverUrl: [expect.stringContaining('Passwörter dürfen nicht unverschlüsselt')] } },
    })
    const locked = germanConsole({ serverUrl: 'https://accounts.example.org', serverLocked: true })
    expect(await locked.signIn({ ...request, serverUrl: 'https://elsewhere.example.org' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', title: 'Ihre Organisation hat diese Konsole auf https://accounts.example.org festgelegt.' },
    })
  })

  it("the machine configuration's problems", async () => {
    const file = path.join(dir, 'console.json')
    await writeFile(file, JSON.stringify({ serverURL: 'https://accounts.example.org', allowEmbeddedServer: 'ja' }))
    const config = await loadMachineConfig(file, translator('de'))
    expect(config.problems).toEqual([
      `Die Rechnerkonfiguration ${file} ist ungültig: allowEmbeddedServer muss true oder false sein; unbekannte Einstellung serverURL. Die Anmeldung ist gesperrt, bis Ihre IT-Abteilung sie korrigiert.`,
    ])
  })
})
