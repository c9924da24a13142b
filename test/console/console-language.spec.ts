// The console's language (issue 15): the operating system's unless the admin chose another, which
// the console keeps for its next start. What the main process controls is checked here: the language
// it hands the renderer at start (and so the page's lang), the native More menu and its confirmation
// dialogs as the admin sees them, and the choice surviving a restart. The renderer's screens are
// translated elsewhere; this spec asserts no screen text.
import type { Page } from '@playwright/test'
import type { Locale } from '../../src-shared/i18n/locales'
import type { ConsoleApi } from '../../src-shared/ipc'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, MICHELLE, signInToConsole } from './steps'

test.beforeEach(async ({ textup }) => {
  await createPerson(textup, ERIC)
  await createPerson(textup, MICHELLE)
})

type Bridge = { textup: ConsoleApi }

/** The More menu, through window.textup as the renderer opens it (the bridge, the argument checks, the handlers). */
const moreMenu = (page: Page, userId: string) =>
  page.evaluate((id) => (globalThis as unknown as Bridge).textup.openUserMoreMenu(id), userId)

/** What the top bar's language control sends, through window.textup. */
const setLanguage = (page: Page, locale: string | null) =>
  page.evaluate((chosen) => (globalThis as unknown as Bridge).textup.setLanguage(chosen as Locale | null), locale)

test("started on a German system, the console speaks German; the admin's English outlives a restart", async ({
  startConsole,
  textup,
  native,
}) => {
  // Three starts of the console and a sign-in with a second factor: over the 60 s default on two busy cores.
  test.slow()
  // Eric signs in once (an English system) and is kept signed in, so the next starts need no screen.
  const first = await startConsole()
  await signInToConsole(first.page, textup.url, ERIC, { keep: true })
  await expectSignedIn(first.page, ERIC)
  await first.close()

  const german = await startConsole({ osLocale: 'de-DE' })
  await expect(german.page.locator('html')).toHaveAttribute('lang', 'de')
  const language = german.crossings.find((crossing) => crossing.method === 'getLanguage')
  expect(language?.result).toEqual({ locale: 'de', chosen: null, system: 'de' })
  await expect
    .poll(() => german.crossings.find((crossing) => crossing.method === 'getStartup')?.result)
    .toMatchObject({
      session: { user: { username: ERIC.username } },
      language: { locale: 'de', chosen: null, system: 'de' },
    })

  const found = await german.handlers.searchUsers({ q: MICHELLE.username })
  const michelle = found.ok ? found.value.users[0] : undefined
  if (!michelle) throw new Error('Michelle should be found')

  // Her More menu and the reset email's confirmation, in German; Eric cancels.
  native.chooseNext('send-reset')
  native.confirmNext(false)
  expect(await moreMenu(german.page, michelle.id)).toEqual({ ok: true, value: { action: 'none' } })
  expect(native.menus.at(-1)?.items).toEqual([
    { id: 'send-reset', label: 'E-Mail zum Zurücksetzen des Passworts senden…', enabled: true },
    { id: 'revoke-sessions', label: 'Von allen Sitzungen abmelden…', enabled: true },
    { separator: true },
    { id: 'deactivate', label: 'Konto deaktivieren…', enabled: true },
  ])
  expect(native.dialogs.at(-1)).toMatchObject({
    type: 'question',
    title: 'E-Mail zum Zurücksetzen des Passworts senden',
    message: `Eine E-Mail zum Zurücksetzen des Passworts an ${MICHELLE.email} senden?`,
    buttons: ['E-Mail senden', 'Abbrechen'],
    defaultButton: 'E-Mail senden',
  })

  // A language the console does not speak is refused, in German.
  expect(await setLanguage(german.page, 'fr')).toEqual({
    ok: false,
    error: {
      kind: 'invalid',
      title: 'Bitte prüfen Sie die markierten Felder.',
      fieldErrors: { _arguments: ['Diese Sprache spricht die Konsole nicht.'] },
    },
  })
  // Eric chooses English (what the top bar's language control sends).
  expect(await setLanguage(german.page, 'en')).toEqual({ ok: true, value: 'en' })
  native.chooseNext('revoke-sessions')
  native.confirmNext(false)
  await moreMenu(german.page, michelle.id)
  expect(native.dialogs.at(-1)).toMatchObject({ title: 'Sign out of all sessions', buttons: ['Sign Out Everywhere', 'Cancel'] })
  await german.close()

  // The next start, still on a German system: English, as chosen.
  const again = await startConsole({ osLocale: 'de-DE' })
  await expect(again.page.locator('html')).toHaveAttribute('lang', 'en')
  await expectSignedIn(again.page, ERIC)
  expect(again.crossings.find((crossing) => crossing.method === 'getLanguage')?.result).toEqual({
    locale: 'en',
    chosen: 'en',
    system: 'de',
  })
  native.dismissNextMenu()
  await moreMenu(again.page, michelle.id)
  expect(native.menus.at(-1)?.items[0]).toEqual({ id: 'send-reset', label: 'Send password reset email…', enabled: true })

  // Following the system again: German, and nothing chosen is kept for the next start.
  expect(await setLanguage(again.page, null)).toEqual({ ok: true, value: 'de' })
  expect(await again.handlers.getLanguage()).toEqual({ locale: 'de', chosen: null, system: 'de' })
})

test('started on a system whose language the console does not speak, it speaks English', async ({ startConsole }) => {
  const french = await startConsole({ osLocale: 'fr-FR' })
  await expect(french.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await expect(french.page.locator('html')).toHaveAttribute('lang', 'en')
  expect(french.crossings.find((crossing) => crossing.method === 'getLanguage')?.result).toEqual({
    locale: 'en',
    chosen: null,
    system: 'en',
  })
})
