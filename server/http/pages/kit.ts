// What every page route needs: the page's environment, rendering, redirects, and reading a form
// (its CSRF token first, then its fields), shared by the route modules of this folder.
import type { Context } from 'koa'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { z } from 'zod'
import { passwordInputSchema } from '../../../src-shared/accounts'
import type { FieldErrors } from '../../../src-shared/errors'
import type { AppContext } from '../../context'
import type { CookieJar } from '../cookies'
import { HttpError } from '../errors'
import { formErrors } from '../forms'
import type { Csrf } from '../middleware/csrf'
import type { HttpState } from '../state'
import type { PageEnv } from './components'

export interface PageDeps {
  app: AppContext
  cookies: CookieJar
  csrf: Csrf
  assets: PageEnv['assets']
}

export type PageContext = Context & { state: HttpState }

export const csrfField = { _csrf: z.string().max(200).optional() }
export const newPasswordForm = z.strictObject({
  ...csrfField,
  // Sent by the hidden field that helps password managers; ignored.
  username: z.string().max(256).optional(),
  newPassword: passwordInputSchema,
  newPasswordConfirmation: passwordInputSchema,
})

export function pageKit(deps: PageDeps) {
  const { csrf } = deps
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

  return { env, render, seeOther, readForm }
}
