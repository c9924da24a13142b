// The browser pages: sign in, forgot password, reset (and invitation) links, the account page.
// Each route parses its form with a schema, calls one service and maps the result to a page.
import Router from '@koa/router'
import type { Context } from 'koa'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { z } from 'zod'
import { passwordInputSchema, typedUsernameSchema } from '../../../src-shared/accounts'
import type { FieldErrors } from '../../../src-shared/errors'
import { changeOwnPassword, completeRequiredChange, type OwnPasswordChange } from '../../accounts/password-change'
import { inspectLink, requestPasswordReset, resetPasswordWithLink } from '../../accounts/password-reset'
import { endSession, signOut } from '../../accounts/sessions'
import { signIn } from '../../accounts/sign-in'
import type { AppContext } from '../../context'
import { clientOf } from '../client'
import type { CookieJar } from '../cookies'
import { HttpError } from '../errors'
import type { Csrf } from '../middleware/csrf'
import { formErrors } from '../forms'
import type { HttpState } from '../state'
import type { PageEnv } from './components'
import {
  AccountPage,
  ChoosePasswordPage,
  ForgotPasswordPage,
  LinkProblemPage,
  PasswordChangeRequiredPage,
  ResetEmailSentPage,
  SIGN_IN_NOTICES,
  SignInPage,
  type LinkPurpose,
  type SignInNotice,
} from './views'

export interface PageDeps {
  app: AppContext
  cookies: CookieJar
  csrf: Csrf
  assets: PageEnv['assets']
}

type PageContext = Context & { state: HttpState }

const csrfField = { _csrf: z.string().max(200).optional() }
const signInForm = z.strictObject({
  ...csrfField,
  username: typedUsernameSchema,
  password: passwordInputSchema.min(1, { message: 'Enter your password.' }),
})
const forgotPasswordForm = z.strictObject({ ...csrfField, username: typedUsernameSchema })
const newPasswordForm = z.strictObject({
  ...csrfField,
  // Sent by the hidden field that helps password managers; ignored.
  username: z.string().max(256).optional(),
  newPassword: passwordInputSchema,
  newPasswordConfirmation: passwordInputSchema,
})
const changeOwnPasswordForm = newPasswordForm.extend({
  currentPassword: passwordInputSchema.min(1, { message: 'Enter your current password.' }),
})
const emptyForm = z.strictObject(csrfField)

/** How long a browser keeps its device token: a sign-in within this time renews it. */
const DEVICE_COOKIE_DAYS = 180

export function pageRoutes(deps: PageDeps): Router<HttpState> {
  const { app, cookies, csrf } = deps
  const router = new Router<HttpState>()
  const minLength = app.config.passwordMinLength

  const env = (ctx: PageContext): PageEnv => ({
    assets: deps.assets,
    csrfToken: csrf.tokenFor(ctx),
    signedIn: ctx.state.session && { username: ctx.state.session.user.username, displayName: ctx.state.session.user.display_name },
  })

  const render = (ctx: PageContext, status: number, page: ReactElement) => {
    ctx.status = status
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = `<!doctype html>${renderToStaticMarkup(page)}`
  }

  const seeOther = (ctx: PageContext, location: string) => {
    ctx.status = 303
    ctx.redirect(location)
  }

  /** Reads a form: checks its CSRF token, then its fields. Field problems come back for the page to show. */
  function readForm<T>(ctx: PageContext, schema: z.ZodType<T>): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
    if (!ctx.is('application/x-www-form-urlencoded')) {
      throw new HttpError(415, 'This form must be sent as a web form.', { detail: 'Send it as application/x-www-form-urlencoded.' })
    }
    const body: unknown = ctx.request.body
    const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined
    if (!csrf.verify(ctx, token)) {
      throw new HttpError(403, 'This form has expired or did not come from TextUp.', {
        detail: 'Reload the form and try again.',
        next: { href: ctx.path, label: 'Reload the form' },
      })
    }
    const parsed = schema.safeParse(body)
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: formErrors(parsed.error) }
  }

  const signedInUser = (ctx: PageContext) => ctx.state.session?.user

  router.get('/', (ctx) => seeOther(ctx, signedInUser(ctx) ? '/account' : '/login'))

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
              error={`Too many sign-in attempts. Wait ${describeWait(result.retryAfterSeconds)} and try again, or use "Forgot password" to choose a new password.`}
            />,
          )
        case 'deactivated':
          return render(
            ctx,
            403,
            <SignInPage env={env(ctx)} username={username} error="This account has been deactivated. Contact your administrator." />,
          )
        default:
          return render(
            ctx,
            401,
            <SignInPage env={env(ctx)} username={username} error="The username or password is not right. Check them and try again." />,
          )
      }
    }
    // A fresh session id at every sign-in; a session the browser held before is ended, not reused.
    if (ctx.state.session) await endSession(app.db, ctx.state.session.tokenHash)
    cookies.set(ctx, 'session', result.session.token)
    cookies.set(ctx, 'device', result.deviceToken, { maxAgeSeconds: DEVICE_COOKIE_DAYS * 24 * 60 * 60 })
    seeOther(ctx, result.user.must_change_password ? '/account/new-password' : '/account')
  })

  router.post('/logout', async (ctx) => {
    // Like every form, a sign-out with fields it does not know is refused, not acted on.
    const form = readForm(ctx, emptyForm)
    if (!form.ok) throw new HttpError(400, 'The sign-out form could not be read.', { detail: 'Reload the page and try again.' })
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

  // Reset and invitation links -------------------------------------------------------------------

  for (const purpose of ['reset', 'invitation'] as const) {
    const path = purpose === 'invitation' ? '/welcome' : '/reset-password'

    router.get(path, async (ctx) => {
      const fromLink = ctx.query.token
      if (fromLink !== undefined) {
        // Opened from the email: the token moves into a short-lived cookie and out of the address
        // bar (and so out of history, bookmarks and screenshots). Looking does not use it up.
        if (typeof fromLink !== 'string') return render(ctx, 400, <LinkProblemPage env={env(ctx)} problem="invalid" purpose={purpose} />)
        const link = await inspectLink(app, fromLink)
        if (link.state !== 'valid')
          return render(
            ctx,
            link.state === 'invalid' ? 400 : 410,
            <LinkProblemPage env={env(ctx)} problem={link.state} purpose={purpose} />,
          )
        const secondsLeft = Math.ceil((link.expiresAt.getTime() - app.clock().getTime()) / 1000)
        cookies.set(ctx, 'resetLink', fromLink, { maxAgeSeconds: Math.min(secondsLeft, 60 * 60) })
        return seeOther(ctx, link.purpose === 'invitation' ? '/welcome' : '/reset-password')
      }
      const token = cookies.get(ctx, 'resetLink')
      if (!token) return render(ctx, 400, <LinkProblemPage env={env(ctx)} problem="missing" purpose={purpose} />)
      const link = await inspectLink(app, token)
      if (link.state !== 'valid') {
        cookies.clear(ctx, 'resetLink')
        return render(ctx, link.state === 'invalid' ? 400 : 410, <LinkProblemPage env={env(ctx)} problem={link.state} purpose={purpose} />)
      }
      render(
        ctx,
        200,
        <ChoosePasswordPage
          env={env(ctx)}
          user={link.user}
          purpose={link.purpose === 'invitation' ? 'invitation' : 'reset'}
          minLength={minLength}
        />,
      )
    })

    router.post(path, async (ctx) => {
      const token = cookies.get(ctx, 'resetLink')
      const form = readForm(ctx, newPasswordForm)
      if (!token) return render(ctx, 400, <LinkProblemPage env={env(ctx)} problem="missing" purpose={purpose} />)
      if (!form.ok) return renderChoosePassword(ctx, token, purpose, form.errors, 400)
      const result = await resetPasswordWithLink(app, { token, ...form.data, client: clientOf(ctx) })
      if (result.ok) {
        cookies.clear(ctx, 'resetLink')
        // This browser may have been signed in as someone else (a shared computer): sign it out, so
        // the person lands on the sign-in page with the confirmation, not in another account.
        if (ctx.state.session) await endSession(app.db, ctx.state.session.tokenHash)
        cookies.clear(ctx, 'session')
        return seeOther(ctx, `/login?notice=${purpose === 'invitation' ? 'password-set' : 'password-reset'}`)
      }
      if (result.state === 'valid') {
        return render(
          ctx,
          422,
          <ChoosePasswordPage env={env(ctx)} user={result.user} purpose={purpose} minLength={minLength} errors={result.errors} />,
        )
      }
      cookies.clear(ctx, 'resetLink')
      render(
        ctx,
        result.state === 'invalid' ? 400 : 410,
        <LinkProblemPage env={env(ctx)} problem={result.state} purpose={purpose} afterSubmit />,
      )
    })
  }

  async function renderChoosePassword(ctx: PageContext, token: string, purpose: LinkPurpose, errors: FieldErrors, status: number) {
    const link = await inspectLink(app, token)
    if (link.state !== 'valid')
      return render(ctx, link.state === 'invalid' ? 400 : 410, <LinkProblemPage env={env(ctx)} problem={link.state} purpose={purpose} />)
    render(ctx, status, <ChoosePasswordPage env={env(ctx)} user={link.user} purpose={purpose} minLength={minLength} errors={errors} />)
  }

  // The signed-in account --------------------------------------------------------------------------

  router.get('/account', (ctx) => {
    const user = signedInUser(ctx)
    if (!user) return seeOther(ctx, '/login')
    if (user.must_change_password) return seeOther(ctx, '/account/new-password')
    render(ctx, 200, <AccountPage env={env(ctx)} user={user} minLength={minLength} />)
  })

  router.post('/account/password', async (ctx) => {
    const form = readForm(ctx, changeOwnPasswordForm)
    const session = ctx.state.session
    if (!session) return seeOther(ctx, '/login?notice=session-ended')
    const { user } = session
    if (!form.ok) return render(ctx, 400, <AccountPage env={env(ctx)} user={user} minLength={minLength} errors={form.errors} />)
    const result = await changeOwnPassword(app, session, form.data, clientOf(ctx))
    if (result.ok || result.reason === 'session_ended') return signedOutAfter(ctx, result)
    if (result.reason === 'invalid')
      return render(ctx, 422, <AccountPage env={env(ctx)} user={user} minLength={minLength} errors={result.errors} />)
    if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds))
    const message =
      result.reason === 'throttled'
        ? `Too many wrong passwords. Wait ${describeWait(result.retryAfterSeconds)} and try again.`
        : 'That is not your current password.'
    render(
      ctx,
      result.reason === 'throttled' ? 429 : 403,
      <AccountPage env={env(ctx)} user={user} minLength={minLength} errors={{ currentPassword: [message] }} />,
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
      return render(ctx, 422, <PasswordChangeRequiredPage env={env(ctx)} user={user} minLength={minLength} errors={result.errors} />)
    }
    signedOutAfter(ctx, result)
  })

  /** After a password change every session has ended, this one too: on to the sign-in page. */
  function signedOutAfter(ctx: PageContext, result: OwnPasswordChange) {
    cookies.clear(ctx, 'session')
    seeOther(ctx, result.ok ? '/login?notice=password-changed' : '/login?notice=session-ended')
  }

  return router
}

/** A field of the submitted form, if it is a short string: echoed back into the form after an error. */
function stringField(ctx: Context, name: string): string | undefined {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' && value.length <= 256 ? value : undefined
}

function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60)
  return minutes <= 1 ? 'a minute' : `${minutes} minutes`
}
