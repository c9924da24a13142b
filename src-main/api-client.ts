// The admin API client of the console's main process (axios). It owns the bearer token, never
// follows redirects (a redirect must not carry a password elsewhere), checks every answer against
// the shared schemas, and turns failures into ConsoleErrors the renderer can show as they are. Every
// request asks for the console's language (Accept-Language), so the server's own messages come in it
// too, and the client's messages are in the same language.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { z } from 'zod'
import {
  currentSessionResponse,
  PROBLEM_TYPES,
  secondFactorChallengeResponse,
  eventPage,
  invitationResponse,
  passwordResetResponse,
  problem,
  secondFactorRemovedResponse,
  secondFactorStatusResponse,
  sessionResponse,
  sessionsRevokedResponse,
  userPage,
  userView,
  type CreateUserRequest,
  type CurrentSessionResponse,
  type EventPage,
  type RemoveSecondFactorRequest,
  type SecondFactorChallengeResponse,
  type SecondFactorRemovedResponse,
  type SecondFactorStatusResponse,
  type SessionResponse,
  type SetPasswordRequest,
  type UpdateUserRequest,
  type UserPage,
  type UserView,
} from '../src-shared/api'
import { DEFAULT_LOCALE, type Locale } from '../src-shared/i18n/locales'
import { translator, type Translator } from '../src-shared/i18n/translator'
import type { ConsoleError, ConsoleErrorKind, Outcome, SearchUsersRequest } from '../src-shared/ipc'

const TIMEOUT_MS = 15_000
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The server address as an origin, or a sentence saying what is wrong with it. Anything but this
 * computer must be https: the admin's password and token travel over this connection.
 */
export function parseServerUrl(input: string, t: Translator): { ok: true; origin: string } | { ok: false; message: string } {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`)
  } catch {
    return { ok: false, message: t.t('native.serverUrl.notAnAddress') }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: t.t('native.serverUrl.httpsOnly') }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, message: t.t('native.serverUrl.unencrypted') }
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, message: t.t('native.serverUrl.originOnly') }
  }
  return { ok: true, origin: url.origin }
}

/** What a right password gets: a session, or (for an admin with a second factor) a challenge to answer with a code. */
export type SignInAnswer =
  { step: 'signed_in'; session: SessionResponse } | { step: 'second_factor'; challenge: SecondFactorChallengeResponse }

/** One request to the API: the status that means success, and what to send and expect. */
interface ApiRequest<T> {
  /** The status (or statuses) of a success; any other answer is a failure to explain. */
  expect: number | readonly number[]
  /** The success's body; none for a success without one (its value is then null). */
  answer?: z.ZodType<T>
  body?: unknown
  query?: Record<string, string>
  /** What a status means on this route when it differs from the usual (a 401 at sign-in is a wrong password, not an ended session). */
  kinds?: Partial<Record<number, ConsoleErrorKind>>
}

export class AdminApiClient {
  private readonly http: AxiosInstance
  private token: string | undefined
  private readonly locale: () => Locale

  /**
   * `token`: a session from an earlier sign-in (one kept in the keychain). `locale`: the console's
   * language, asked for at each request since the admin may change it while signed in (English when
   * not given, as for scripts and tests).
   */
  constructor(
    readonly serverUrl: string,
    { token, locale = () => DEFAULT_LOCALE }: { token?: string | undefined; locale?: () => Locale } = {},
  ) {
    this.token = token
    this.locale = locale
    this.http = axios.create({
      baseURL: serverUrl,
      timeout: TIMEOUT_MS,
      maxRedirects: 0,
      maxContentLength: 2_000_000,
      responseType: 'json',
      // Every status is an answer to interpret here, not an exception.
      validateStatus: () => true,
      headers: { Accept: 'application/json, application/problem+json' },
    })
  }

  /**
   * Signs in; a wrong username or password is 'invalid', a non-admin 'not_an_admin', a deactivated account 'forbidden'. `deviceToken`
   * is the one this console was given at its last sign-in to the account (see credentials.ts).
   */
  async signIn(
    username: string,
    password: string,
    { deviceToken }: { deviceToken?: string | undefined } = {},
  ): Promise<Outcome<SignInAnswer>> {
    const body = { username, password, ...(deviceToken ? { deviceToken } : {}) }
    const answer = z.union([sessionResponse, secondFactorChallengeResponse])
    const result = await this.call('post', '/api/session', { expect: [201, 202], answer, body, kinds: { 401: 'invalid' } })
    if (!result.ok) return result
    if (!('token' in result.value)) return { ok: true, value: { step: 'second_factor', challenge: result.value } }
    this.token = result.value.token
    return { ok: true, value: { step: 'signed_in', session: result.value } }
  }

  /**
   * The second step: the challenge signIn answered with, and a code from the authenticator app or a
   * recovery code. A wrong code is 'invalid' (ask again); an expired challenge 'sign_in_expired'.
   */
  async completeSignIn(challenge: string, code: string): Promise<Outcome<SessionResponse>> {
    const result = await this.call('post', '/api/session/second-factor', {
      expect: 201,
      answer: sessionResponse,
      body: { challenge, code },
      kinds: { 401: 'invalid' },
    })
    if (result.ok) this.token = result.value.token
    return result
  }

  currentSession(): Promise<Outcome<CurrentSessionResponse>> {
    return this.call('get', '/api/session', { expect: 200, answer: currentSessionResponse })
  }

  async signOut(): Promise<Outcome<null>> {
    const result = await this.call('delete', '/api/session', { expect: 204 })
    this.token = undefined
    return result
  }

  /** A page of users matching `q` (all users for '') and the filters; `cursor` continues an earlier page. */
  searchUsers({ q, cursor, role, status }: SearchUsersRequest): Promise<Outcome<UserPage>> {
    const query = { ...(q ? { q } : {}), ...(cursor ? { cursor } : {}), ...(role ? { role } : {}), ...(status ? { status } : {}) }
    return this.call('get', '/api/users', { expect: 200, answer: userPage, query })
  }

  getUser(id: string): Promise<Outcome<UserView>> {
    return this.call('get', `/api/users/${encodeURIComponent(id)}`, { expect: 200, answer: userView })
  }

  /** A page of the user's account events, newest first; `cursor` continues an earlier page. */
  listUserEvents(id: string, { cursor }: { cursor?: string | undefined } = {}): Promise<Outcome<EventPage>> {
    return this.call('get', `/api/users/${encodeURIComponent(id)}/events`, {
      expect: 200,
      answer: eventPage,
      query: cursor ? { cursor } : {},
    })
  }

  createUser(request: CreateUserRequest): Promise<Outcome<UserView>> {
    return this.call('post', '/api/users', { expect: 201, answer: userView, body: request })
  }

  updateUser(id: string, changes: UpdateUserRequest): Promise<Outcome<UserView>> {
    return this.call('patch', `/api/users/${encodeURIComponent(id)}`, { expect: 200, answer: userView, body: changes })
  }

  setUserPassword(id: string, request: SetPasswordRequest): Promise<Outcome<null>> {
    return this.call('post', `/api/users/${encodeURIComponent(id)}/password`, { expect: 204, body: request })
  }

  async sendPasswordReset(id: string): Promise<Outcome<string>> {
    const result = await this.call('post', `/api/users/${encodeURIComponent(id)}/password-reset`, {
      expect: 202,
      answer: passwordResetResponse,
      body: {},
    })
    return result.ok ? { ok: true, value: result.value.sentTo } : result
  }

  async sendInvitation(id: string): Promise<Outcome<string>> {
    const result = await this.call('post', `/api/users/${encodeURIComponent(id)}/invitation`, {
      expect: 202,
      answer: invitationResponse,
      body: {},
    })
    return result.ok ? { ok: true, value: result.value.sentTo } : result
  }

  async revokeSessions(id: string): Promise<Outcome<number>> {
    const result = await this.call('post', `/api/users/${encodeURIComponent(id)}/sessions/revoke`, {
      expect: 200,
      answer: sessionsRevokedResponse,
      body: {},
    })
    return result.ok ? { ok: true, value: result.value.sessionsEnded } : result
  }

  /** Whether the user has an authenticator app, passkeys or recovery codes (never their secrets). */
  secondFactorStatus(id: string): Promise<Outcome<SecondFactorStatusResponse>> {
    return this.call('get', `/api/users/${encodeURIComponent(id)}/second-factor`, { expect: 200, answer: secondFactorStatusResponse })
  }

  /** Lost phone: removes every second factor of the user; a wrong admin password is 'forbidden', none to remove 'conflict'. */
  removeSecondFactor(id: string, request: RemoveSecondFactorRequest): Promise<Outcome<SecondFactorRemovedResponse>> {
    const path = `/api/users/${encodeURIComponent(id)}/second-factor/remove`
    return this.call('post', path, { expect: 200, answer: secondFactorRemovedResponse, body: request })
  }

  private async call<T = null>(method: 'get' | 'post' | 'patch' | 'delete', path: string, request: ApiRequest<T>): Promise<Outcome<T>> {
    const locale = this.locale()
    const t = translator(locale)
    let response: AxiosResponse<unknown>
    try {
      response = await this.http.request({
        method,
        url: path,
        data: request.body,
        params: request.query ?? {},
        headers: { 'Accept-Language': locale, ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      })
    } catch (error) {
      // An answer far bigger than any the API gives came through fine: the server's fault, not the network's.
      if (error instanceof Error && error.message.startsWith('maxContentLength')) return { ok: false, error: notUnderstood(t) }
      return { ok: false, error: networkError(t, this.serverUrl, error) }
    }
    if ((typeof request.expect === 'number' ? [request.expect] : request.expect).includes(response.status)) {
      if (!request.answer) return { ok: true, value: null as T }
      const parsed = request.answer.safeParse(response.data)
      if (parsed.success) return { ok: true, value: parsed.data }
      return { ok: false, error: notUnderstood(t) }
    }
    return { ok: false, error: problemError(t, response, request.kinds ?? {}) }
  }
}

function notUnderstood(t: Translator): ConsoleError {
  return { kind: 'server', title: t.t('native.api.notUnderstood'), detail: t.t('native.api.notUnderstoodDetail') }
}

function networkError(t: Translator, serverUrl: string, error: unknown): ConsoleError {
  const code = (error as { code?: string }).code
  const detail =
    code === 'ECONNREFUSED'
      ? t.t('native.api.nothingAnswered')
      : code === 'ENOTFOUND'
        ? t.t('native.api.unknownHost')
        : code === 'ECONNABORTED' || code === 'ETIMEDOUT'
          ? t.t('native.api.timeout')
          : code?.startsWith('ERR_TLS') || code?.includes('CERT')
            ? t.t('native.api.certificate')
            : t.t('native.api.checkNetwork')
  return { kind: 'network', title: t.t('native.api.unreachable', { server: serverUrl }), detail }
}

const KIND_BY_STATUS: Record<number, ConsoleErrorKind> = {
  400: 'invalid',
  401: 'signed_out',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'invalid',
  415: 'invalid',
  422: 'invalid',
  429: 'throttled',
}

/** Problems the console acts on by their type (RFC 9457), whatever their status. */
const KIND_BY_PROBLEM_TYPE: Record<string, ConsoleErrorKind> = {
  [PROBLEM_TYPES.secondFactorSetupRequired]: 'second_factor_setup_required',
  [PROBLEM_TYPES.signInExpired]: 'sign_in_expired',
  [PROBLEM_TYPES.notAnAdmin]: 'not_an_admin',
}

function problemError(t: Translator, response: AxiosResponse<unknown>, kinds: Partial<Record<number, ConsoleErrorKind>>): ConsoleError {
  const byStatus = kinds[response.status] ?? KIND_BY_STATUS[response.status] ?? 'server'
  if (response.status >= 300 && response.status < 400) {
    const location: unknown = response.headers.location
    return {
      kind: 'server',
      title: typeof location === 'string' ? t.t('native.api.redirectTo', { location }) : t.t('native.api.redirect'),
      detail: t.t('native.api.redirectDetail'),
    }
  }
  const details = problem.safeParse(response.data)
  const kind = (details.success ? KIND_BY_PROBLEM_TYPE[details.data.type] : undefined) ?? byStatus
  const retryAfter = Number(response.headers['retry-after'])
  if (!details.success) {
    return {
      kind,
      title: t.t(kind === 'server' ? 'native.api.serverFailed' : 'native.api.refused', { status: String(response.status) }),
    }
  }
  return {
    kind,
    title: details.data.title,
    detail: details.data.detail,
    fieldErrors: details.data.errors,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    enrolUrl: details.data.enrolUrl,
  }
}
