// The console's ways in and out: sign in (the password, then the second factor's code), the server
// pages the sign-in screen opens in the system browser, signing out, and the first admin of the
// embedded server, who is signed in straight away.
import type { ConsoleResults, FirstAdminRequest, Outcome, FirstAdminCreated } from '../src-shared/ipc'
import { AdminApiClient } from './api-client'
import type { ConsoleSession } from './console-session'
import type { ConsoleDeps } from './console-deps'
import type { ConsoleHandlers } from './ipc'
import { allowedServer, serverPageUrl, signInScreenPage } from './server-pages'

type SignInHandlers = Pick<
  ConsoleHandlers,
  'signIn' | 'submitSecondFactor' | 'openEnrolmentPage' | 'openServerPage' | 'signOut' | 'createFirstAdmin'
>

export function signInHandlers(deps: ConsoleDeps, session: ConsoleSession): SignInHandlers {
  const t = () => deps.language.t()
  const locale = () => deps.language.locale
  /** A sign-in whose password was right, waiting for the second factor's code. */
  let waiting:
    { client: AdminApiClient; serverUrl: string; challenge: string; keepSignedIn: boolean; recoveryCodesLeft: number } | undefined
  /** The account page to set up a second factor on, after the server refused an admin without one. */
  let enrolUrl: string | undefined
  /** The first admin being created and signed in: a double click gets the first one's answer. */
  let creating: Promise<Outcome<FirstAdminCreated>> | undefined

  const handlers: SignInHandlers = {
    async signIn(request): Promise<ConsoleResults['signIn']> {
      waiting = undefined
      enrolUrl = undefined
      const server = allowedServer(request.serverUrl, deps.policy, t())
      if (!server.ok) return server
      const origin = server.value
      const client = new AdminApiClient(origin, { locale })
      const answer = await client.signIn(request.username, request.password, {
        deviceToken: await session.deviceTokens.load(origin, request.username),
      })
      if (!answer.ok) {
        // The pages named are built here from the server signed in to, never taken from its answer:
        // the console opens nothing but that server's own pages.
        if (answer.error.kind === 'not_an_admin')
          return { ok: false, error: { ...answer.error, webSignInUrl: serverPageUrl(origin, 'sign-in') } }
        if (answer.error.kind !== 'second_factor_setup_required') return answer
        enrolUrl = serverPageUrl(origin, 'second-factor-setup')
        return { ok: false, error: { ...answer.error, enrolUrl } }
      }
      if (answer.value.step === 'signed_in') {
        const admin = await session.start(client, origin, answer.value.session, request.keepSignedIn)
        return admin.ok ? { ok: true, value: { step: 'signed_in', admin: admin.value } } : admin
      }
      // The challenge stays here, like the token it becomes: the renderer only asks for the code.
      const { challenge } = answer.value
      waiting = {
        client,
        serverUrl: origin,
        challenge: challenge.challenge,
        keepSignedIn: request.keepSignedIn,
        recoveryCodesLeft: challenge.recoveryCodesLeft,
      }
      return {
        ok: true,
        value: {
          step: 'second_factor',
          prompt: { username: request.username, methods: challenge.methods, recoveryCodesLeft: challenge.recoveryCodesLeft },
        },
      }
    },

    async submitSecondFactor({ code }): Promise<ConsoleResults['submitSecondFactor']> {
      const signingIn = waiting
      if (!signingIn) {
        return {
          ok: false,
          error: { kind: 'sign_in_expired', title: t().t('native.session.expired'), detail: t().t('native.session.expiredDetail') },
        }
      }
      const result = await signingIn.client.completeSignIn(signingIn.challenge, code)
      if (!result.ok) {
        // A wrong code or a throttle may be tried again on the same challenge; anything else starts over.
        if (result.error.kind !== 'invalid' && result.error.kind !== 'throttled' && waiting === signingIn) waiting = undefined
        return result
      }
      if (waiting === signingIn) waiting = undefined
      const admin = await session.start(signingIn.client, signingIn.serverUrl, result.value, signingIn.keepSignedIn)
      if (!admin.ok) return admin
      const left = result.value.recoveryCodesLeft
      return {
        ok: true,
        value: { admin: admin.value, recoveryCodesLeft: left !== undefined && left < signingIn.recoveryCodesLeft ? left : null },
      }
    },

    async openEnrolmentPage() {
      if (!enrolUrl)
        return {
          ok: false,
          error: { kind: 'not_found', title: t().t('native.enrolment.none'), detail: t().t('native.enrolment.noneDetail') },
        }
      await deps.ui.openInBrowser(enrolUrl)
      return { ok: true, value: null }
    },

    async openServerPage({ page, serverUrl }) {
      const url = signInScreenPage(page, serverUrl, deps.policy, t())
      if (!url.ok) return url
      await deps.ui.openInBrowser(url.value)
      return { ok: true, value: null }
    },

    async signOut() {
      await session.end()
      return { ok: true, value: null }
    },

    createFirstAdmin(request) {
      creating ??= createAndSignIn(request).finally(() => {
        creating = undefined
      })
      return creating
    },
  }

  /**
   * Creates the first admin, then signs in with the password just chosen, through the same path as
   * the sign-in form (throttles, the second-factor rule, the keychain). The password goes no further
   * than this call. When that sign-in cannot finish here, the admin signs in on the sign-in screen.
   */
  async function createAndSignIn(request: FirstAdminRequest): Promise<Outcome<FirstAdminCreated>> {
    const embedded = deps.embedded
    if (!embedded) return { ok: false, error: { kind: 'forbidden', title: t().t('native.firstAdmin.notEmbedded') } }
    const created = await embedded.createFirstAdmin(request, t())
    if (!created.ok) return created
    const signedIn = await handlers.signIn({
      serverUrl: embedded.url,
      username: request.username,
      password: request.newPassword,
      keepSignedIn: false,
    })
    if (signedIn.ok && signedIn.value.step === 'signed_in') return { ok: true, value: { step: 'signed_in', admin: signedIn.value.admin } }
    // A code to give (which a new account cannot have yet) is asked for on the sign-in screen, from the start.
    waiting = undefined
    if (signedIn.ok) return { ok: true, value: { step: 'sign_in', enrolUrl: null, problem: null } }
    if (signedIn.error.kind === 'second_factor_setup_required') {
      return { ok: true, value: { step: 'sign_in', enrolUrl: signedIn.error.enrolUrl ?? null, problem: null } }
    }
    return { ok: true, value: { step: 'sign_in', enrolUrl: null, problem: signedIn.error.title } }
  }

  return handlers
}
