// Errors the HTTP layer turns into a friendly page (browser routes) or a problem document (/api).
import type { FieldErrors } from '../../src-shared/errors'
import { isDatabaseUnavailable } from '../db/availability'

export interface HttpErrorOptions {
  /** What to do about it, in a sentence or two; shown under the title. */
  detail?: string | undefined
  /** Per-field messages (API problem documents list them under `errors`). */
  fieldErrors?: FieldErrors | undefined
  /** Where a person can go next, shown as a button on the error page. */
  next?: { href: string; label: string } | undefined
  /** Response headers that belong with this error, such as Retry-After. */
  headers?: Record<string, string> | undefined
  /** The problem's type (RFC 9457), where a client acts on which problem it is; else about:blank. */
  type?: string | undefined
  /** More members of the problem document, such as where to go to fix it. */
  extensions?: Record<string, string> | undefined
}

export class HttpError extends Error {
  readonly detail: string | undefined
  readonly fieldErrors: FieldErrors | undefined
  readonly next: { href: string; label: string } | undefined
  readonly headers: Record<string, string>
  readonly type: string
  readonly extensions: Record<string, string>

  constructor(
    readonly status: number,
    /** A short sentence a person can act on; shown as is. */
    readonly title: string,
    options: HttpErrorOptions = {},
  ) {
    super(title)
    this.name = 'HttpError'
    this.detail = options.detail
    this.fieldErrors = options.fieldErrors
    this.next = options.next
    this.headers = options.headers ?? {}
    this.type = options.type ?? 'about:blank'
    this.extensions = options.extensions ?? {}
  }
}

/** The database is down or unreachable: nothing is wrong with the request, and it may work again soon. */
export const DATABASE_UNAVAILABLE = new HttpError(503, 'TextUp cannot reach its database right now.', {
  detail: 'Nothing was changed. Try again in a minute.',
  headers: { 'Retry-After': '10' },
})

/** Turns errors thrown by Koa and its body parser (which carry a status) into what we say about them. */
export function describeError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode
  // A body whose Content-Encoding (gzip, deflate, br) does not match its bytes fails inside zlib,
  // with a zlib code and no status: the client's mistake, not a failure on our side.
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_'))) {
    return new HttpError(400, 'The request body could not be read.', { detail: 'It is not compressed the way its Content-Encoding says.' })
  }
  // The router answers a method it does not know at all (PROPFIND, …) with 501: that, too, is about
  // the request, so it is said like any other method a route does not allow.
  if (status === 501) return new HttpError(405, 'This method is not allowed here.')
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined
  const type = (error as { type?: unknown }).type
  switch (true) {
    case status === 413:
      return new HttpError(413, 'The request is too large.', {
        detail: 'Send less data: forms and JSON bodies are limited to a few kilobytes.',
      })
    case status === 415:
      return new HttpError(415, 'This kind of content is not accepted here.')
    case type === 'entity.parse.failed' || error instanceof SyntaxError:
      return new HttpError(400, 'The request body could not be read.', { detail: 'It is not well-formed JSON or form data.' })
    case type === 'encoding.unsupported' || type === 'charset.unsupported':
      return new HttpError(415, 'The request body uses an encoding that is not accepted.', { detail: 'Send UTF-8.' })
    case status === 404:
      return new HttpError(404, 'Not found.')
    case status === 405:
      return new HttpError(405, 'This method is not allowed here.')
    default:
      return new HttpError(status, 'The request could not be handled.', {
        detail: (error as { expose?: boolean }).expose ? (error as Error).message : undefined,
      })
  }
}
