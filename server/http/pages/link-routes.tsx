// The pages behind the emailed links: a reset link (/reset-password) and an invitation (/welcome).
// The token moves from the address into a short-lived cookie; looking at the page does not use it.
import type Router from '@koa/router'
import { translateFields, type FieldErrors } from '../../../src-shared/errors'
import { inspectLink, resetPasswordWithLink } from '../../accounts/password-reset'
import { endSession } from '../../accounts/sessions'
import { clientOf } from '../client'
import type { HttpState } from '../state'
import { newPasswordForm, pageKit, type PageContext, type PageDeps } from './kit'
import { linkLifetimeMinutes } from '../../config'
import { ChoosePasswordPage, LinkProblemPage, type LinkProblem, type LinkPurpose } from './views'

export function linkRoutes(router: Router<HttpState>, deps: PageDeps): void {
  const { app, cookies } = deps
  const { env, render, seeOther, readForm } = pageKit(deps)
  const minLength = app.config.passwordMinLength
  const problemPage = (ctx: PageContext, problem: LinkProblem, purpose: LinkPurpose, afterSubmit = false) => (
    <LinkProblemPage
      env={env(ctx)}
      problem={problem}
      purpose={purpose}
      lifetimeMinutes={linkLifetimeMinutes(app.config, purpose)}
      afterSubmit={afterSubmit}
    />
  )

  // Reset and invitation links -------------------------------------------------------------------

  for (const purpose of ['reset', 'invitation'] as const) {
    const path = purpose === 'invitation' ? '/welcome' : '/reset-password'

    router.get(path, async (ctx) => {
      const fromLink = ctx.query.token
      if (fromLink !== undefined) {
        // Opened from the email: the token moves into a short-lived cookie and out of the address
        // bar (and so out of history, bookmarks and screenshots). Looking does not use it up.
        if (typeof fromLink !== 'string') return render(ctx, 400, problemPage(ctx, 'invalid', purpose))
        const link = await inspectLink(app, fromLink)
        if (link.state !== 'valid') return render(ctx, link.state === 'invalid' ? 400 : 410, problemPage(ctx, link.state, purpose))
        const secondsLeft = Math.ceil((link.expiresAt.getTime() - app.clock().getTime()) / 1000)
        cookies.set(ctx, 'resetLink', fromLink, { maxAgeSeconds: Math.min(secondsLeft, 60 * 60) })
        return seeOther(ctx, link.purpose === 'invitation' ? '/welcome' : '/reset-password')
      }
      const token = cookies.get(ctx, 'resetLink')
      if (!token) return render(ctx, 400, problemPage(ctx, 'missing', purpose))
      const link = await inspectLink(app, token)
      if (link.state !== 'valid') {
        cookies.clear(ctx, 'resetLink')
        return render(ctx, link.state === 'invalid' ? 400 : 410, problemPage(ctx, link.state, purpose))
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
      if (!token) return render(ctx, 400, problemPage(ctx, 'missing', purpose))
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
          <ChoosePasswordPage
            env={env(ctx)}
            user={result.user}
            purpose={purpose}
            minLength={minLength}
            errors={translateFields(ctx.state.t, result.errors)}
          />,
        )
      }
      cookies.clear(ctx, 'resetLink')
      render(ctx, result.state === 'invalid' ? 400 : 410, problemPage(ctx, result.state, purpose, true))
    })
  }

  async function renderChoosePassword(ctx: PageContext, token: string, purpose: LinkPurpose, errors: FieldErrors, status: number) {
    const link = await inspectLink(app, token)
    if (link.state !== 'valid') return render(ctx, link.state === 'invalid' ? 400 : 410, problemPage(ctx, link.state, purpose))
    render(ctx, status, <ChoosePasswordPage env={env(ctx)} user={link.user} purpose={purpose} minLength={minLength} errors={errors} />)
  }
}
