// The admin API's refusals that several routes (and the router itself) give, worded the same everywhere.
import type { FieldMessages } from '../../../src-shared/errors'
import { msg, type Message } from '../../../src-shared/i18n/translator'
import { HttpError } from '../errors'

/** 400: the query or body has fields that are wrong; `errors` says what each needs. */
export function invalidFields(fieldErrors: FieldMessages, options: { detail?: Message } = {}): HttpError {
  return new HttpError(400, msg('api.request.invalidFields'), { detail: options.detail, fieldErrors })
}

/** 429 with Retry-After, and the wait in minutes for a person reading it. */
export function tooMany(title: Message, retryAfterSeconds: number): HttpError {
  return new HttpError(429, title, {
    detail: msg('api.request.tryAgainIn', { minutes: Math.ceil(retryAfterSeconds / 60) }),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })
}
