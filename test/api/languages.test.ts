// The API answers in the language the caller asks for (Accept-Language; the console sends its own):
// problem titles, details and per-field errors, which the console shows admins as they are. The
// same bad requests in English (no header), German, and the pseudo-locale en-XA, where every word
// that came from a catalogue is bracketed ⟦…⟧: an unbracketed one was not, and would stay English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PSEUDO_END, PSEUDO_START } from '../../src-shared/i18n/pseudo'
import { PASSWORD } from '../helpers/flows'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { call, ericAndMichelle, expectProblem, type ApiResponse, type Cast, type Problem } from './helpers'

const WRONG = 'not the right password at all'
const NOBODY = '00000000-0000-4000-8000-000000000000'

let t: TestServer
let cast: Cast

beforeAll(async () => {
  // A small per-account allowance, so that Anna (not an admin: Eric stays the last one) is throttled after three wrong passwords.
  t = await startTestServer({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '3' } })
  cast = await ericAndMichelle(t)
  await t.createUser({ username: 'anna' })
  for (let i = 0; i < 3; i++) expectProblem(await call(t, 'post', '/api/session', { body: { username: 'anna', password: WRONG } }), 401)
})

afterAll(() => t.close())

/** The bad requests, each with the status it is refused with. */
const REQUESTS: Record<string, { status: number; send: (headers: Record<string, string>) => Promise<ApiResponse> }> = {
  'invalid fields': {
    status: 400,
    send: (headers) =>
      call(t, 'post', '/api/users', {
        token: cast.token,
        headers,
        body: { username: 'a b', displayName: 'x'.repeat(101), email: 'not an address', role: 'boss' },
      }),
  },
  'a password with an invitation': {
    status: 400,
    send: (headers) =>
      call(t, 'post', '/api/users', {
        token: cast.token,
        headers,
        body: { username: 'nina', displayName: 'Nina', email: 'nina@example.org', sendInvitation: true, newPassword: 'x' },
      }),
  },
  'an unknown field': {
    status: 400,
    send: (headers) => call(t, 'patch', `/api/users/${cast.michelle.id}`, { token: cast.token, headers, body: { nickname: 'Mimi' } }),
  },
  'a bad query': {
    status: 400,
    send: (headers) => call(t, 'get', '/api/users', { token: cast.token, headers, query: { limit: '500' } }),
  },
  'a password the policy refuses': {
    status: 422,
    send: (headers) =>
      call(t, 'post', `/api/users/${cast.michelle.id}/password`, {
        token: cast.token,
        headers,
        body: { adminPassword: PASSWORD, newPassword: 'short', newPasswordConfirmation: 'shorter' },
      }),
  },
  'no such user': { status: 404, send: (headers) => call(t, 'get', `/api/users/${NOBODY}`, { token: cast.token, headers }) },
  'no token': { status: 401, send: (headers) => call(t, 'get', '/api/users', { headers }) },
  'not an admin': {
    status: 403,
    send: (headers) => call(t, 'post', '/api/session', { headers, body: { username: 'michelle', password: PASSWORD } }),
  },
  'a taken username': {
    status: 409,
    send: (headers) =>
      call(t, 'post', '/api/users', {
        token: cast.token,
        headers,
        body: { username: 'michelle', displayName: 'Another Michelle', email: 'm2@example.org', sendInvitation: true },
      }),
  },
  'the last admin': {
    status: 409,
    send: (headers) => call(t, 'patch', `/api/users/${cast.eric.id}`, { token: cast.token, headers, body: { role: 'user' } }),
  },
  'too many attempts': {
    status: 429,
    send: (headers) => call(t, 'post', '/api/session', { headers, body: { username: 'anna', password: WRONG } }),
  },
}

/** Every text of a problem a person reads. */
function texts(problem: Problem): string[] {
  return [problem.title, ...(problem.detail === undefined ? [] : [problem.detail]), ...Object.values(problem.errors ?? {}).flat()]
}

async function problemIn(name: string, headers: Record<string, string>, language: string): Promise<Problem> {
  const request = REQUESTS[name]!
  const response = await request.send(headers)
  const problem = expectProblem(response, request.status)
  expect(response.headers.get('content-language')).toBe(language)
  expect(response.headers.get('vary')).toMatch(/Accept-Language/i)
  return problem
}

describe('problem documents in the caller’s language', () => {
  it.each(Object.keys(REQUESTS))('%s: every word in the pseudo-locale comes from a catalogue', async (name) => {
    const problem = await problemIn(name, { 'accept-language': 'en-XA' }, 'en-XA')
    for (const text of texts(problem)) {
      expect(text.startsWith(PSEUDO_START), text).toBe(true)
      expect(text.endsWith(PSEUDO_END), text).toBe(true)
    }
  })

  it.each(Object.keys(REQUESTS))('%s: English without Accept-Language, German with de, the same fields', async (name) => {
    const english = await problemIn(name, {}, 'en')
    const german = await problemIn(name, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }, 'de')
    // Only the words change: the status, type and the fields at fault are the same.
    expect({ ...german, title: '', detail: '', errors: Object.keys(german.errors ?? {}) }).toEqual({
      ...english,
      title: '',
      detail: '',
      errors: Object.keys(english.errors ?? {}),
    })
    for (const [i, text] of texts(german).entries()) expect(text, `${name}: ${text}`).not.toBe(texts(english)[i])
  })

  it('says in German what each field needs, bounds filled in', async () => {
    const problem = await problemIn('invalid fields', { 'accept-language': 'de' }, 'de')
    expect(problem.title).toBe('Die Anfrage enthält ungültige Felder.')
    expect(problem.detail).toBe('Unter errors steht, was jedes Feld braucht.')
    expect(problem.errors).toEqual({
      username: [
        'Verwenden Sie im Benutzernamen Buchstaben, Ziffern, Punkte, Bindestriche, Unterstriche oder @; am Anfang und am Ende muss ein Buchstabe oder eine Ziffer stehen.',
      ],
      displayName: ['Verwenden Sie höchstens 100 Zeichen für einen Namen.'],
      email: ['Geben Sie eine E-Mail-Adresse ein, etwa michelle@example.org.'],
      role: ['Die Rolle muss admin oder user sein.'],
    })
    expect((await problemIn('a password with an invitation', { 'accept-language': 'de' }, 'de')).errors).toEqual({
      newPassword: ['Senden Sie entweder eine Einladung oder legen Sie ein Passwort fest, nicht beides.'],
    })
    expect((await problemIn('a bad query', { 'accept-language': 'de' }, 'de')).errors).toEqual({
      limit: ['limit darf höchstens 100 sein.'],
    })
    expect((await problemIn('an unknown field', { 'accept-language': 'de' }, 'de')).errors).toEqual({
      _body: ['Unbekanntes Feld: nickname.', 'Geben Sie mindestens eines von displayName, email, role, active oder preferredLanguage an.'],
    })
  })

  it('keeps the English wording exactly', async () => {
    const invalid = await problemIn('invalid fields', {}, 'en')
    expect(invalid.errors).toEqual({
      username: ['Use letters, digits, dots, dashes, underscores or @ in a username, starting and ending with a letter or digit.'],
      displayName: ['Use at most 100 characters for a name.'],
      email: ['Enter an email address such as michelle@example.org.'],
      role: ['Role must be admin or user.'],
    })
    expect((await problemIn('a password with an invitation', {}, 'en')).errors).toEqual({
      newPassword: ['Either send an invitation or set a password, not both.'],
    })
    expect(await problemIn('no token', {}, 'en')).toMatchObject({
      title: 'Sign in first.',
      detail: 'Send the token from POST /api/session as "Authorization: Bearer <token>".',
    })
    expect(await problemIn('the last admin', {}, 'en')).toMatchObject({
      title: 'This is the last active admin. Make another account an admin first.',
      errors: { role: ['This is the last active admin. Make another account an admin first.'] },
    })
    expect((await problemIn('too many attempts', {}, 'en')).detail).toBe('Try again in 15 minutes.')
    expect((await problemIn('too many attempts', { 'accept-language': 'de' }, 'de')).detail).toBe('Versuchen Sie es in 15 Minuten erneut.')
  })

  it('names audit events in the caller’s language', async () => {
    const labels = async (headers: Record<string, string>) => {
      const response = await call(t, 'get', `/api/users/${cast.eric.id}/events`, { token: cast.token, headers })
      expect(response.status).toBe(200)
      return (response.json as { events: Array<{ type: string; label: string }> }).events.filter((e) => e.type === 'sign_in_succeeded')
    }
    expect((await labels({}))[0]).toMatchObject({ label: 'Signed in' })
    expect((await labels({ 'accept-language': 'de' }))[0]).toMatchObject({ label: 'Angemeldet' })
    expect((await labels({ 'accept-language': 'en-XA' }))[0]?.label).toMatch(/^⟦.*⟧$/)
  })

  it('answers a language it does not have in English', async () => {
    const problem = await problemIn('no such user', { 'accept-language': 'fr-FR, ja;q=0.8' }, 'en')
    expect(problem).toMatchObject({ title: 'There is no such user.', detail: 'It may have been removed, or the id is mistyped.' })
  })

  it('answers the errors every request can meet in the caller’s language too', async () => {
    const tooLarge = await call(t, 'post', '/api/users', {
      token: cast.token,
      headers: { 'accept-language': 'de' },
      body: { username: 'x'.repeat(20_000) },
    })
    expect(expectProblem(tooLarge, 413)).toMatchObject({
      title: 'Die Anfrage ist zu groß.',
      detail: 'Senden Sie weniger Daten: Formulare und JSON-Inhalte dürfen nur wenige Kilobyte groß sein.',
    })
    const notJson = await call(t, 'post', '/api/session', {
      headers: { 'accept-language': 'de', 'content-type': 'text/plain' },
      rawBody: 'username=eric',
    })
    expect(expectProblem(notJson, 415).title).toBe('Senden Sie den Inhalt als JSON.')
    // The pages' error page, too.
    const page = await fetch(new URL('/no-such-page', t.url), { headers: { 'accept-language': 'de' } })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-language')).toBe('de')
    expect(await page.text()).toContain('Seite nicht gefunden.')
  })
})
