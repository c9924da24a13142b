// Emails in the language of the account they go to (issue 15): whatever language the browser that
// asked for them speaks, in the language the account has when the email is rendered (at delivery,
// so a change made while an email waits out an SMTP outage still counts), set by the person on
// their account page or by an admin. Every word of every template comes from the catalogue: in the
// pseudo-locale, no letter of a subject, a text part or an HTML part is outside the ⟦…⟧ brackets.
import { describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/accounts/admin'
import { ConfigError, loadConfig } from '../../server/config'
import { renderEmail, type EmailContent, type SecondFactorChange } from '../../server/mail/templates'
import { PASSWORD_CHANGE_WAYS } from '../../src-shared/accounts'
import { PSEUDO_LOCALE } from '../../src-shared/i18n/locales'
import { translator } from '../../src-shared/i18n/translator'
import { call, ericAndMichelle, userViewOf } from '../api/helpers'
import { Browser, visibleText } from '../helpers/browser'
import { testClock } from '../helpers/clock'
import { auditEvents } from '../helpers/db'
import { NEW_PASSWORD, signedInBrowser } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import type { ReceivedEmail } from '../helpers/smtp-receiver'
import { TEST_OPERATOR, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()

const GERMAN_RESET = 'Setzen Sie Ihr TextUp-Passwort zurück'
const ENGLISH_RESET = 'Reset your TextUp password'

async function forgotPassword(t: TestServer, username: string, acceptLanguage: string) {
  const browser = new Browser(t.url, { 'accept-language': acceptLanguage })
  await browser.get('/forgot-password')
  expect((await browser.post('/forgot-password', { username })).status).toBe(303)
}

async function languageOf(t: TestServer, username: string) {
  const row = await t.server.context.db.selectFrom('users').select('preferred_language').where('username', '=', username).executeTakeFirst()
  return row?.preferred_language
}

/** The html element's lang attribute of an email's HTML part. */
function htmlLang(email: ReceivedEmail): string | undefined {
  return /<html[^>]*\slang="([^"]+)"/.exec(email.html)?.[1]
}

describe('emails in the account’s language', () => {
  it('a German account’s reset email is German (subject, text, HTML and lang="de"), an English one’s English, whatever the browser speaks', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const created = await call(t, 'post', '/api/users', {
      token,
      body: {
        username: 'greta',
        displayName: 'Greta Groß',
        email: 'greta@example.org',
        preferredLanguage: 'de',
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      },
    })
    expect(userViewOf(created).preferredLanguage).toBe('de')
    await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })

    // Each asks from a browser in the other language: the email follows the account, not the browser.
    await forgotPassword(t, 'greta', 'en-GB,en;q=0.9')
    await forgotPassword(t, 'ann', 'de-DE,de;q=0.9')
    const [german] = await t.smtp.waitFor((m) => m.to.includes('greta@example.org') && m.subject === GERMAN_RESET)
    const [english] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === ENGLISH_RESET)

    expect(german!.text).toContain('Guten Tag Greta Groß,')
    expect(german!.text).toContain('Jemand hat angefordert, das Passwort Ihres TextUp-Kontos zurückzusetzen (Benutzername: greta).')
    expect(german!.text).toContain('Der Link ist 1 Stunde lang gültig und funktioniert nur einmal.')
    // Not a word of English (links aside).
    expect(german!.text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\b(Hello|password|link works)\b/)
    expect(htmlLang(german!)).toBe('de')
    expect(visibleText(german!.html)).toContain('Neues Passwort wählen')
    expect(german!.html).toContain('(Benutzername: <strong>greta</strong>).')
    expect(visibleText(german!.html)).not.toMatch(/\b(Hello|Choose a new password|If the button)\b/)
    // The German link works like any other.
    expect(german!.links.some((l) => l.startsWith(`${t.server.publicUrl.origin}/reset-password?token=`))).toBe(true)

    expect(english!.text).toContain('Hello Ann Lee,')
    expect(english!.text).toContain('Someone asked to reset the password of your TextUp account (username: ann).')
    expect(english!.text).toContain('The link works once, for 1 hour.')
    expect(htmlLang(english!)).toBe('en')
    expect(visibleText(english!.html)).toContain('Choose a new password')
    expect(english!.text + english!.html).not.toMatch(/Passwort|Benutzername|Guten Tag/)
  })

  it('an admin changes a user’s language through the API: the next reset email is in the new language, and the change is audited', async () => {
    const t = await start()
    const { eric, michelle, token } = await ericAndMichelle(t)
    const changed = await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { preferredLanguage: 'de' } })
    expect(changed.status, changed.text).toBe(200)
    expect(userViewOf(changed).preferredLanguage).toBe('de')
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token })).preferredLanguage).toBe('de')
    const [update] = (await auditEvents(t.server.context.db, 'user_updated')).filter((e) => e.user_id === michelle.id)
    expect(update).toMatchObject({ actor_id: eric.id })
    expect(update?.parsed).toEqual({ preferredLanguage: 'de' })

    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })).status).toBe(202)
    const [german] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org'))
    expect(german?.subject).toBe(GERMAN_RESET)
    expect(german?.text).toContain('Ein Admin hat Ihnen diesen Link geschickt')
    expect(htmlLang(german!)).toBe('de')

    await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { preferredLanguage: 'en' } })
    expect((await call(t, 'post', `/api/users/${michelle.id}/password-reset`, { token, body: {} })).status).toBe(202)
    const [, english] = await t.smtp.waitFor((m) => m.to.includes('michelle@example.org'), 2)
    expect(english?.subject).toBe(ENGLISH_RESET)
    expect(english?.text).toContain('An administrator sent you this link')
    expect(htmlLang(english!)).toBe('en')
  })

  it('an email waiting out an SMTP outage is written in the language the account has when it is finally delivered', async () => {
    const clock = testClock()
    const t = await start({ clock })
    const ann = await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })
    t.smtp.refuseWith = 451
    await forgotPassword(t, 'ann', 'en')
    const outbox = () => t.server.context.db.selectFrom('outbox').selectAll().execute()
    const [waiting] = await waitUntil(async () => {
      const rows = await outbox()
      return rows.length === 1 && rows[0]!.attempts === 1 && rows[0]!.locked_until === null && rows
    }, 'the first attempt to fail')
    // The row holds no words of the email, so nothing in it is in a language.
    expect(waiting?.payload).toBe('{"sentByAdmin":false}')

    await updateAccount(t.server.context, ann, { preferredLanguage: 'de' }, TEST_OPERATOR, { address: null, userAgent: null })
    t.smtp.refuseWith = undefined
    clock.set(new Date(Date.parse(waiting!.next_attempt_at) + 1))
    t.server.context.wakeMailWorker()
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    expect(email?.subject).toBe(GERMAN_RESET)
    expect(htmlLang(email!)).toBe('de')
    expect(t.smtp.messages).toHaveLength(1)
  })

  it('an account created without a language gets the server’s DEFAULT_LANGUAGE', async () => {
    const t = await start({ env: { DEFAULT_LANGUAGE: 'de' } })
    const { token } = await ericAndMichelle(t)
    const created = await call(t, 'post', '/api/users', {
      token,
      body: { username: 'nadia', displayName: 'Nadia Park', email: 'nadia@example.org', sendInvitation: true },
    })
    expect(userViewOf(created).preferredLanguage).toBe('de')
    // The invitation is German, naming the admin who made the account.
    const [invitation] = await t.smtp.waitFor((m) => m.to.includes('nadia@example.org'))
    expect(invitation?.subject).toBe('Ihr TextUp-Konto ist bereit')
    expect(invitation?.text).toContain('Eric Example hat ein TextUp-Konto für Sie angelegt (Benutzername: nadia).')
    expect(htmlLang(invitation!)).toBe('de')
  })
})

describe('the language of your emails, on the account page', () => {
  it('sets it with a plain form; the page itself stays in the browser’s language; the next email follows', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })
    const browser = await signedInBrowser(t, 'ann')
    const page = await browser.get('/account')
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/<form [^>]*action="\/account\/language"/)
    expect(page.text).toMatch(/<option value="en" lang="en" selected="">English<\/option>/)
    expect(page.text).toMatch(/<option value="de" lang="de">Deutsch<\/option>/)
    const text = visibleText(page.text)
    expect(text).toContain('Language of your emails')
    expect(text).toContain('This does not change the language of these pages: they follow your browser or the language switcher.')

    const saved = await browser.post('/account/language', { preferredLanguage: 'de' })
    expect(saved.status).toBe(303)
    expect(saved.location).toBe('/account?notice=language-saved#email-language')
    // Nothing about the pages' own language is set.
    expect(saved.setCookies.filter((line) => line.startsWith('tu_lang='))).toEqual([])
    expect(await languageOf(t, 'ann')).toBe('de')
    const after = await browser.get(saved.location!)
    expect(visibleText(after.text)).toContain('Saved. TextUp now writes your emails in Deutsch.')
    expect(visibleText(after.text)).toContain('Your account')
    expect(after.headers.get('content-language')).toBe('en')
    expect(after.text).toMatch(/<option value="de" lang="de" selected="">Deutsch<\/option>/)
    const [event] = await auditEvents(t.server.context.db, 'user_updated')
    expect(event).toMatchObject({ actor_username: 'ann', username: 'ann' })
    expect(event?.parsed).toEqual({ preferredLanguage: 'de' })

    await forgotPassword(t, 'ann', 'en')
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    expect(email?.subject).toBe(GERMAN_RESET)
  })

  it('refuses a language it does not speak (400, saying why, at the field) and a form without its CSRF token (403), changing nothing', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    const browser = await signedInBrowser(t, 'ann')
    await browser.get('/account')
    for (const value of ['fr', 'en-XA', 'DE', '']) {
      const refused = await browser.post('/account/language', { preferredLanguage: value })
      expect(refused.status, value).toBe(400)
      expect(visibleText(refused.text)).toContain('Choose one of the languages in the list.')
      expect(refused.text).toMatch(/<select id="preferredLanguage"[^>]*aria-invalid="true"[^>]*autofocus=""/)
    }
    expect((await browser.post('/account/language', {})).status).toBe(400)
    const forged = await browser.post('/account/language', { preferredLanguage: 'de' }, { csrf: false })
    expect(forged.status).toBe(403)
    expect(visibleText(forged.text)).toContain('This form has expired or did not come from TextUp.')
    expect(await languageOf(t, 'ann')).toBe('en')
    expect(await auditEvents(t.server.context.db, 'user_updated')).toEqual([])

    // Signed out, the form changes nothing and sends the person to sign in.
    const stranger = new Browser(t.url)
    await stranger.get('/login')
    expect((await stranger.post('/account/language', { preferredLanguage: 'de' })).location).toBe('/login?notice=session-ended')
    expect(await languageOf(t, 'ann')).toBe('en')
  })
})

describe('DEFAULT_LANGUAGE', () => {
  it('defaults to en, takes de, and refuses the test-only pseudo-locale and languages TextUp does not speak', () => {
    expect(loadConfig({}).defaultLanguage).toBe('en')
    expect(loadConfig({ DEFAULT_LANGUAGE: 'de' }).defaultLanguage).toBe('de')
    for (const value of ['fr', PSEUDO_LOCALE, 'DE', 'de-DE']) {
      expect(() => loadConfig({ DEFAULT_LANGUAGE: value }), value).toThrow(ConfigError)
      try {
        loadConfig({ DEFAULT_LANGUAGE: value })
      } catch (error) {
        expect((error as ConfigError).problems).toEqual([`DEFAULT_LANGUAGE must be one of: en, de (got "${value}")`])
      }
    }
  })
})

// Every template in the pseudo-locale ---------------------------------------------------------------

const CHANGED_AT = new Date('2026-12-03T14:05:00Z')
const PERSON = { displayName: 'Ann Lee', username: 'ann' }
const SECOND_FACTOR_CHANGES: SecondFactorChange[] = [
  'totp_enrolled',
  'totp_removed',
  'passkey_added',
  'passkey_removed',
  'recovery_codes_regenerated',
  'recovery_code_used',
  'removed_by_admin',
  'removed_by_operator',
]

/** Every template, in each of its variants (who sent it, how a password changed, with a name or without). */
function everyEmail(): Array<[string, EmailContent]> {
  const link = 'https://accounts.example.org/reset-password?token=abc'
  const emails: Array<[string, EmailContent]> = []
  for (const sentByAdmin of [false, true]) {
    emails.push([
      `password-reset (by admin: ${sentByAdmin})`,
      { template: 'password-reset', ...PERSON, link, expiresInMinutes: 90, sentByAdmin },
    ])
  }
  for (const invitedBy of ['Eric Example', undefined]) {
    emails.push([
      `invitation (by ${invitedBy ?? 'an operator'})`,
      { template: 'invitation', ...PERSON, link, expiresInMinutes: 7 * 24 * 60, invitedBy },
    ])
  }
  for (const way of PASSWORD_CHANGE_WAYS) {
    for (const adminName of ['Eric Example', undefined]) {
      emails.push([
        `password-changed (${way}, ${adminName ?? 'no name'})`,
        {
          template: 'password-changed',
          ...PERSON,
          changedAt: CHANGED_AT,
          way,
          adminName,
          forgotPasswordUrl: 'https://accounts.example.org/forgot-password',
        },
      ])
    }
  }
  for (const adminName of ['Eric Example', undefined]) {
    emails.push([
      `email-changed (${adminName ?? 'no name'})`,
      { template: 'email-changed', ...PERSON, changedAt: CHANGED_AT, newEmailHint: 'a•••••@example.org', adminName },
    ])
  }
  for (const change of SECOND_FACTOR_CHANGES) {
    for (const named of [true, false]) {
      emails.push([
        `second-factor-changed (${change}${named ? ', named' : ''})`,
        {
          template: 'second-factor-changed',
          ...PERSON,
          change,
          changedAt: CHANGED_AT,
          adminName: named ? 'Eric Example' : undefined,
          passkeyName: named ? 'Work laptop' : undefined,
          recoveryCodesLeft: named ? 1 : undefined,
          accountUrl: 'https://accounts.example.org/account',
        },
      ])
    }
  }
  // The account is gone: a greeting without a name.
  emails.push([
    'second-factor-changed (no account)',
    {
      template: 'second-factor-changed',
      displayName: undefined,
      username: '',
      change: 'totp_removed',
      changedAt: CHANGED_AT,
      adminName: undefined,
      passkeyName: undefined,
      recoveryCodesLeft: undefined,
      accountUrl: 'https://accounts.example.org/account',
    },
  ])
  return emails
}

/** What is left of a text once every bracketed (translated) part and every link is taken out. */
function untranslated(text: string): string {
  let left = text.replace(/https?:\/\/\S+/g, ' ')
  // Inner brackets first: a message may hold another (a duration inside a sentence).
  for (let before = ''; before !== left;) {
    before = left
    left = left.replace(/⟦[^⟦⟧]*⟧/g, ' ')
  }
  return left
}

/** The text of an HTML part a person sees, a line per block (a paragraph, a break). */
function htmlLines(html: string): string[] {
  return html
    .replace(/<\/?(strong|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
}

describe('every email in the pseudo-locale', () => {
  const t = translator(PSEUDO_LOCALE)

  it.each(everyEmail())('%s: every word of the subject, the text and the HTML comes from the catalogue', (_, content) => {
    const email = renderEmail(content, t)
    expect(email.subject.startsWith('⟦') && email.subject.endsWith('⟧'), email.subject).toBe(true)
    expect(untranslated(email.subject).trim()).toBe('')
    const lines = [...email.text.split('\n'), ...htmlLines(email.html)].map((line) => line.trim()).filter(Boolean)
    for (const line of lines) {
      // Each line a person reads is translated messages, and links.
      const words = line.replace(/https?:\/\/\S+/g, '').trim()
      if (words) expect(words.startsWith('⟦') && words.endsWith('⟧'), line).toBe(true)
      expect(untranslated(line), line).not.toMatch(/\p{L}/u)
    }
    expect(email.html).toMatch(/^<!doctype html><html lang="en-XA">/)
  })

  it('times are in UTC and say so, formatted the one way TextUp shows a moment', () => {
    const content = everyEmail().find(([name]) => name.startsWith('password-changed (self'))![1]
    expect(renderEmail(content, translator('en')).text).toContain('was changed on Dec 3, 2026, 2:05 PM UTC, from your account page.')
    expect(renderEmail(content, translator('de')).text).toContain('wurde am 03.12.2026, 14:05 UTC auf Ihrer Kontoseite geändert.')
  })
})
