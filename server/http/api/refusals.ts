// The admin API's refusals that several routes (and the router itself) give, worded the same everywhere.
import type { FieldErrors } from '../../../src-shared/errors'
import { HttpError } from '../errors'

/** 400: the query or body has fields that are wrong; `errors` says what each needs. */
export function invalidFields(fieldErrors: FieldErrors, options: { detail?: string } = {}): HttpError {
  return new HttpError(400, 'The request has invalid fields.', { detail: options.detail, fieldErrors })
}

/** 429 with Retry-After, and the wait in minutes for a person reading it. */
export function tooMany(title: string, retryAfterSeconds: number): HttpError {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return new HttpError(429, title, {
    detail: `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })
}
