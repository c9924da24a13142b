// The browser pages: sign in, sign out, forgot password, the account page (the emailed links' pages
// are in link-routes.tsx). Each route parses its form with a schema, calls one service and maps the result to a page.
// The second step of a sign-in and the second factors themselves are in second-factor-routes.tsx.
import { rich } from '../../../src-shared/i18n/react'
import Router from '@koa/router'
import { z } from 'zod'
import { passwordInputSchema, typedUsernameSchema } from '../../../src-shared/accounts'
import { changeOwnPassword, completeRequiredChange, type OwnPasswordChange } from '../../accounts/password-change'
import { requestPasswordReset } from '../../accounts/password-reset'
import { signOut } from '../../accounts/sessions'
import { signIn } from '../../accounts/sign-in'
import { CHALLENGE_MINUTES } from '../../accounts/sign-in-challenges'
import { clientOf } from '../client'
import { translateFields } from '../../../src-shared/errors'
import { msg } from '../../../src-shared/i18n/translator'
import { HttpError } from '../errors'
import type { HttpState } from '../state'
import { languagePreferenceRoutes, languageSection } from './language-preference'
import { languageRoutes } from './language-routes'
import { linkRoutes } from './link-routes'
import { csrfField, waitMinutes, newPasswordForm, pageKit, stringField, type PageContext, type PageDeps } from './kit'
import { secondFactorRoutes, twoFactorSummary } from './second-factor-routes'
import {
  AccountPage,
  ForgotPasswordPage,
  PasswordChangeRequiredPage,
  ResetEmailSentPage,
  SIGN_IN_NOTICES,
  SignInPage,
  type SignInNotice,
} from './views'

const signInForm = z.strictObject({
  ...csrfField,
  username: typedUsernameSchema,
  password: passwordInputSchema.min(1, { message: 'pages.fields.enterPassword' }),
})
const forgotPasswordForm = z.strictObject({ ...csrfField, username: typedUsernameSchema })
const changeOwnPasswordForm = newPasswordForm.extend({
  currentPassword: passwordInputSchema.min(1, { message: 'pages.fields.enterCurrentPassword' }),
})
const emptyForm = z.strictObject(csrfField)

export function pageRoutes(deps: PageDeps): Router<HttpState> {
  const { app, cookies } = deps
  const router = new Router<HttpState>()
  const minLength = app.config.passwordMinLength

  const { env, render, seeOther, readForm, signedIn } = pageKit(deps)

  const signedInUser = (ctx: PageContext) => ctx.state.session?.user

  router.get('/', (ctx) => seeOther(ctx, signedInUser(ctx) ? '/account' : '/login'))

  languageRoutes(router, deps)

  // Sign in --------------------------------------------------------------------------------------

  router.get('/login', (ctx) => {
    if (signedInUser(ctx)) return seeOther(ctx, '/account')
    // Own keys only: `in` would also accept "constructor" or "toString" and show an empty notice.
    const notice =
      typeof ctx.query.notice === 'string' && Object.hasOwn(SIGN_IN_NOTICES, ctx.query.notice)
        ? (ctx.query.notice as SignInNotice)
        : undefined
    render(ctx, 200, <SignInPage env={env(ctx)} notice={notice} />)
  })

  router.post('/login', async (ctx) => {
    const form = readForm(ctx, signInForm)
    if (!form.ok) return render(ctx, 400, <SignInPage env={env(ctx)} errors={form.errors} username={stringField(ctx, 'username')} />)
    const { username, password } = form.data
    const result = await signIn(app, {
      username,
      password,
      kind: 'browser',
      client: clientOf(ctx),
      deviceToken: cookies.get(ctx, 'device'),
    })
    if (!result.ok) {
      switch (result.reason) {
        case 'throttled':
          ctx.set('Retry-After', String(result.retryAfterSeconds))
          return render(
            ctx,
            429,
            <SignInPage
              env={env(ctx)}
              username={username}
              error={ctx.state.t.t('pages.signIn.throttled', { minutes: waitMinutes(result.retryAfterSeconds) })}
            />,
          )
        case 'deactivated':
          return render(ctx, 403, <SignInPage env={env(ctx)} username={username} error={ctx.state.t.t('pages.signIn.deactivated')} />)
        case 'second_factor_required':
          // No session yet: the challenge waits in an HttpOnly cookie for the second step.
          cookies.set(ctx, 'challenge', result.challenge.token, { maxAgeSeconds: CHALLENGE_MINUTES * 60 })
          return seeOther(ctx, '/login/second-factor')
        default:
          // The next step for someone who cannot remember: the same "Forgot password" as under the form.
          return render(
            ctx,
            401,
            <SignInPage
              env={env(ctx)}
              username={username}
              error={rich(ctx.state.t, 'pages.signIn.wrongCredentials', { link: (chunks) => <a href="/forgot-password">{chunks}</a> })}
            />,
          )
      }
    }
    await signedIn(ctx, result)
  })

  router.post('/logout', async (ctx) => {
    // Like every form, a sign-out with fields it does not know is refused, not acted on.
    const form = readForm(ctx, emptyForm)
    if (!form.ok) throw new HttpError(400, msg('api.page.signOutUnreadable'), { detail: msg('api.page.signOutUnreadableDetail') })
    const session = ctx.state.session
    if (session) {
      await signOut(app, session, clientOf(ctx))
    }
    cookies.clear(ctx, 'session')
    seeOther(ctx, '/login?notice=signed-out')
  })

  // Forgot password ------------------------------------------------------------------------------

  router.get('/forgot-password', (ctx) => render(ctx, 200, <ForgotPasswordPage env={env(ctx)} />))

  router.post('/forgot-password', async (ctx) => {
    const form = readForm(ctx, forgotPasswordForm)
    if (!form.ok)
      return render(ctx, 400, <ForgotPasswordPage env={env(ctx)} errors={form.errors} username={stringField(ctx, 'username')} />)
    // The same answer whatever the username: the lookup happens later, off this request.
    await requestPasswordReset(app, { username: form.data.username, client: clientOf(ctx) })
    seeOther(ctx, '/forgot-password/sent')
  })

  router.get('/forgot-password/sent', (ctx) =>
    render(ctx, 200, <ResetEmailSentPage env={env(ctx)} ttlMinutes={app.config.resetLinkTtlMinutes} />),
  )

  linkRoutes(router, deps)

  // The signed-in account --------------------------------------------------------------------------

  router.get('/account', async (ctx) => {
    const user = signedInUser(ctx)
    if (!user) return seeOther(ctx, '/login')
    if (user.must_change_password) return seeOther(ctx, '/account/new-password')
    const twoFactor = await twoFactorSummary(app, user)
    // Signed in with a recovery code: the person may have lost their phone, and has one code fewer.
    const warning =
      ctx.query.notice === 'recovery-code-used'
        ? ctx.state.t.t('pages.account.recoveryCodeUsed', { count: twoFactor.recoveryCodesLeft })
        : undefined
    const language = languageSection(ctx, env(ctx), user)
    render(
      ctx,
      200,
      <AccountPage env={env(ctx)} user={user} minLength={minLength} twoFactor={twoFactor} warning={warning} language={language} />,
    )
  })

  router.post('/account/password', async (ctx) => {
    const form = readForm(ctx, changeOwnPasswordForm)
    const session = ctx.state.session
    if (!session) return seeOther(ctx, '/login?notice=session-ended')
    const { user } = session
    const twoFactor = await twoFactorSummary(app, user)
    if (!form.ok)
      return render(ctx, 400, <AccountPage env={env(ctx)} user={user} minLength={minLength} twoFactor={twoFactor} errors={form.errors} />)
    const result = await changeOwnPassword(app, session, form.data, clientOf(ctx))
    if (result.ok || result.reason === 'session_ended') return signedOutAfter(ctx, result)
    if (result.reason === 'invalid')
      return render(
        ctx,
        422,
        <AccountPage
          env={env(ctx)}
          user={user}
          minLength={minLength}
          twoFactor={twoFactor}
          errors={translateFields(ctx.state.t, result.errors)}
        />,
      )
    if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds))
    const message =
      result.reason === 'throttled'
        ? ctx.state.t.t('pages.account.throttled', { minutes: waitMinutes(result.retryAfterSeconds) })
        : ctx.state.t.t('pages.account.wrongPassword')
    render(
      ctx,
      result.reason === 'throttled' ? 429 : 403,
      <AccountPage env={env(ctx)} user={user} minLength={minLength} twoFactor={twoFactor} errors={{ currentPassword: [message] }} />,
    )
  })

  router.get('/account/new-password', (ctx) => {
    const user = signedInUser(ctx)
    if (!user) return seeOther(ctx, '/login')
    if (!user.must_change_password) return seeOther(ctx, '/account')
    render(ctx, 200, <PasswordChangeRequiredPage env={env(ctx)} user={user} minLength={minLength} />)
  })

  router.post('/account/new-password', async (ctx) => {
    const form = readForm(ctx, newPasswordForm)
    const session = ctx.state.session
    if (!session) return seeOther(ctx, '/login?notice=session-ended')
    const { user } = session
    // This form asks for no current password, so it is only for a change an administrator required;
    // anyone else changes their password on /account, proving who they are first.
    if (!user.must_change_password) return seeOther(ctx, '/account')
    if (!form.ok)
      return render(ctx, 400, <PasswordChangeRequiredPage env={env(ctx)} user={user} minLength={minLength} errors={form.errors} />)
    const result = await completeRequiredChange(app, session, form.data, clientOf(ctx))
    if (!result.ok && result.reason === 'invalid') {
      return render(
        ctx,
        422,
        <PasswordChangeRequiredPage
          env={env(ctx)}
          user={user}
          minLength={minLength}
          errors={translateFields(ctx.state.t, result.errors)}
        />,
      )
    }
    signedOutAfter(ctx, result)
  })

  /** After a password change every session has ended, this one too: on to the sign-in page. */
  function signedOutAfter(ctx: PageContext, result: OwnPasswordChange) {
    cookies.clear(ctx, 'session')
    seeOther(ctx, result.ok ? '/login?notice=password-changed' : '/login?notice=session-ended')
  }

  secondFactorRoutes(deps, router)
  languagePreferenceRoutes(deps, router)
  return router
}
