// RFC 9457 problem details: how /api says what went wrong, with per-field errors where they apply,
// in the request's language (ctx.state.t, from Accept-Language). Type URIs and other members that
// a program acts on are never translated.
import type { Context } from 'koa'
import { translateFields } from '../../src-shared/errors'
import { translator } from '../../src-shared/i18n/translator'
import type { HttpError } from './errors'
import type { HttpState } from './state'

export function sendProblem(ctx: Context, error: HttpError): void {
  // Set for every request by chooseLocale; English should an error come before it ran.
  const t = (ctx.state as Partial<HttpState>).t ?? translator()
  ctx.status = error.status
  ctx.type = 'application/problem+json'
  ctx.body = {
    ...error.extensions,
    type: error.type,
    title: t.text(error.title),
    status: error.status,
    ...(error.detail ? { detail: t.text(error.detail) } : {}),
    ...(error.fieldErrors ? { errors: translateFields(t, error.fieldErrors) } : {}),
  }
}
