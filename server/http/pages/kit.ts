// What every browser page route uses: the page's environment (assets, form token, who is signed
// in), rendering, redirects, and reading a form (CSRF token first, then its fields by schema).
import type { Context } from 'koa'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { z } from 'zod'
import { passwordInputSchema } from '../../../src-shared/accounts'
import type { FieldErrors } from '../../../src-shared/errors'
import { msg } from '../../../src-shared/i18n/translator'
import { endSession, type StartedSession } from '../../accounts/sessions'
import type { AppContext } from '../../context'
import type { User } from '../../db/schema'
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

export type FormReading<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

export interface PageKit {
  env: (ctx: PageContext) => PageEnv
  render: (ctx: PageContext, status: number, page: ReactElement) => void
  seeOther: (ctx: PageContext, location: string) => void
  /** Reads a form: checks its CSRF token, then its fields. Field problems come back for the page to show. */
  readForm: <T>(ctx: PageContext, schema: z.ZodType<T>) => FormReading<T>
  /** Answers a page script's request (passkey options) with JSON. */
  json: (ctx: PageContext, status: number, body: unknown) => void
  /**
   * A sign-in made a session: a fresh session id (a session the browser held before is ended, not
   * reused), the device token renewed, the challenge cookie gone, and on to the account.
   */
  signedIn: (ctx: PageContext, result: { session: StartedSession; deviceToken: string; user: User }, notice?: string) => Promise<void>
}

/** How long a browser keeps its device token: a sign-in within this time renews it. */
const DEVICE_COOKIE_DAYS = 180

export function pageKit(deps: PageDeps): PageKit {
  const { csrf } = deps
  return {
    env: (ctx) => ({
      assets: deps.assets,
      csrfToken: csrf.tokenFor(ctx),
      signedIn: ctx.state.session && { username: ctx.state.session.user.username, displayName: ctx.state.session.user.display_name },
      locale: ctx.state.locale,
      t: ctx.state.t,
      path: ctx.path,
    }),
    render: (ctx, status, page) => {
      ctx.status = status
      ctx.type = 'text/html; charset=utf-8'
      ctx.body = `<!doctype html>${renderToStaticMarkup(page)}`
    },
    seeOther: (ctx, location) => {
      ctx.status = 303
      ctx.redirect(location)
    },
    readForm: <T>(ctx: PageContext, schema: z.ZodType<T>): FormReading<T> => {
      if (!ctx.is('application/x-www-form-urlencoded')) {
        throw new HttpError(415, msg('api.page.sendAsWebForm'), { detail: msg('api.page.sendAsWebFormDetail') })
      }
      const body: unknown = ctx.request.body
      const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined
      if (!csrf.verify(ctx, token)) {
        throw new HttpError(403, msg('api.page.formExpired'), {
          detail: msg('api.page.formExpiredDetail'),
          next: { href: ctx.path, label: msg('api.page.reloadForm') },
        })
      }
      const parsed = schema.safeParse(body)
      return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: formErrors(parsed.error, ctx.state.t) }
    },
    json: (ctx, status, body) => {
      ctx.status = status
      ctx.type = 'application/json'
      ctx.body = body
    },
    signedIn: async (ctx, result, notice) => {
      if (ctx.state.session) await endSession(deps.app.db, ctx.state.session.tokenHash)
      deps.cookies.set(ctx, 'session', result.session.token)
      deps.cookies.set(ctx, 'device', result.deviceToken, { maxAgeSeconds: DEVICE_COOKIE_DAYS * 24 * 60 * 60 })
      deps.cookies.clear(ctx, 'challenge')
      ctx.status = 303
      ctx.redirect(result.user.must_change_password ? '/account/new-password' : `/account${notice ? `?notice=${notice}` : ''}`)
    },
  }
}

/** A field of the submitted form, if it is a short string: echoed back into the form after an error. */
export function stringField(ctx: Context, name: string): string | undefined {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' && value.length <= 256 ? value : undefined
}

/** Whole minutes to wait, at least one: the `minutes` of the "Wait … and try again" messages. */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60))
}
