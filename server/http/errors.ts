// Errors the HTTP layer turns into a friendly page (browser routes) or a problem document (/api).
import type { FieldMessages } from '../../src-shared/errors'
import { msg, type Message } from '../../src-shared/i18n/translator'
import { isDatabaseUnavailable } from '../db/availability'

// Every word here is a Message (an id in a catalogue, and its values), never text: it is
// translated when the answer is written, into the language of the request (ctx.state.t), so no
// English can reach a reader of another language by mistake.

export interface HttpErrorOptions {
  /** What to do about it, in a sentence or two; shown under the title. */
  detail?: Message | undefined
  /** Per-field messages (API problem documents list them under `errors`). */
  fieldErrors?: FieldMessages | undefined
  /** Where a person can go next, shown as a button on the error page. */
  next?: { href: string; label: Message } | undefined
  /** Response headers that belong with this error, such as Retry-After. */
  headers?: Record<string, string> | undefined
  /** The problem's type (RFC 9457), where a client acts on which problem it is; else about:blank. */
  type?: string | undefined
  /** More members of the problem document, such as where to go to fix it. */
  extensions?: Record<string, string> | undefined
}

export class HttpError extends Error {
  readonly detail: Message | undefined
  readonly fieldErrors: FieldMessages | undefined
  readonly next: { href: string; label: Message } | undefined
  readonly headers: Record<string, string>
  readonly type: string
  readonly extensions: Record<string, string>

  constructor(
    readonly status: number,
    /** A short sentence a person can act on, translated when it is shown. */
    readonly title: Message,
    options: HttpErrorOptions = {},
  ) {
    // The id, for logs and stack traces (which stay in English terms).
    super(title.id)
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
export const DATABASE_UNAVAILABLE = new HttpError(503, msg('api.error.databaseUnavailable'), {
  detail: msg('api.error.databaseUnavailableDetail'),
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
    return new HttpError(400, msg('api.error.bodyUnreadable'), { detail: msg('api.error.bodyNotCompressedAsSaid') })
  }
  // The router answers a method it does not know at all (PROPFIND, …) with 501: that, too, is about
  // the request, so it is said like any other method a route does not allow.
  if (status === 501) return new HttpError(405, msg('api.error.methodNotAllowed'))
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined
  const type = (error as { type?: unknown }).type
  switch (true) {
    case status === 413:
      return new HttpError(413, msg('api.error.tooLarge'), { detail: msg('api.error.tooLargeDetail') })
    case status === 415:
      return new HttpError(415, msg('api.error.unsupportedContent'))
    case type === 'entity.parse.failed' || error instanceof SyntaxError:
      return new HttpError(400, msg('api.error.bodyUnreadable'), { detail: msg('api.error.bodyMalformed') })
    case type === 'encoding.unsupported' || type === 'charset.unsupported':
      return new HttpError(415, msg('api.error.unsupportedEncoding'), { detail: msg('api.error.sendUtf8') })
    case status === 404:
      return new HttpError(404, msg('api.error.notFound'))
    case status === 405:
      return new HttpError(405, msg('api.error.methodNotAllowed'))
    default:
      // The library's own wording of the problem (English, and not ours to translate) is left out.
      return new HttpError(status, msg('api.error.notHandled'))
  }
}
