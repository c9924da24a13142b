// RFC 9457 problem details: how /api says what went wrong, with per-field errors where they apply.
import type { Context } from 'koa'
import type { HttpError } from './errors'

export function sendProblem(ctx: Context, error: HttpError): void {
  ctx.status = error.status
  ctx.type = 'application/problem+json'
  ctx.body = {
    ...error.extensions,
    type: error.type,
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
  }
}
